/** Rules of table 三 (收到和处理政府信息公开申请情况), format-spec §6.3: the core 勾稽关系. */
import {
  SECTION_ORDINALS,
  APPLICATIONS_NOTE,
  APPLICANT_COLUMNS,
  APPLICATION_COLUMNS,
  APPLICATION_IDENTITY,
  APPLICATION_TOTAL_COLUMN,
  OTHER_MATTERS_FIELDS,
  PROCESSING_FEE_FIELDS,
  applicationRow,
  applicationRowFullLabel,
  type ApplicationColumnKey,
} from "../catalogue";
import type { Rule } from "../findings";
import type { AnyReportContent } from "../schemas";
import { defineRule } from "./define";
import { applicationCellName, applicationColumnName, applicationRowName, overviewFieldName, quoted, sectionName } from "./labels";
import { APPLICATION_ROWS_OF, OUTCOME_ROW_KEYS_OF, type AnyApplicationRowKey } from "./layouts";
import { countAt, isPreviousYear, isSameTemplate, reportYear, sectionOf, templateOf, textAt, valueAt } from "./read";
import {
  COMPARES_WITH_PAST,
  clausesOf,
  namesAnotherYear,
  overviewTexts,
  statedCounts,
  withoutPhrases,
  type OverviewField,
} from "./text-numbers";

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** T3-01…T3-03 are the table's own identities, the same on both templates (format-spec §6.3). */
const BOTH_TEMPLATES = ["2021", "2019"] as const;

/**
 * Reads cells of table 三; undefined for a missing or malformed cell (S-03/S-04 report those) and for
 * a cell an import could not read (null): an identity with an unknown term is not evaluated.
 */
function applicationCells(report: AnyReportContent) {
  const section = sectionOf(report, "applications");
  const template = templateOf(report);
  return {
    present: section !== undefined,
    /** The rows of the report's template (23 in 2019, 25 in 2021), in render order. */
    rowKeys: APPLICATION_ROWS_OF[template].map((row) => row.key as AnyApplicationRowKey),
    outcomeRowKeys: OUTCOME_ROW_KEYS_OF[template],
    cell: (row: AnyApplicationRowKey, column: ApplicationColumnKey): number | undefined => countAt(section, "rows", row, column),
    /** Every listed cell, or undefined when any of them cannot be read. */
    cells(rows: readonly AnyApplicationRowKey[], column: ApplicationColumnKey): number[] | undefined {
      const values = rows.map((row) => countAt(section, "rows", row, column));
      return values.every((v) => v !== undefined) ? (values as number[]) : undefined;
    },
  };
}

const { first, second, third, fourth } = APPLICATION_IDENTITY;

export const T301 = defineRule({
  id: "T3-01",
  severity: "ERROR",
  templates: BOTH_TEMPLATES,
  description: `每一列（含“总计”列）：${APPLICATIONS_NOTE.replace(/^（|）$/g, "")}。`,
  *findings({ report }) {
    const table = applicationCells(report);
    for (const column of APPLICATION_COLUMNS) {
      const received = table.cell(first, column.key);
      const carriedOver = table.cell(second, column.key);
      const processed = table.cell(third, column.key);
      const carriedForward = table.cell(fourth, column.key);
      if (received === undefined || carriedOver === undefined || processed === undefined || carriedForward === undefined) continue;
      const sources = received + carriedOver;
      const outcomes = processed + carriedForward;
      if (sources === outcomes) continue;
      yield {
        path: `applications.rows.${third}.${column.key}`,
        expected: String(sources),
        actual: String(outcomes),
        message: `${applicationColumnName(column.key)}：第一项加第二项之和（${sources}）不等于第三项加第四项之和（${outcomes}）`,
      };
    }
  },
});

export const T302 = defineRule({
  id: "T3-02",
  severity: "ERROR",
  templates: BOTH_TEMPLATES,
  description: `每一列：${quoted(applicationRow("totalProcessed").label)}等于（一）至（六）各项办理结果之和（含全部子项；2019年版（六）为单行）。`,
  *findings({ report }) {
    const table = applicationCells(report);
    const totalLabel = quoted(applicationRow("totalProcessed").label);
    for (const column of APPLICATION_COLUMNS) {
      const outcomes = table.cells(table.outcomeRowKeys, column.key);
      const declared = table.cell("totalProcessed", column.key);
      if (!outcomes || declared === undefined) continue;
      const outcomeSum = sum(outcomes);
      if (declared === outcomeSum) continue;
      yield {
        path: `applications.rows.totalProcessed.${column.key}`,
        expected: String(outcomeSum),
        actual: String(declared),
        message: `${applicationColumnName(column.key)}：${totalLabel}（${declared}）不等于各项办理结果之和（${outcomeSum}）`,
      };
    }
  },
});

