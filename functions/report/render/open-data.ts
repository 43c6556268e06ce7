import {
  ACTIVE_DISCLOSURE_BLOCKS,
  AGENCY_KIND_LABELS,
  APPLICANT_HEADING,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  APPLICATION_SUBGROUPS,
  APPLICATIONS_NOTE,
  LEGAL_PERSON_COLUMN_KEYS,
  LEGAL_PERSON_HEADING,
  RESULTS_GROUP_LABEL,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  SECTION_HEADINGS,
  type ApplicationRow,
} from "../catalogue";
import { wanYuanToFen } from "../money";
import { WAN_YUAN_PATTERN } from "../money";
import type { AnyReportContent, ReportContent, TemplateVersion } from "../schemas";
import { ACTIVE_DISCLOSURE_2019_BLOCKS, APPLICATION_ROWS_2019 } from "../template-2019";
import { shanghaiIsoDate } from "./format";

// ---------------------------------------------------------------- labels (from the catalogue)

const fromEntries = <V>(entries: [string, V][]): Record<string, V> => Object.fromEntries(entries);

/** Groups a table 三 row sits under, outermost first, e.g. ["三、本年度办理结果", "（三）不予公开"]. */
function applicationRowGroups(row: ApplicationRow): string[] {
  if (row.level === "top") return [];
  return row.subgroup ? [RESULTS_GROUP_LABEL, APPLICATION_SUBGROUPS[row.subgroup]] : [RESULTS_GROUP_LABEL];
}

/** Column path of a table 三 column, e.g. ["法人或其他组织", "商业企业"]; 自然人 and 总计 stand alone. */
function applicationColumnPath(column: (typeof APPLICATION_COLUMNS)[number]): string[] {
  return (LEGAL_PERSON_COLUMN_KEYS as readonly string[]).includes(column.key) ? [LEGAL_PERSON_HEADING, column.label] : [column.label];
}

/** Table 二 blocks and table 三 rows of a template (format-spec §3, §4). */
const BLOCKS_OF: Record<TemplateVersion, readonly { title: string; columns: readonly { key: string; label: string }[]; rows: readonly { key: string; label: string }[] }[]> = {
  "2021": ACTIVE_DISCLOSURE_BLOCKS,
  "2019": ACTIVE_DISCLOSURE_2019_BLOCKS,
};
const ROWS_OF: Record<TemplateVersion, readonly ApplicationRow[]> = { "2021": APPLICATION_ROWS, "2019": APPLICATION_ROWS_2019 };

/** The layout table 二 is stored in: its own `kind` (an imported 2021 report may print it in 2019 columns). */
function activeDisclosureTemplateOf(content: AnyReportContent): TemplateVersion {
  const kind = content.sections.activeDisclosure?.kind;
  return kind === "2019" || kind === "2021" ? kind : content.templateVersion === "2019" ? "2019" : "2021";
}
const applicationsTemplateOf = (content: AnyReportContent): TemplateVersion => (content.templateVersion === "2019" ? "2019" : "2021");

/**
 * key → label maps for tables 二–四, so open-data users read the template's own wording: the 2021
 * template's by default, the 2019 one's for a report stored in it (table 二 by its own layout).
 */
export function tableLabels(activeDisclosureTemplate: TemplateVersion = "2021", applicationsTemplate: TemplateVersion = activeDisclosureTemplate) {
  const blocks = BLOCKS_OF[activeDisclosureTemplate];
  const rows = ROWS_OF[applicationsTemplate];
  return {
    activeDisclosure: {
      heading: SECTION_HEADINGS.activeDisclosure,
      rows: fromEntries(blocks.flatMap((b) => b.rows.map((r): [string, string] => [r.key, r.label]))),
      rowBlocks: fromEntries(blocks.flatMap((b) => b.rows.map((r): [string, string] => [r.key, b.title]))),
      columns: fromEntries(blocks.flatMap((b) => b.columns.map((c): [string, string] => [c.key, c.label]))),
    },
    applications: {
      heading: SECTION_HEADINGS.applications,
      note: APPLICATIONS_NOTE,
      columnGroup: APPLICANT_HEADING,
      rows: fromEntries(rows.map((r): [string, string] => [r.key, r.label])),
      rowGroups: fromEntries(rows.map((r): [string, string[]] => [r.key, applicationRowGroups(r)])),
      columns: fromEntries(APPLICATION_COLUMNS.map((c): [string, string] => [c.key, c.label])),
      columnGroups: fromEntries(APPLICATION_COLUMNS.map((c): [string, string[]] => [c.key, applicationColumnPath(c).slice(0, -1)])),
    },
    reviewLitigation: {
      heading: SECTION_HEADINGS.reviewLitigation,
      groups: fromEntries(REVIEW_GROUPS.map((g): [string, string] => [g.key, g.label])),
      groupParents: fromEntries(REVIEW_GROUPS.map((g): [string, string | null] => [g.key, g.parent])),
      columns: fromEntries(REVIEW_COLUMNS.map((c): [string, string] => [c.key, c.label])),
    },
  };
}

