import { REVIEW_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS, type ReviewGroupKey, type ResultColumnKey } from "../../catalogue";
import type { ImportedSections } from "../../schemas";
import { formatCount } from "../format";
import { caption, scrollableTable, th, tr, unreadNote, valueTd } from "./cells";

/** Table 四 as stored (the same on both templates); an import leaves cells it could not read null. */
export type ReviewLitigationData = NonNullable<ImportedSections["reviewLitigation"]>;

/**
 * Table 四 (format-spec §5): 15 data columns under three header rows and a single data row.
 * A group without a parent (行政复议) heads its five columns in row 1 and they span rows 2–3;
 * groups sharing a parent (行政诉讼 › 未经复议直接起诉 / 复议后起诉) get the parent in row 1, the
 * group in row 2 and their columns in row 3.
 */
type ReviewGroup = (typeof REVIEW_GROUPS)[number];

const groupId = (key: ReviewGroupKey) => `t4-${key}`;
const parentId = (parent: string) => `t4-p${REVIEW_GROUPS.findIndex((g) => g.parent === parent)}`;
const columnId = (group: ReviewGroupKey, column: ResultColumnKey) => `t4-${group}-${column}`;

function groupHeaderIds(group: ReviewGroup): string[] {
  return group.parent ? [parentId(group.parent), groupId(group.key)] : [groupId(group.key)];
}

export function renderReviewLitigationTable(data: ReviewLitigationData): string {
  const values = REVIEW_GROUPS.flatMap((group) => REVIEW_COLUMNS.map((column) => data[group.key]?.[column.key] ?? null));
  const table = [
    `<table class="report-table t4">`,
    caption(SECTION_HEADINGS.reviewLitigation),
    `<thead>`,
    ...renderHeaderRows(),
    `</thead>`,
    `<tbody>`,
    renderDataRow(data),
    `</tbody>`,
    `</table>`,
  ].join("\n");
  return [scrollableTable(SECTION_HEADINGS.reviewLitigation, table), unreadNote(values.includes(null))].filter(Boolean).join("\n");
}

function renderHeaderRows(): string[] {
  const row1: string[] = [];
  const row2: string[] = [];
  const row3: string[] = [];
  const width = REVIEW_COLUMNS.length;
  const seenParents = new Set<string>();
  for (const group of REVIEW_GROUPS) {
    const columnHeaders = (rowspan: number, headers: string[]) =>
      REVIEW_COLUMNS.map((column) =>
        th(column.label, { id: columnId(group.key, column.key), rowspan, scope: "col", headers }),
      );
    if (group.parent === null) {
      row1.push(th(group.label, { id: groupId(group.key), colspan: width, scope: "colgroup" }));
      row2.push(...columnHeaders(2, groupHeaderIds(group)));
      continue;
    }
    if (!seenParents.has(group.parent)) {
      seenParents.add(group.parent);
      const siblings = REVIEW_GROUPS.filter((g: ReviewGroup) => g.parent === group.parent).length;
      row1.push(th(group.parent, { id: parentId(group.parent), colspan: siblings * width, scope: "colgroup" }));
    }
    row2.push(th(group.label, { id: groupId(group.key), colspan: width, scope: "colgroup", headers: [parentId(group.parent)] }));
    row3.push(...columnHeaders(1, groupHeaderIds(group)));
  }
  return [tr(row1), tr(row2), tr(row3)];
}

function renderDataRow(data: ReviewLitigationData): string {
  return tr(
    REVIEW_GROUPS.flatMap((group) =>
      REVIEW_COLUMNS.map((column) =>
        valueTd(data[group.key]?.[column.key], formatCount, {
          headers: [...groupHeaderIds(group), columnId(group.key, column.key)],
        }),
      ),
    ),
  );
}
