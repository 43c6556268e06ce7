import { describe, expect, it } from "vitest";
import type { ReviewGroupKey } from "../../../functions/report/catalogue";
import { buildContext, buildReport, sectionsOf } from "./report-builder";
import { check } from "./helpers";

const GROUP_RULES: readonly { id: string; group: ReviewGroupKey; name: string; parts: number }[] = [
  { id: "T4-01", group: "review", name: "行政复议", parts: 3 },
  { id: "T4-02", group: "litigationDirect", name: "行政诉讼·未经复议直接起诉", parts: 1 },
  { id: "T4-03", group: "litigationAfterReview", name: "行政诉讼·复议后起诉", parts: 1 },
];

describe.each(GROUP_RULES)("$id $name: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", ({ id, group, name, parts }) => {
  it("passes for the base report", () => {
    expect(check(id, buildContext())).toEqual([]);
  });

  it("reports a 总计 that differs from its four parts", () => {
    const report = buildReport();
    sectionsOf(report).reviewLitigation[group].total = parts + 1;
    expect(check(id, buildContext({ report }))).toEqual([
      {
        ruleId: id,
        severity: "ERROR",
        path: `reviewLitigation.${group}.total`,
        expected: String(parts),
        actual: String(parts + 1),
        message: `第四部分表格“${name}”：“总计”（${parts + 1}）不等于结果维持、结果纠正、其他结果、尚未审结之和（${parts}）`,
      },
    ]);
  });

  it("looks at its own group only", () => {
    const report = buildReport();
    const others = GROUP_RULES.filter((rule) => rule.group !== group);
    for (const other of others) sectionsOf(report).reviewLitigation[other.group].total += 5;
    expect(check(id, buildContext({ report }))).toEqual([]);
  });
});

it("T4-03 gives the message of the brief for 2 against 1", () => {
  const report = buildReport();
  sectionsOf(report).reviewLitigation.litigationAfterReview.total = 2;
  expect(check("T4-03", buildContext({ report }))[0]?.message).toBe(
    "第四部分表格“行政诉讼·复议后起诉”：“总计”（2）不等于结果维持、结果纠正、其他结果、尚未审结之和（1）",
  );
});

describe("T4-N1 text about 行政复议 and 行政诉讼 agrees with table 四", () => {
  it("passes for the base report (行政复议3件、行政诉讼2件)", () => {
    expect(check("T4-N1", buildContext())).toEqual([]);
  });

  it("warns for stated counts that differ", () => {
    const report = buildReport();
    sectionsOf(report).overview.supervisionAndGuarantee = "全年被申请行政复议5件，发生行政诉讼案件3起。";
    const where = "“一、总体情况”“（五）监督保障”中";
    expect(check("T4-N1", buildContext({ report }))).toEqual([
      {
        ruleId: "T4-N1",
        severity: "WARNING",
        path: "overview.supervisionAndGuarantee",
        expected: "3",
        actual: "5",
        message: `${where}“行政复议5件”与第四部分表格“行政复议”“总计”（3）不一致`,
      },
      {
        ruleId: "T4-N1",
        severity: "WARNING",
        path: "overview.supervisionAndGuarantee",
        expected: "2",
        actual: "3",
        message: `${where}“行政诉讼案件3起”与第四部分表格“行政诉讼·未经复议直接起诉”“总计”与“行政诉讼·复议后起诉”“总计”之和（2）不一致`,
      },
    ]);
  });

  it("leaves alone numbers shared by both, of another year, or compared with the past", () => {
    const report = buildReport();
    sectionsOf(report).overview.supervisionAndGuarantee =
      "行政复议、行政诉讼各0件。2023年行政复议7件。行政复议较上年减少1件。";
    expect(check("T4-N1", buildContext({ report }))).toEqual([]);
  });
});
