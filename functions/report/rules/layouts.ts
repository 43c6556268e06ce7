/**
 * The tables each template has, as the rules walk them: the data cells of table 二 and the rows of
 * table 三, for the 2021 template (catalogue.ts) and the 2019 one (template-2019.ts). Table 四 is the
 * same in both (format-spec §5). Which layout a stored report uses is read by `activeDisclosureTemplateOf`
 * and `templateOf` (read.ts); nothing here is written twice, every label comes from those two modules.
 */
import {
  ACTIVE_DISCLOSURE_BLOCKS,
  APPLICATION_ROWS,
  OUTCOME_ROW_KEYS,
  type ActiveDisclosureColumn,
  type ActiveDisclosureRow,
  type ApplicationRow,
  type ApplicationRowKey,
} from "../catalogue";
import type { TemplateVersion } from "../schemas";
import {
  ACTIVE_DISCLOSURE_2019_BLOCKS,
  APPLICATION_ROWS_2019,
  OUTCOME_ROW_KEYS_2019,
  type ActiveDisclosure2019ColumnKey,
  type ActiveDisclosure2019RowKey,
  type Application2019RowKey,
} from "../template-2019";

/** How a cell's value is checked (S-03…S-06). */
export type CellValueKind = "count" | "signedCount" | "amountWanYuan" | "procurementAmount";

export type AnyActiveDisclosureRowKey = ActiveDisclosureRow["key"] | ActiveDisclosure2019RowKey;
export type AnyActiveDisclosureColumnKey = ActiveDisclosureColumn["key"] | ActiveDisclosure2019ColumnKey;
/** A row key of table 三 on either template (2019 has `otherDisposal`, 2021 its three items). */
export type AnyApplicationRowKey = ApplicationRowKey | Application2019RowKey;

/** One data cell of table 二, with its row and column as the template labels them. */
export interface ActiveDisclosureCellOf<Row extends string = AnyActiveDisclosureRowKey, Column extends string = AnyActiveDisclosureColumnKey> {
  row: Row;
  column: Column;
  rowLabel: string;
  columnLabel: string;
  blockTitle: string;
  valueKind: CellValueKind;
}

const VALUE_KINDS: Partial<Record<AnyActiveDisclosureColumnKey, CellValueKind>> = {
  amountWanYuan: "amountWanYuan",
  changeThisYear: "signedCount",
  totalAmount: "procurementAmount",
};

function cellsOf<Row extends string, Column extends string>(
  blocks: readonly { title: string; columns: readonly { key: Column; label: string }[]; rows: readonly { key: Row; label: string }[] }[],
): ActiveDisclosureCellOf<Row, Column>[] {
  return blocks.flatMap((block) =>
    block.rows.flatMap((row) =>
      block.columns.map((column) => ({
        row: row.key,
        column: column.key,
        rowLabel: row.label,
        columnLabel: column.label,
        blockTitle: block.title,
        valueKind: VALUE_KINDS[column.key as AnyActiveDisclosureColumnKey] ?? "count",
      })),
    ),
  );
}

export const ACTIVE_DISCLOSURE_2021_CELLS = cellsOf<ActiveDisclosureRow["key"], ActiveDisclosureColumn["key"]>(ACTIVE_DISCLOSURE_BLOCKS);
export const ACTIVE_DISCLOSURE_2019_CELLS = cellsOf<ActiveDisclosure2019RowKey, ActiveDisclosure2019ColumnKey>(ACTIVE_DISCLOSURE_2019_BLOCKS);

/** All data cells of table 二 in render order, for a layout. */
export const ACTIVE_DISCLOSURE_CELLS_OF: Record<TemplateVersion, readonly ActiveDisclosureCellOf[]> = {
  "2021": ACTIVE_DISCLOSURE_2021_CELLS,
  "2019": ACTIVE_DISCLOSURE_2019_CELLS,
};

/** Rows of table 三 in render order (25 in 2021, 23 in 2019). */
export const APPLICATION_ROWS_OF: Record<TemplateVersion, readonly ApplicationRow[]> = {
  "2021": APPLICATION_ROWS,
  "2019": APPLICATION_ROWS_2019,
};

/** Rows summed into （七）总计 (T3-02). */
export const OUTCOME_ROW_KEYS_OF: Record<TemplateVersion, readonly AnyApplicationRowKey[]> = {
  "2021": OUTCOME_ROW_KEYS,
  "2019": OUTCOME_ROW_KEYS_2019,
};

/** Every row of table 三 of either template, for naming a row by its key. */
const ALL_APPLICATION_ROWS: readonly ApplicationRow[] = [...APPLICATION_ROWS, ...APPLICATION_ROWS_2019.filter((row) => !APPLICATION_ROWS.some((r) => r.key === row.key))];

export function anyApplicationRow(key: AnyApplicationRowKey): ApplicationRow | undefined {
  return ALL_APPLICATION_ROWS.find((row) => row.key === key);
}

/** The rows of either template in one document order: the single （六） stands where 2021's three items do. */
export const APPLICATION_ROWS_IN_DOCUMENT_ORDER: readonly ApplicationRow[] = APPLICATION_ROWS.flatMap((row): ApplicationRow[] => {
  const shared: ApplicationRow = row;
  const single = APPLICATION_ROWS_2019.find((r) => r.key === "otherDisposal");
  return shared.key === "otherNoCorrection" && single ? [single, shared] : [shared];
});
