import {
  APPLICANT_HEADING,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  APPLICATION_SUBGROUPS,
  APPLICATIONS_NOTE,
  LEGAL_PERSON_COLUMN_KEYS,
  LEGAL_PERSON_HEADING,
  RESULTS_GROUP_LABEL,
  SECTION_HEADINGS,
  type ApplicationColumnKey,
  type ApplicationRow,
  type ApplicationSubgroup,
} from "../../catalogue";
import type { ImportedSections, TemplateVersion } from "../../schemas";
import { APPLICATION_ROWS_2019 } from "../../template-2019";
import { formatCount } from "../format";
import { caption, scrollableTable, td, th, tr, unreadNote, valueTd } from "./cells";

/** Table 三 as stored: authored (2021), or imported on either template with cells not read as null. */
export type ApplicationsData = NonNullable<ImportedSections["applications"]>;

/** Rows in render order: 2021 has （六）'s three items, 2019 the single （六）其他处理 row (format-spec §4.3). */
const ROWS_OF: Record<TemplateVersion, readonly ApplicationRow[]> = { "2021": APPLICATION_ROWS, "2019": APPLICATION_ROWS_2019 };

/**
 * Table 三 (format-spec §4): a 10-column grid, three label columns and seven data columns.
 * The label columns nest 三、本年度办理结果 › （三）…（六） sub-group › item, so a row's label spans
 * the label columns its ancestors do not occupy: top-level rows 3, （一）（二）（七） 2, items 1.
 * Every span comes from the catalogue (row levels, sub-group membership, column lists).
 */
const LABEL_DEPTH: Record<ApplicationRow["level"], number> = { top: 0, result: 1, item: 2 };
const LABEL_COLUMN_COUNT = Math.max(...Object.values(LABEL_DEPTH)) + 1;
const HEADER_ROW_COUNT = 3;

const APPLICANT_ID = "t3-applicant";
const LEGAL_PERSON_ID = "t3-legal";
const RESULTS_ID = "t3-results";
const columnId = (key: ApplicationColumnKey) => `t3-c-${key}`;
const rowId = (row: ApplicationRow) => `t3-r-${row.key}`;
const subgroupId = (subgroup: ApplicationSubgroup) => `t3-g-${subgroup}`;

/**
 * The label cells stay in view while the numbers scroll on a narrow screen: each is sticky at the
 * left offset of the label column it starts in (`stick-0` … `stick-2`, offsets in styles.ts).
 */
const stickyClass = (firstLabelColumn: number) => `stick-${firstLabelColumn}`;

const isLegalPersonColumn = (key: ApplicationColumnKey) => (LEGAL_PERSON_COLUMN_KEYS as readonly string[]).includes(key);

/** The header cells that apply to a data column, outermost first. */
function columnHeaderIds(key: ApplicationColumnKey): string[] {
  return isLegalPersonColumn(key) ? [APPLICANT_ID, LEGAL_PERSON_ID, columnId(key)] : [APPLICANT_ID, columnId(key)];
}

/** The header cells that apply to a row, outermost first. */
function rowHeaderIds(row: ApplicationRow): string[] {
  if (row.level === "top") return [rowId(row)];
  const group = row.subgroup ? [subgroupId(row.subgroup)] : [];
  return [RESULTS_ID, ...group, rowId(row)];
}

export function renderApplicationsTable(data: ApplicationsData, template: TemplateVersion = "2021"): string {
  const rows = ROWS_OF[template];
  const unread = { found: false };
  const table = [
    `<table class="report-table t3">`,
    caption(SECTION_HEADINGS.applications),
    renderColgroup(),
    `<thead>`,
    ...renderHeaderRows(),
    `</thead>`,
    `<tbody>`,
    ...renderDataRows(rows, data, unread),
    `</tbody>`,
    `</table>`,
  ].join("\n");
  return [scrollableTable(SECTION_HEADINGS.applications, table), unreadNote(unread.found)].filter(Boolean).join("\n");
}

function renderColgroup(): string {
  const labelCols = Array.from({ length: LABEL_COLUMN_COUNT }, (_, i) => `<col class="c-label${i + 1}">`).join("");
  return `<colgroup>${labelCols}${"<col>".repeat(APPLICATION_COLUMNS.length)}</colgroup>`;
}

