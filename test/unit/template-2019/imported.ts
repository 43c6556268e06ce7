/**
 * Real published reports of the corpus (../shared/corpus) imported with the importer and wrapped as
 * the content the rules and the renderer read, as the history store would hand them over.
 */
import { DEFAULT_DEADLINES } from "../../../functions/report/deadline";
import type { RuleContext } from "../../../functions/report/findings";
import { importReport, type ImportResult } from "../../../functions/report/import";
import type { ImportedReportContent, ImportedSections } from "../../../functions/report/schemas";
import { corpusBytes } from "../import/corpus-helpers";

const CONTENT_TYPES: Record<string, string> = { html: "text/html", txt: "text/plain", pdf: "application/pdf" };

const imports = new Map<string, Promise<ImportResult>>();

/** The import of a corpus file (once per test file). */
export function importCorpus(source: string): Promise<ImportResult> {
  if (!imports.has(source)) {
    const extension = source.split(".").at(-1)!;
    imports.set(source, importReport(corpusBytes(source), CONTENT_TYPES[extension]!));
  }
  return imports.get(source)!;
}

/** A fresh copy of an imported report as history content (agency as the county registered it). */
export async function importedContent(source: string): Promise<ImportedReportContent> {
  const result = await importCorpus(source);
  if (result.reportYear === null || result.agencyName === null || result.title === null) throw new Error(`${source}: no year, agency or title`);
  return {
    year: result.reportYear,
    templateVersion: result.templateVersion,
    title: result.title,
    agency: { agencyId: "imported", fullName: result.agencyName, kind: "countyDepartment", hasRulemakingPower: false },
    sections: structuredClone(result.sections) as ImportedSections,
  };
}

/** A rule context for history: checked long after publication, in the county's time zone. */
export function historyContext(report: ImportedReportContent, previous?: ImportedReportContent): RuleContext {
  return {
    report,
    ...(previous ? { previous } : {}),
    now: new Date("2026-06-01T00:00:00Z"),
    deadlines: DEFAULT_DEADLINES,
    timeZone: "Asia/Shanghai",
  };
}

/** Sets a value deep in a section body (tests break one cell of a real report). */
export function setCell(content: ImportedReportContent, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = content.sections as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}

export function cellAt(content: ImportedReportContent, path: string): unknown {
  let node: unknown = content.sections;
  for (const key of path.split(".")) node = (node as Record<string, unknown> | null | undefined)?.[key];
  return node;
}

/** The paths of every null cell of tables 二、三、四 (what the import could not read). */
export function nullTableCells(content: ImportedReportContent): string[] {
  const paths: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (node === null) paths.push(path);
    else if (typeof node === "object") for (const [key, value] of Object.entries(node)) walk(value, `${path}.${key}`);
  };
  for (const section of ["activeDisclosure", "applications", "reviewLitigation"] as const) walk(content.sections[section], section);
  // The unit of the procurement amount is not a cell of its own.
  return paths.filter((path) => !path.endsWith(".totalAmountUnit"));
}
