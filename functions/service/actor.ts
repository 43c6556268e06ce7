import { ForbiddenError } from "./errors";

export type Role = "countyAdmin" | "agencyEditor";

/** Who is calling, as established from a verified token. */
export interface Actor {
  subject: string;
  role: Role;
  /** Set for agency editors: the only agency whose reports they may touch. */
  agencyId?: string;
}

export const SYSTEM_ACTOR: Actor = { subject: "system", role: "countyAdmin" };

export function requireCountyAdmin(actor: Actor): void {
  if (actor.role !== "countyAdmin") throw new ForbiddenError("仅县政务公开办（countyAdmin）可执行此操作");
}

export function requireAgencyAccess(actor: Actor, agencyId: string): void {
  if (actor.role === "countyAdmin") return;
  if (actor.agencyId !== agencyId) throw new ForbiddenError("只能访问本机关的年度报告");
}
