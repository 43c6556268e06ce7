import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ImportResult } from "../../../functions/report/import";

/** The repository root, from this file; the shared corpus sits beside the clone (../shared in CI). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CORPUS_DIR = resolve(REPO_ROOT, "../shared/corpus");
export const FIXTURE_DIR = join(REPO_ROOT, "fixtures/import");

export type Expected = number | string | null | { oneOf: (number | string)[] };
export interface CorpusFixture {
  name: string;
  source: string;
  contentType: string;
  format: string;
  templateVersion: "2021" | "2019";
  kind: "2021" | "2019";
  reportYear: number;
  agencyName: string;
  singleOtherDisposalRow?: number[];
  cells: Record<string, Expected>;
}

export function loadFixtures(): CorpusFixture[] {
  const raw = readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({ name: f.replace(/\.json$/, ""), ...JSON.parse(readFileSync(join(FIXTURE_DIR, f), "utf8")) }));
  const byName = new Map(raw.map((f) => [f.name, f]));
  return raw.map((f) => {
    if (!f.truthFrom) return f as CorpusFixture;
    const twin = byName.get(f.truthFrom);
    if (!twin) throw new Error(`fixture ${f.name}: no ${f.truthFrom}`);
    const { source, contentType, format, name } = f;
    return { ...twin, source, contentType, format, name } as CorpusFixture;
  });
}

export function corpusBytes(source: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS_DIR, source)));
}

export function valueAt(result: ImportResult, path: string): unknown {
  let node: unknown = result.sections;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Every leaf cell of tables 二、三、四 in the result, with its path. */
export function tableCells(result: ImportResult): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === "object" && node !== null) {
      for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
    } else out.push([path, node]);
  };
  for (const section of ["activeDisclosure", "applications", "reviewLitigation"]) walk(result.sections[section], section);
  return out.filter(([path]) => path !== "activeDisclosure.kind");
}

export const reviewOf = (result: ImportResult, path: string) => result.review.filter((r) => r.path === path);