// ---------------------------------------------------------------- report.json / v{n}.json

/** Authored content (strict 2021) or imported history (either template, null where not read). */
export interface ReportOpenDataView<Content extends AnyReportContent = AnyReportContent> {
  content: Content;
  version: number;
  publishedAt: string;
  correctionNote?: string;
  /** The county government's tables were adopted from this many member reports (the page's note says so). */
  aggregatedMembers?: number;
}

export interface ReportOpenData<Content extends AnyReportContent = ReportContent> {
  schemaVersion: 1;
  templateVersion: Content["templateVersion"];
  year: number;
  title: string;
  agency: Content["agency"];
  version: number;
  publishedAt: string;
  correctionNote?: string;
  /** Present when the tables are the sum of this many member reports (`aggregationNote`). */
  aggregatedMembers?: number;
  /** The stored sections, verbatim (an imported report's null cells stay null: not read from the document). */
  sections: Content["sections"];
  labels: ReturnType<typeof tableLabels>;
  /** The 2021 fee in 分; null when there is none (2019 template) or it was not read. */
  amounts: { administrativeFeesFen: number | null };
}

/**
 * The published view back from a version's open data (`v{n}.json`, `report.json`): they hold the whole
 * content, so a file of what was published can be rendered again without the report as it is now.
 */
export function publishedViewOfOpenData<Content extends AnyReportContent>(data: ReportOpenData<Content>): ReportOpenDataView<Content> {
  const content = { year: data.year, templateVersion: data.templateVersion, title: data.title, agency: data.agency, sections: data.sections } as Content;
  return {
    content,
    version: data.version,
    publishedAt: data.publishedAt,
    ...(data.correctionNote !== undefined ? { correctionNote: data.correctionNote } : {}),
    ...(data.aggregatedMembers !== undefined ? { aggregatedMembers: data.aggregatedMembers } : {}),
  };
}

export function reportOpenData<Content extends AnyReportContent>(view: ReportOpenDataView<Content>): ReportOpenData<Content> {
  const { content } = view;
  const fees = activeDisclosureTemplateOf(content) === "2021" ? content.sections.activeDisclosure?.administrativeFees : undefined;
  const amount = fees && "amountWanYuan" in fees ? fees.amountWanYuan : undefined;
  return {
    schemaVersion: 1,
    templateVersion: content.templateVersion,
    year: content.year,
    title: content.title,
    // Exactly the four published fields, whatever else an agency object in memory may carry (its
    // reminder address belongs to the agency resource, never to the public record).
    agency: { agencyId: content.agency.agencyId, fullName: content.agency.fullName, kind: content.agency.kind, hasRulemakingPower: content.agency.hasRulemakingPower },
    version: view.version,
    publishedAt: view.publishedAt,
    ...(view.correctionNote !== undefined ? { correctionNote: view.correctionNote } : {}),
    ...(view.aggregatedMembers !== undefined ? { aggregatedMembers: view.aggregatedMembers } : {}),
    // A copy, so later changes to the caller's objects cannot alter what was published.
    sections: structuredClone(content.sections),
    labels: tableLabels(activeDisclosureTemplateOf(content), applicationsTemplateOf(content)),
    amounts: { administrativeFeesFen: typeof amount === "string" && WAN_YUAN_PATTERN.test(amount) ? wanYuanToFen(amount) : null },
  };
}

// ---------------------------------------------------------------- open-data.csv

export interface OpenDataCsvRow {
  content: AnyReportContent;
  version: number;
  publishedAt: string;
}

interface CsvColumn {
  header: string;
  value: (row: OpenDataCsvRow) => string;
}

const HEADER_SEPARATOR = "|";
const tableColumnHeader = (table: "二" | "三" | "四", path: string[]) => [table, ...path].join(HEADER_SEPARATOR);

/** A stored cell as CSV text: "" for a cell the report has not (other template) or an import did not read (null). */
function cellText(container: unknown, ...keys: string[]): string {
  let value: unknown = container;
  for (const key of keys) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return "";
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "number" || typeof value === "string" ? String(value) : "";
}

