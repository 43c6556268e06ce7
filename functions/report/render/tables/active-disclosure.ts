import {
  ACTIVE_DISCLOSURE_BLOCKS,
  ACTIVE_DISCLOSURE_DATA_WIDTH,
  ACTIVE_DISCLOSURE_ITEM_LABEL,
  SECTION_HEADINGS,
} from "../../catalogue";
import type { ImportedSections } from "../../schemas";
import { ACTIVE_DISCLOSURE_2019_BLOCKS } from "../../template-2019";
import { formatCount } from "../format";
import { caption, scrollableTable, th, tr, unreadNote, valueTd } from "./cells";

/** Table 二 as stored: authored (2021), or imported in either layout with cells not read as null. */
export type ActiveDisclosureData = NonNullable<ImportedSections["activeDisclosure"]>;

interface BlockLayout {
  title: string;
  columns: readonly { key: string; label: string }[];
  rows: readonly { key: string; label: string }[];
}

/** One layout of table 二: its blocks, how many grid columns the data cells share, and how they span. */
interface TableLayout {
  className: string;
  blocks: readonly BlockLayout[];
  dataWidth: number;
  /** Grid columns each data column of a block spans. */
  spans(columnCount: number): readonly number[];
}

/**
 * 2021 (format-spec §3.1): four columns; a block with a single data column spans it over the three
 * data cells.
 */
const LAYOUT_2021: TableLayout = {
  className: "t2",
  blocks: ACTIVE_DISCLOSURE_BLOCKS,
  dataWidth: ACTIVE_DISCLOSURE_DATA_WIDTH,
  spans: (columnCount) => Array.from({ length: columnCount }, () => ACTIVE_DISCLOSURE_DATA_WIDTH / columnCount),
};

/**
 * 2019 (format-spec §3.2): five columns as the template's table prints them (the 上海 2019 and 平潭
 * 2020 reports agree): the label, then four grid columns that a three-column block shares 1 + 2 + 1
 * (the middle header spans two) and a two-column block 2 + 2. Those reports span the 本年增/减 row
 * cells 2 + 1 + 1, out of line with their own header; here every data cell stands under its header.
 */
const LAYOUT_2019_DATA_WIDTH = 4;
const LAYOUT_2019: TableLayout = {
  className: "t2 t2-2019",
  blocks: ACTIVE_DISCLOSURE_2019_BLOCKS,
  dataWidth: LAYOUT_2019_DATA_WIDTH,
  spans: (columnCount) => (columnCount === 3 ? [1, 2, 1] : Array.from({ length: columnCount }, () => LAYOUT_2019_DATA_WIDTH / columnCount)),
};

/** Each block is a full-width title row, then its 信息内容 header row, then its data rows. */
export function renderActiveDisclosureTable(data: ActiveDisclosureData): string {
  const layout = data.kind === "2019" ? LAYOUT_2019 : LAYOUT_2021;
  const cells = data as unknown as Readonly<Record<string, Readonly<Record<string, unknown>> | null | undefined>>;
  let hasUnread = false;
  const bodies = layout.blocks.map((block, index) =>
    renderBlock(layout, block, index + 1, (row, column) => {
      const value = cellValue(cells, row, column);
      if (value === null) hasUnread = true;
      return value;
    }),
  );
  const table = [
    `<table class="report-table ${layout.className}">`,
    caption(SECTION_HEADINGS.activeDisclosure),
    `<colgroup><col class="c-label">${`<col>`.repeat(layout.dataWidth)}</colgroup>`,
    ...bodies,
    `</table>`,
  ].join("\n");
  return [scrollableTable(SECTION_HEADINGS.activeDisclosure, table), unreadNote(hasUnread)].filter(Boolean).join("\n");
}

const blockId = (blockNo: number) => `t2-b${blockNo}`;
const itemHeaderId = (blockNo: number) => `${blockId(blockNo)}-item`;
const columnId = (blockNo: number, column: { key: string }) => `${blockId(blockNo)}-${column.key}`;
const rowId = (row: { key: string }) => `t2-${row.key}`;

function renderBlock(
  layout: TableLayout,
  block: BlockLayout,
  blockNo: number,
  valueOf: (row: string, column: string) => number | string | null,
): string {
  const spans = layout.spans(block.columns.length);
  const titleRow = tr([
    th(block.title, { id: blockId(blockNo), colspan: layout.dataWidth + 1, scope: "colgroup", className: "block-title" }),
  ]);
  const headerRow = tr([
    th(ACTIVE_DISCLOSURE_ITEM_LABEL, { id: itemHeaderId(blockNo), scope: "col", headers: [blockId(blockNo)], className: "col-head" }),
    ...block.columns.map((column, i) =>
      th(column.label, {
        id: columnId(blockNo, column),
        colspan: spans[i],
        scope: "col",
        headers: [blockId(blockNo)],
        className: "col-head",
      }),
    ),
  ]);
  const dataRows = block.rows.map((row) =>
    tr([
      th(row.label, { id: rowId(row), scope: "row", headers: [blockId(blockNo), itemHeaderId(blockNo)], className: "row-head" }),
      ...block.columns.map((column, i) =>
        valueTd(valueOf(row.key, column.key), formatCount, {
          colspan: spans[i],
          headers: [blockId(blockNo), columnId(blockNo, column), rowId(row)],
        }),
      ),
    ]),
  );
  return [`<tbody>`, titleRow, headerRow, ...dataRows, `</tbody>`].join("\n");
}

/**
 * Counts as plain digits; the fee amount exactly as entered (a decimal string in 万元); the 2019
 * procurement amount with the unit the report wrote (“251000元”). null: not read from the document.
 */
function cellValue(
  data: Readonly<Record<string, Readonly<Record<string, unknown>> | null | undefined>>,
  row: string,
  column: string,
): number | string | null {
  const cells = data[row];
  const value = cells?.[column];
  if (column === "totalAmount" && typeof value === "string") {
    const unit = cells?.["totalAmountUnit"];
    return typeof unit === "string" ? `${value}${unit}` : value;
  }
  return typeof value === "number" || typeof value === "string" ? value : null;
}
