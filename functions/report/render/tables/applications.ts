import {
  APPLICANT_HEADING,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  APPLICATION_SUBGROUPS,
  APPLICATIONS_NOTE,
  LEGAL_PERSON_COLUMN_KEYS,
  LEGAL_PERSON_HEADING,
  RESULTS_GROUP_LABEL,
  RESULTS_ROW_SPAN,
  SECTION_HEADINGS,
  type ApplicationColumnKey,
  type ApplicationRow,
  type ApplicationSubgroup,
} from "../../catalogue";
import type { Applications } from "../../schemas";
import { formatCount } from "../format";
import { caption, scrollableTable, td, th, tr } from "./cells";

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

export function renderApplicationsTable(data: Applications): string {
  const table = [
    `<table class="report-table t3">`,
    caption(SECTION_HEADINGS.applications),
    renderColgroup(),
    `<thead>`,
    ...renderHeaderRows(),
    `</thead>`,
    `<tbody>`,
    ...renderDataRows(data),
    `</tbody>`,
    `</table>`,
  ].join("\n");
  return scrollableTable(SECTION_HEADINGS.applications, table);
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

function renderDataRows(data: Applications): string[] {
  const rows: readonly ApplicationRow[] = APPLICATION_ROWS;
  return rows.map((row, index) => {
    const previous = rows[index - 1];
    return tr([...labelCells(row, previous), ...dataCells(row, data)]);
  });
}

/** Label cells of a row, including the rowspan cells that open a group on its first row. */
function labelCells(row: ApplicationRow, previous: ApplicationRow | undefined): string[] {
  const cells: string[] = [];
  const opensResults = row.level !== "top" && (previous === undefined || previous.level === "top");
  if (opensResults) {
    cells.push(
      th(RESULTS_GROUP_LABEL, { id: RESULTS_ID, rowspan: RESULTS_ROW_SPAN, scope: "rowgroup", className: `row-head ${stickyClass(0)}` }),
    );
  }
  if (row.subgroup && previous?.subgroup !== row.subgroup) {
    cells.push(
      th(APPLICATION_SUBGROUPS[row.subgroup], {
        id: subgroupId(row.subgroup),
        rowspan: subgroupSize(row.subgroup),
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

function subgroupSize(subgroup: ApplicationSubgroup): number {
  return APPLICATION_ROWS.filter((r: ApplicationRow) => r.subgroup === subgroup).length;
}

function dataCells(row: ApplicationRow, data: Applications): string[] {
  const counts = data.rows[row.key as keyof Applications["rows"]];
  if (!counts) throw new Error(`table 三: no row ${row.key}`);
  return APPLICATION_COLUMNS.map((column) =>
    td(formatCount(counts[column.key]), { headers: [...columnHeaderIds(column.key), ...rowHeaderIds(row)] }),
  );
}