const META_COLUMNS: CsvColumn[] = [
  { header: "年度", value: (r) => String(r.content.year) },
  { header: "机关标识", value: (r) => r.content.agency.agencyId },
  { header: "机关全称", value: (r) => r.content.agency.fullName },
  { header: "机关类别", value: (r) => AGENCY_KIND_LABELS[r.content.agency.kind] },
  { header: "标题", value: (r) => r.content.title },
  { header: "格式版本", value: (r) => r.content.templateVersion },
  { header: "版本", value: (r) => String(r.version) },
  { header: "发布日期", value: (r) => shanghaiIsoDate(r.publishedAt) },
  { header: "发布时间", value: (r) => r.publishedAt },
];

/** Table 二's cells of one layout: a report stored in the other layout leaves them empty. */
function activeDisclosureColumns(template: TemplateVersion): CsvColumn[] {
  return BLOCKS_OF[template].flatMap((block) =>
    block.rows.flatMap((row) =>
      block.columns.map((column) => ({
        header: tableColumnHeader("二", [block.title, row.label, column.label]),
        value: (r: OpenDataCsvRow) => {
          if (activeDisclosureTemplateOf(r.content) !== template) return "";
          const text = cellText(r.content.sections.activeDisclosure, row.key, column.key);
          // 采购总金额 has no unit in its label (reports write 元 or 万元): the value carries it, as printed.
          return column.key === "totalAmount" && text !== "" ? `${text}${cellText(r.content.sections.activeDisclosure, row.key, "totalAmountUnit")}` : text;
        },
      })),
    ),
  );
}

function applicationColumns(rows: readonly ApplicationRow[]): CsvColumn[] {
  return rows.flatMap((row) =>
    APPLICATION_COLUMNS.map((column) => ({
      header: tableColumnHeader("三", [...applicationRowGroups(row), row.label, ...applicationColumnPath(column)]),
      value: (r: OpenDataCsvRow) => cellText(r.content.sections.applications, "rows", row.key, column.key),
    })),
  );
}

function reviewLitigationColumns(): CsvColumn[] {
  return REVIEW_GROUPS.flatMap((group) =>
    REVIEW_COLUMNS.map((column) => ({
      header: tableColumnHeader("四", [...(group.parent ? [group.parent] : []), group.label, column.label]),
      value: (r: OpenDataCsvRow) => cellText(r.content.sections.reviewLitigation, group.key, column.key),
    })),
  );
}

/**
 * Every column of open-data.csv, in order: report metadata, then every cell of tables 二, 三, 四 of
 * the 2021 template. When some of `rows` are on the 2019 template (imported history, or a 2021
 * report whose table 二 is printed in 2019 columns), the 2019-only cells follow at the end: its
 * table 二 and its single （六）其他处理 row. The two templates' table 二 columns cannot be converted
 * into each other (format-spec §3.3), so a report leaves the other template's columns empty, as it
 * does the 2021-only （六） items; rows 一…（五）, （七）, 四 of table 三 and table 四 are shared. An
 * empty value is a cell the report does not have, or one an import could not read (never 0).
 */
export function openDataCsvColumns(rows: readonly OpenDataCsvRow[] = []): string[] {
  return allColumns(rows).map((c) => c.header);
}

function allColumns(rows: readonly OpenDataCsvRow[]): CsvColumn[] {
  const columns = [...META_COLUMNS, ...activeDisclosureColumns("2021"), ...applicationColumns(APPLICATION_ROWS), ...reviewLitigationColumns()];
  if (rows.some((row) => activeDisclosureTemplateOf(row.content) === "2019")) columns.push(...activeDisclosureColumns("2019"));
  if (rows.some((row) => applicationsTemplateOf(row.content) === "2019")) {
    const shared = new Set<string>(APPLICATION_ROWS.map((row) => row.key));
    columns.push(...applicationColumns(APPLICATION_ROWS_2019.filter((row) => !shared.has(row.key))));
  }
  return columns;
}

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, and its quotes are doubled. A text
 * starting with = + - @ would run as a formula in a spreadsheet, so it gets a leading apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CRLF = "\r\n";
// Excel only detects UTF-8 (and so reads the Chinese headers) when the file starts with a BOM.
const UTF8_BOM = "\uFEFF";

/** reports/{year}/open-data.csv: one row per published report, every cell of tables 二–四. */
export function openDataCsv(rows: readonly OpenDataCsvRow[]): string {
  const columns = allColumns(rows);
  const lines = [
    columns.map((c) => csvField(c.header)).join(","),
    ...rows.map((row) => columns.map((c) => csvField(c.value(row))).join(",")),
  ];
  return UTF8_BOM + lines.join(CRLF) + CRLF;
}
