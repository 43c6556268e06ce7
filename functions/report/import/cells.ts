/**
 * Reading one printed cell, and collecting what was read. A cell is either exact (a value plus the text and
 * place it came from) or goes to review with the reason; nothing is guessed and nothing is corrected.
 */
import type { ReviewEntry } from "./types";

/** Markers a published report puts where a number belongs (S-03): they mean “not given”, never 0. */
const MISSING_MARKERS = new Set(["", "/", "／", "—", "——", "-", "--", "－", "无", "不适用", "N/A", "n/a"]);

export type CellKind = "count" | "signedCount" | "wanYuan" | "amountWithUnit";

export type CellReading =
  | { ok: true; value: number | string; unit?: string; note?: string }
  | { ok: false; reason: string };

function describeMarker(raw: string): string {
  return raw === "" ? "原文此格为空白" : `原文此格填写为“${raw}”，不是数字`;
}

export function readCell(rawText: string, kind: CellKind): CellReading {
  // Digits separated by a space inside one cell could be one number or two: not ours to decide.
  if (/\d[\s\u00a0\u3000]+\d/.test(rawText.trim())) {
    return { ok: false, reason: `原文此格为“${rawText.trim()}”，数字之间有空格，不能确定是一个数` };
  }
  const raw = rawText.normalize("NFKC").replace(/[\s\u00a0\u3000]+/g, "");
  if (MISSING_MARKERS.has(raw)) return { ok: false, reason: describeMarker(raw) };
  if (kind === "count") {
    const withUnit = /^(\d+)(笔|件|个|项|条)?$/.exec(raw);
    if (withUnit) {
      return withUnit[2]
        ? { ok: true, value: Number(withUnit[1]), unit: withUnit[2], note: `原文带单位“${withUnit[2]}”` }
        : { ok: true, value: Number(withUnit[1]) };
    }
  } else if (kind === "signedCount") {
    const signed = /^([+-]?)(\d+)$/.exec(raw);
    if (signed) return { ok: true, value: Number(`${signed[1]}${signed[2]}`) };
  } else if (kind === "wanYuan") {
    const amount = /^(\d+(?:\.\d{1,6})?)(万元)?$/.exec(raw);
    if (amount) return { ok: true, value: canonicalDecimal(amount[1]!), ...(amount[2] ? { note: "原文带单位“万元”" } : {}) };
  } else {
    const amount = /^(\d+(?:\.\d+)?)(万元|元)?$/.exec(raw);
    if (amount) return { ok: true, value: canonicalDecimal(amount[1]!), unit: amount[2] ?? "" };
  }
  return { ok: false, reason: `原文此格为“${rawText.trim()}”，无法识别为${kind === "wanYuan" || kind === "amountWithUnit" ? "金额" : "整数"}` };
}

/** "007" is printed, 7 is meant; a decimal keeps its digits (they carry the precision). */
function canonicalDecimal(text: string): string {
  const [whole, fraction] = text.split(".");
  const trimmedWhole = String(Number(whole));
  return fraction === undefined ? trimmedWhole : `${trimmedWhole}.${fraction}`;
}

/** Accumulates the section bodies, the review list and the provenance of one import. */
export class ImportSink {
  readonly sections: Record<string, unknown> = {};
  readonly review: ReviewEntry[] = [];
  readonly provenance: Record<string, string> = {};

  exact(path: string, value: unknown, provenance: string): void {
    this.set(path, value);
    this.provenance[path] = provenance;
  }

  /** A cell or field that is not read exactly: null in the body, an entry in the review list. */
  unread(path: string, reason: string, candidates?: (number | string)[]): void {
    this.set(path, null);
    this.review.push(candidates && candidates.length > 0 ? { path, reason, candidates } : { path, reason });
  }

  /** A note on a whole section or table (no value of its own). */
  note(path: string, reason: string): void {
    this.review.push({ path, reason });
  }

  set(path: string, value: unknown): void {
    const keys = path.split(".");
    let node = this.sections;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== "object" || next === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }

  has(path: string): boolean {
    let node: unknown = this.sections;
    for (const key of path.split(".")) {
      if (typeof node !== "object" || node === null || !(key in node)) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return true;
  }
}