export const T303 = defineRule({
  id: "T3-03",
  severity: "ERROR",
  templates: BOTH_TEMPLATES,
  description: `每一行：${quoted(APPLICATION_TOTAL_COLUMN.label)}等于各类申请人（${APPLICANT_COLUMNS.map((c) => c.label).join("、")}）之和。`,
  *findings({ report }) {
    const table = applicationCells(report);
    const totalLabel = quoted(APPLICATION_TOTAL_COLUMN.label);
    for (const row of table.rowKeys) {
      const parts = APPLICANT_COLUMNS.map((column) => table.cell(row, column.key));
      const declared = table.cell(row, APPLICATION_TOTAL_COLUMN.key);
      if (declared === undefined || parts.some((part) => part === undefined)) continue;
      const partSum = sum(parts as number[]);
      if (declared === partSum) continue;
      yield {
        path: `applications.rows.${row}.${APPLICATION_TOTAL_COLUMN.key}`,
        expected: String(partSum),
        actual: String(declared),
        message: `${applicationRowName(row)}：${totalLabel}（${declared}）不等于各类申请人之和（${partSum}）`,
      };
    }
  },
});

export const T3X1 = defineRule({
  id: "T3-X1",
  severity: "WARNING",
  requiresAcknowledgement: true,
  templates: BOTH_TEMPLATES,
  description: `跨年度：本年${quoted(applicationRowFullLabel(second))}每一列等于上年度报告${quoted(applicationRowFullLabel(fourth))}同列（上年度报告在系统中且两年使用同一版格式时检查；不一致须说明）。`,
  *findings({ report, previous }) {
    // Skipped, not failed, while last year's report is not in the system. Both rows exist in both
    // templates, but issue 9 compares years only on the same template: a 2020 report (2019 template)
    // is not held against a 2021 one (format-spec §6.3 allowed it; the issue decided otherwise).
    if (!previous || !isPreviousYear(report, previous) || !isSameTemplate(report, previous)) return;
    const table = applicationCells(report);
    const previousTable = applicationCells(previous);
    const previousRowLabel = quoted(applicationRowFullLabel(fourth));
    for (const column of APPLICATION_COLUMNS) {
      const carriedOver = table.cell(second, column.key);
      const previousCarriedForward = previousTable.cell(fourth, column.key);
      if (carriedOver === undefined || previousCarriedForward === undefined || carriedOver === previousCarriedForward) continue;
      yield {
        path: `applications.rows.${second}.${column.key}`,
        expected: String(previousCarriedForward),
        actual: String(carriedOver),
        message: `${applicationCellName(second, column.key)}（${carriedOver}）与上年度报告${previousRowLabel}行同列（${previousCarriedForward}）不一致`,
      };
    }
  },
});

// ---------------------------------------------------------------- T3-N1

/**
 * Phrases of the text that name one row of table 三, tried in this order on each clause; a phrase
 * that matched is cut out before the looser ones run, so “办理上年度结转申请3件” is read as row 二
 * only and never again as “办理…申请3件” (row 一).
 */
const CARRIED_OVER_PHRASE = /上一?年度?结转(?:的|而来的)?(?:政府信息公开|依申请公开)?(?:申请)?(?:共计|共)?(?<count>\d+)件/dgu;
const CARRIED_FORWARD_PHRASE = /结转(?:至|到)?(?:下一?年度?)?(?:继续办理)?(?:的)?(?:申请)?(?:共计|共)?(?<count>\d+)件/dgu;
/** 答复 is a synonym of 办结 in these reports. */
const CONCLUDED_PHRASE = /(?:办结|答复)了?(?:政府信息公开|依申请公开)?(?:申请)?(?:共计|共)?(?<count>\d+)件/dgu;
/** e.g. 共收到依申请公开办件1件, 受理政府信息公开申请19件. Must mention 公开: “受理行政许可申请” is another matter. */
const RECEIVED_PHRASE = /(?:收到|受理|接收|办理)[^\d|]{0,16}?申请[^\d|]{0,8}?(?<count>\d+)件/dgu;

interface RowStatement {
  field: OverviewField;
  phrase: string;
  value: number;
  /** The table value(s) the stated number may equal. */
  accepted: number[];
  /** How the message names what the number was compared with. */
  comparedWith: string;
}

