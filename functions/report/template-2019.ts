/**
 * The 2019 template (国办公开办函〔2019〕60号《…年度报告格式（试行）》), used for report years 2019 and 2020:
 * the labels that differ from the 2021 template (the zod schemas of its table 二 and table 三 are in
 * template-2019-schemas.ts, so the renderer and the rules read these without building schemas).
 * Everything the two templates share (table 三's header and most rows, table 四, headings) is read from
 * catalogue.ts; only what is 2019-specific is written here. Source: format-spec.md §3.2, §4.3, §9.
 */
import {
  ACTIVE_DISCLOSURE_BLOCKS,
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  APPLICATION_SUBGROUPS,
  type ApplicationRow,
  type ApplicationRowKey,
} from "./catalogue";

export const TEMPLATE_2019_VERSION = "2019" as const;
export const TEMPLATE_2019_BASIS = "国办公开办函〔2019〕60号";

// ---------------------------------------------------------------- table 二 (5 logical blocks)

export type ActiveDisclosure2019RowKey =
  | "regulations"
  | "normativeDocuments"
  | "administrativeLicensing"
  | "otherExternalServices"
  | "administrativePenalty"
  | "administrativeCoercion"
  | "administrativeFees"
  | "centralizedProcurement";
export type ActiveDisclosure2019ColumnKey =
  | "newlyMade"
  | "newlyPublished"
  | "totalPublished"
  | "previousYearItems"
  | "changeThisYear"
  | "decisions"
  | "projectCount"
  | "totalAmount";

export interface ActiveDisclosure2019Block {
  title: string;
  columns: readonly { key: ActiveDisclosure2019ColumnKey; label: string }[];
  rows: readonly { key: ActiveDisclosure2019RowKey; label: string }[];
}

const [block2021Item1, block2021Item5, block2021Item6, block2021Item8] = ACTIVE_DISCLOSURE_BLOCKS;
const PREVIOUS_YEAR_ITEMS = { key: "previousYearItems", label: "上一年项目数量" } as const;
const CHANGE_THIS_YEAR = { key: "changeThisYear", label: "本年增/减" } as const;
const DECISIONS_2019 = { key: "decisions", label: "处理决定数量" } as const;

/** 2021 rows whose label did not change keep it from the 2021 catalogue. */
const rowOf = (block: (typeof ACTIVE_DISCLOSURE_BLOCKS)[number], index: number) => block.rows[index]!;

export const ACTIVE_DISCLOSURE_2019_BLOCKS = [
  {
    title: block2021Item1.title,
    columns: [
      { key: "newlyMade", label: "本年新制作数量" },
      { key: "newlyPublished", label: "本年新公开数量" },
      { key: "totalPublished", label: "对外公开总数量" },
    ],
    rows: [rowOf(block2021Item1, 0), { key: "normativeDocuments", label: "规范性文件" }],
  },
  {
    title: block2021Item5.title,
    columns: [PREVIOUS_YEAR_ITEMS, CHANGE_THIS_YEAR, DECISIONS_2019],
    rows: [rowOf(block2021Item5, 0), { key: "otherExternalServices", label: "其他对外管理服务事项" }],
  },
  {
    title: block2021Item6.title,
    columns: [PREVIOUS_YEAR_ITEMS, CHANGE_THIS_YEAR, DECISIONS_2019],
    rows: [rowOf(block2021Item6, 0), rowOf(block2021Item6, 1)],
  },
  {
    title: block2021Item8.title,
    columns: [PREVIOUS_YEAR_ITEMS, CHANGE_THIS_YEAR],
    rows: [rowOf(block2021Item8, 0)],
  },
  {
    title: "第二十条第（九）项",
    columns: [
      { key: "projectCount", label: "采购项目数量" },
      { key: "totalAmount", label: "采购总金额" },
    ],
    rows: [{ key: "centralizedProcurement", label: "政府集中采购" }],
  },
] as const satisfies readonly ActiveDisclosure2019Block[];

/** The only signed cell of either template (S-04). */
export const SIGNED_2019_COLUMN: ActiveDisclosure2019ColumnKey = "changeThisYear";
export const PROCUREMENT_AMOUNT_UNITS = ["元", "万元"] as const;

// ---------------------------------------------------------------- table 三 (23 rows)

/** The single （六）其他处理 row that 2021 split into three items. */
export const OTHER_DISPOSAL_2019_ROW = {
  key: "otherDisposal",
  label: APPLICATION_SUBGROUPS.other,
  level: "result",
  isOutcome: true,
} as const satisfies ApplicationRow;

/** 2019 rows in render order: the 2021 rows with （六）'s three items replaced by the single row. */
export const APPLICATION_ROWS_2019: readonly ApplicationRow[] = APPLICATION_ROWS.flatMap((row): ApplicationRow[] => {
  const shared: ApplicationRow = row;
  if (shared.subgroup !== "other") return [shared];
  return shared.key === "otherNoCorrection" ? [OTHER_DISPOSAL_2019_ROW] : [];
});
/** Row keys of 2019's table 三: the 2021 keys less （六）'s three items, plus the single （六） row. */
export type Application2019RowKey = Exclude<ApplicationRowKey, "otherNoCorrection" | "otherFeeUnpaid" | "otherOther"> | "otherDisposal";
export const APPLICATION_ROW_KEYS_2019 = APPLICATION_ROWS_2019.map((r) => r.key) as Application2019RowKey[];
/** Rows counted in （七）总计 on the 2019 template (T3-02): 3–20 plus the single （六）. */
export const OUTCOME_ROW_KEYS_2019 = APPLICATION_ROWS_2019.filter((r) => r.isOutcome).map((r) => r.key) as Application2019RowKey[];
/** Rows spanned by 三、本年度办理结果 in 2019 (20). */
export const RESULTS_ROW_SPAN_2019 = APPLICATION_ROWS_2019.filter((r) => r.level !== "top").length;

/** 采购总金额 as written, without its unit: a non-negative decimal string. */
export const PROCUREMENT_AMOUNT_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,6})?$/;

/** Columns are shared with 2021 (format-spec §4.1). */
export const APPLICANT_COLUMNS_2019 = APPLICANT_COLUMNS;
