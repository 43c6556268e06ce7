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
import type { ReportContent, Sections } from "../schemas";
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

/** key → label maps for tables 二–四, so open-data users read the template's own wording. */
export function tableLabels() {
  return {
    activeDisclosure: {
      heading: SECTION_HEADINGS.activeDisclosure,
      rows: fromEntries(ACTIVE_DISCLOSURE_BLOCKS.flatMap((b) => b.rows.map((r): [string, string] => [r.key, r.label]))),
      rowBlocks: fromEntries(ACTIVE_DISCLOSURE_BLOCKS.flatMap((b) => b.rows.map((r): [string, string] => [r.key, b.title]))),
      columns: fromEntries(ACTIVE_DISCLOSURE_BLOCKS.flatMap((b) => b.columns.map((c): [string, string] => [c.key, c.label]))),
    },
    applications: {
      heading: SECTION_HEADINGS.applications,
      note: APPLICATIONS_NOTE,
      columnGroup: APPLICANT_HEADING,
      rows: fromEntries(APPLICATION_ROWS.map((r): [string, string] => [r.key, r.label])),
      rowGroups: fromEntries(APPLICATION_ROWS.map((r): [string, string[]] => [r.key, applicationRowGroups(r)])),
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

export interface ReportOpenDataView {
  content: ReportContent;
  version: number;
  publishedAt: string;
  correctionNote?: string;
}

export interface ReportOpenData {
  schemaVersion: 1;
  templateVersion: ReportContent["templateVersion"];
  year: number;
  title: string;
  agency: ReportContent["agency"];
  version: number;
  publishedAt: string;
  correctionNote?: string;
  /** The stored sections, verbatim. */
  sections: Partial<Sections>;
  labels: ReturnType<typeof tableLabels>;
  amounts: { administrativeFeesFen: number | null };
}

export function reportOpenData(view: ReportOpenDataView): ReportOpenData {
  const { content } = view;
  const fees = content.sections.activeDisclosure?.administrativeFees.amountWanYuan;
  return {
    schemaVersion: 1,
    templateVersion: content.templateVersion,
    year: content.year,
    title: content.title,
    agency: structuredClone(content.agency),
    version: view.version,
    publishedAt: view.publishedAt,
    ...(view.correctionNote !== undefined ? { correctionNote: view.correctionNote } : {}),
    // A copy, so later changes to the caller's objects cannot alter what was published.
    sections: structuredClone(content.sections),
    labels: tableLabels(),
    amounts: { administrativeFeesFen: fees === undefined ? null : wanYuanToFen(fees) },
  };
}

// ---------------------------------------------------------------- open-data.csv

export interface OpenDataCsvRow {
  content: ReportContent;
  version: number;
  publishedAt: string;
}

interface CsvColumn {
  header: string;
  value: (row: OpenDataCsvRow) => string;
}

const HEADER_SEPARATOR = "|";
const tableColumnHeader = (table: "二" | "三" | "四", path: string[]) => [table, ...path].join(HEADER_SEPARATOR);

function sectionOf<K extends keyof Sections>(row: OpenDataCsvRow, name: K): Sections[K] {
  const section = row.content.sections[name];
  if (section === undefined) {
    throw new Error(`open data: ${row.content.agency.agencyId} ${row.content.year} v${row.version} has no ${name} section`);
  }
  return section;
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

function activeDisclosureColumns(): CsvColumn[] {
  return ACTIVE_DISCLOSURE_BLOCKS.flatMap((block) =>
    block.rows.flatMap((row) =>
      block.columns.map((column) => ({
        header: tableColumnHeader("二", [block.title, row.label, column.label]),
        value: (r: OpenDataCsvRow) => {
          const cells = sectionOf(r, "activeDisclosure")[row.key] as Record<string, number | string>;
          return String(cells[column.key]);
        },
      })),
    ),
  );
}

function applicationColumns(): CsvColumn[] {
  const rows: readonly ApplicationRow[] = APPLICATION_ROWS;
  return rows.flatMap((row) =>
    APPLICATION_COLUMNS.map((column) => ({
      header: tableColumnHeader("三", [...applicationRowGroups(row), row.label, ...applicationColumnPath(column)]),
      value: (r: OpenDataCsvRow) => {
        const counts = sectionOf(r, "applications").rows[row.key as keyof Sections["applications"]["rows"]];
        return String(counts[column.key]);
      },
    })),
  );
}

function reviewLitigationColumns(): CsvColumn[] {
  return REVIEW_GROUPS.flatMap((group) =>
    REVIEW_COLUMNS.map((column) => ({
      header: tableColumnHeader("四", [...(group.parent ? [group.parent] : []), group.label, column.label]),
      value: (r: OpenDataCsvRow) => String(sectionOf(r, "reviewLitigation")[group.key][column.key]),
    })),
  );
}

/** Every column of open-data.csv, in order: report metadata, then every cell of tables 二, 三, 四. */
export function openDataCsvColumns(): string[] {
  return allColumns().map((c) => c.header);
}

function allColumns(): CsvColumn[] {
  return [...META_COLUMNS, ...activeDisclosureColumns(), ...applicationColumns(), ...reviewLitigationColumns()];
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
  const columns = allColumns();
  const lines = [
    columns.map((c) => csvField(c.header)).join(","),
    ...rows.map((row) => columns.map((c) => csvField(c.value(row))).join(",")),
  ];
  return UTF8_BOM + lines.join(CRLF) + CRLF;
}