function* applicationStatements(report: AnyReportContent): Generator<RowStatement> {
  const year = reportYear(report);
  const table = applicationCells(report);
  if (year === undefined || !table.present) return;
  const totalColumn = APPLICATION_TOTAL_COLUMN.key;
  const received = table.cell(first, totalColumn);
  const carriedOver = table.cell(second, totalColumn);
  const processed = table.cell(third, totalColumn);
  const carriedForward = table.cell(fourth, totalColumn);
  const totalCell = (row: AnyApplicationRowKey) => applicationCellName(row, totalColumn);

  for (const { field, text } of overviewTexts(report)) {
    for (const original of clausesOf(text)) {
      if (namesAnotherYear(original, year)) continue;
      let clause = original;

      const carriedOverStated = statedCounts(clause, CARRIED_OVER_PHRASE);
      if (carriedOver !== undefined) {
        for (const s of carriedOverStated) {
          yield { field, phrase: s.phrase, value: s.value, accepted: [carriedOver], comparedWith: `${totalCell(second)}（${carriedOver}）` };
        }
      }
      clause = withoutPhrases(clause, carriedOverStated);
      // What remains may compare with last year (“与去年持平”, “较上年增加2件”): not this year's rows.
      if (COMPARES_WITH_PAST.test(clause)) continue;

      const carriedForwardStated = statedCounts(clause, CARRIED_FORWARD_PHRASE);
      if (carriedForward !== undefined) {
        for (const s of carriedForwardStated) {
          yield { field, phrase: s.phrase, value: s.value, accepted: [carriedForward], comparedWith: `${totalCell(fourth)}（${carriedForward}）` };
        }
      }
      clause = withoutPhrases(clause, carriedForwardStated);

      const concludedStated = statedCounts(clause, CONCLUDED_PHRASE);
      if (processed !== undefined) {
        for (const s of concludedStated) {
          yield { field, phrase: s.phrase, value: s.value, accepted: [processed], comparedWith: `${totalCell(third)}（${processed}）` };
        }
      }
      clause = withoutPhrases(clause, concludedStated);

      if (received === undefined || carriedOver === undefined) continue;
      for (const s of statedCounts(clause, RECEIVED_PHRASE)) {
        if (!s.phrase.includes("公开") || /结转|办结|答复/u.test(s.phrase)) continue;
        // Real reports use both readings: the new requests, or new plus carried over.
        const withCarriedOver = received + carriedOver;
        yield {
          field,
          phrase: s.phrase,
          value: s.value,
          accepted: [received, withCarriedOver],
          comparedWith:
            carriedOver === 0
              ? `${totalCell(first)}（${received}）`
              : `${totalCell(first)}（${received}）及其与${quoted(applicationRowFullLabel(second))}之和（${withCarriedOver}）`,
        };
      }
    }
  }
}

export const T3N1 = defineRule({
  id: "T3-N1",
  severity: "WARNING",
  description:
    `${SECTION_ORDINALS.overview}文字中写明的收到（受理）申请数、办结（答复）数、上年结转数和结转下年数与${SECTION_ORDINALS.applications}表格一致（只比较明确对应某一行的数字）。`,
  *findings({ report }) {
    for (const statement of applicationStatements(report)) {
      if (statement.accepted.includes(statement.value)) continue;
      const readings = [...new Set(statement.accepted)];
      const verdict = readings.length > 1 ? "均不一致" : "不一致";
      yield {
        path: `overview.${statement.field}`,
        expected: readings.join("或"),
        actual: String(statement.value),
        message: `${overviewFieldName(statement.field)}中${quoted(statement.phrase)}与${statement.comparedWith}${verdict}`,
      };
    }
  },
});

// ---------------------------------------------------------------- T3-N2

/** Words that show the fee statement speaks of the fee notices (not only “无收取信息处理费”). */
const FEE_NOTICE_WORDS = /收费通知|缴费通知|缴纳费用|缴费/u;

export const T3N2 = defineRule({
  id: "T3-N2",
  severity: "WARNING",
  description: `${SECTION_ORDINALS.applications}表格${quoted(applicationRowFullLabel("otherFeeUnpaid"))}行有申请时，${SECTION_ORDINALS.otherMatters}${quoted(OTHER_MATTERS_FIELDS.processingFee)}应说明发出的收费通知。`,
  *findings({ report }) {
    const unpaid = countAt(sectionOf(report, "applications"), "rows", "otherFeeUnpaid", APPLICATION_TOTAL_COLUMN.key);
    const otherMatters = sectionOf(report, "otherMatters");
    if (unpaid === undefined || unpaid === 0 || !otherMatters) return;
    const unpaidCell = applicationCellName("otherFeeUnpaid", APPLICATION_TOTAL_COLUMN.key);
    const feeName = `${sectionName("otherMatters")}${quoted(OTHER_MATTERS_FIELDS.processingFee)}`;
    const noticesIssued = valueAt(otherMatters, "processingFee", "feeNoticesIssued");
    const noticesIssuedCount = countAt(otherMatters, "processingFee", "feeNoticesIssued");
    if (noticesIssuedCount !== undefined) {
      // Each such request had a notice, so at least that many notices were issued.
      if (noticesIssuedCount >= unpaid) return;
      yield {
        path: "otherMatters.processingFee.feeNoticesIssued",
        expected: `≥${unpaid}`,
        actual: String(noticesIssuedCount),
        message: `${feeName}${quoted(PROCESSING_FEE_FIELDS.feeNoticesIssued)}（${noticesIssuedCount}）少于${unpaidCell}（${unpaid}）`,
      };
      return;
    }
    if (noticesIssued !== undefined && noticesIssued !== null) return; // malformed: S-04 reports it
    const statement = textAt(otherMatters, "processingFee", "statement");
    if (FEE_NOTICE_WORDS.test(statement)) return;
    yield {
      path: "otherMatters.processingFee",
      message: `${unpaidCell}为${unpaid}，但${feeName}未说明发出的收费通知，请填写${quoted(PROCESSING_FEE_FIELDS.feeNoticesIssued)}或在表述中说明`,
    };
  },
});

export const TABLE3_RULES: readonly Rule[] = [T301, T302, T303, T3X1, T3N1, T3N2];