function renderHeaderRows(): string[] {
  const firstLegal = APPLICATION_COLUMNS.findIndex((c) => isLegalPersonColumn(c.key));
  const beforeLegal = APPLICATION_COLUMNS.slice(0, firstLegal);
  const legal = APPLICATION_COLUMNS.filter((c) => isLegalPersonColumn(c.key));
  const afterLegal = APPLICATION_COLUMNS.slice(firstLegal + legal.length);
  const standalone = (column: (typeof APPLICATION_COLUMNS)[number]) =>
    th(column.label, { id: columnId(column.key), rowspan: 2, scope: "col", headers: [APPLICANT_ID] });

  // The corner note is an annotation about every column, not a header of any cell, so it is a
  // plain cell: screen readers should not repeat it for each of the 175 numbers.
  const h1 = tr([
    td(APPLICATIONS_NOTE, { colspan: LABEL_COLUMN_COUNT, rowspan: HEADER_ROW_COUNT, className: `note ${stickyClass(0)}` }),
    th(APPLICANT_HEADING, { id: APPLICANT_ID, colspan: APPLICATION_COLUMNS.length, scope: "colgroup" }),
  ]);
  const h2 = tr([
    ...beforeLegal.map(standalone),
    th(LEGAL_PERSON_HEADING, { id: LEGAL_PERSON_ID, colspan: legal.length, scope: "colgroup", headers: [APPLICANT_ID] }),
    ...afterLegal.map(standalone),
  ]);
  const h3 = tr(
    legal.map((column) => th(column.label, { id: columnId(column.key), scope: "col", headers: [APPLICANT_ID, LEGAL_PERSON_ID] })),
  );
  return [h1, h2, h3];
}

function renderDataRows(rows: readonly ApplicationRow[], data: ApplicationsData, unread: { found: boolean }): string[] {
  return rows.map((row, index) => {
    const previous = rows[index - 1];
    return tr([...labelCells(rows, row, previous), ...dataCells(row, data, unread)]);
  });
}

/**
 * Label cells of a row, including the rowspan cells that open a group on its first row. The span of
 * 三、本年度办理结果 is the number of its rows: 22 in 2021, 20 in 2019.
 */
function labelCells(rows: readonly ApplicationRow[], row: ApplicationRow, previous: ApplicationRow | undefined): string[] {
  const cells: string[] = [];
  const opensResults = row.level !== "top" && (previous === undefined || previous.level === "top");
  if (opensResults) {
    const resultsRowSpan = rows.filter((r) => r.level !== "top").length;
    cells.push(
      th(RESULTS_GROUP_LABEL, { id: RESULTS_ID, rowspan: resultsRowSpan, scope: "rowgroup", className: `row-head ${stickyClass(0)}` }),
    );
  }
  if (row.subgroup && previous?.subgroup !== row.subgroup) {
    cells.push(
      th(APPLICATION_SUBGROUPS[row.subgroup], {
        id: subgroupId(row.subgroup),
        rowspan: rows.filter((r) => r.subgroup === row.subgroup).length,
        scope: "rowgroup",
        headers: [RESULTS_ID],
        className: `row-head ${stickyClass(1)}`,
      }),
    );
  }
  cells.push(
    th(row.label, {
      id: rowId(row),
      colspan: LABEL_COLUMN_COUNT - LABEL_DEPTH[row.level],
      scope: "row",
      headers: rowHeaderIds(row).slice(0, -1),
      className: `row-head ${stickyClass(LABEL_DEPTH[row.level])}`,
    }),
  );
  return cells;
}

function dataCells(row: ApplicationRow, data: ApplicationsData, unread: { found: boolean }): string[] {
  const rows = data.rows as Readonly<Record<string, Readonly<Record<string, unknown>> | null | undefined>> | null;
  const counts = rows?.[row.key];
  return APPLICATION_COLUMNS.map((column) => {
    const value = counts?.[column.key];
    const shown = typeof value === "number" ? value : null;
    if (shown === null) unread.found = true;
    return valueTd(shown, formatCount, { headers: [...columnHeaderIds(column.key), ...rowHeaderIds(row)] });
  });
}
