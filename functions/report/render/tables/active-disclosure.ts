import {
  ACTIVE_DISCLOSURE_BLOCKS,
  ACTIVE_DISCLOSURE_DATA_WIDTH,
  ACTIVE_DISCLOSURE_ITEM_LABEL,
  ACTIVE_DISCLOSURE_WIDTH,
  SECTION_HEADINGS,
  type ActiveDisclosureBlock,
  type ActiveDisclosureColumn,
  type ActiveDisclosureRow,
} from "../../catalogue";
import type { ActiveDisclosure } from "../../schemas";
import { formatCount } from "../format";
import { caption, scrollableTable, td, th, tr } from "./cells";

/**
 * Table 二 (format-spec §3.1): four columns; each block is a full-width title row, then its
 * 信息内容 header row, then its data rows. A block with a single data column spans it over the
 * three data cells.
 */
export function renderActiveDisclosureTable(data: ActiveDisclosure): string {
  const bodies = ACTIVE_DISCLOSURE_BLOCKS.map((block, index) => renderBlock(block, index + 1, data));
  const table = [
    `<table class="report-table t2">`,
    caption(SECTION_HEADINGS.activeDisclosure),
    `<colgroup><col class="c-label">${`<col>`.repeat(ACTIVE_DISCLOSURE_DATA_WIDTH)}</colgroup>`,
    ...bodies,
    `</table>`,
  ].join("\n");
  return scrollableTable(SECTION_HEADINGS.activeDisclosure, table);
}

const blockId = (blockNo: number) => `t2-b${blockNo}`;
const itemHeaderId = (blockNo: number) => `${blockId(blockNo)}-item`;
const columnId = (blockNo: number, column: ActiveDisclosureColumn) => `${blockId(blockNo)}-${column.key}`;
const rowId = (row: ActiveDisclosureRow) => `t2-${row.key}`;

function renderBlock(block: ActiveDisclosureBlock, blockNo: number, data: ActiveDisclosure): string {
  const columnSpan = ACTIVE_DISCLOSURE_DATA_WIDTH / block.columns.length;
  const titleRow = tr([
    th(block.title, { id: blockId(blockNo), colspan: ACTIVE_DISCLOSURE_WIDTH, scope: "colgroup", className: "block-title" }),
  ]);
  const headerRow = tr([
    th(ACTIVE_DISCLOSURE_ITEM_LABEL, { id: itemHeaderId(blockNo), scope: "col", headers: [blockId(blockNo)], className: "col-head" }),
    ...block.columns.map((column) =>
      th(column.label, {
        id: columnId(blockNo, column),
        colspan: columnSpan,
        scope: "col",
        headers: [blockId(blockNo)],
        className: "col-head",
      }),
    ),
  ]);
  const dataRows = block.rows.map((row) =>
    tr([
      th(row.label, { id: rowId(row), scope: "row", headers: [blockId(blockNo), itemHeaderId(blockNo)], className: "row-head" }),
      ...block.columns.map((column) =>
        td(cellText(data, row, column), {
          colspan: columnSpan,
          headers: [blockId(blockNo), columnId(blockNo, column), rowId(row)],
        }),
      ),
    ]),
  );
  return [`<tbody>`, titleRow, headerRow, ...dataRows, `</tbody>`].join("\n");
}

/** Counts as plain digits; the fee amount exactly as entered (a decimal string in 万元). */
function cellText(data: ActiveDisclosure, row: ActiveDisclosureRow, column: ActiveDisclosureColumn): string {
  const value = (data[row.key] as Record<string, number | string | undefined>)[column.key];
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatCount(value);
  throw new Error(`table 二: no value for ${row.key}.${column.key}`);
}
