import { describe, expect, it } from "vitest";
import { ruleById } from "../../../functions/report/rules";
import { buildContext, buildPreviousReport, buildReport, exampleReport, sectionsOf } from "./report-builder";
import { check } from "./helpers";

describe("T3-01 第一项 + 第二项 = 第三项 + 第四项, column by column", () => {
  it("passes for the base report (e.g. 自然人 12 + 2 = 13 + 1)", () => {
    expect(check("T3-01", buildContext())).toEqual([]);
  });

  it("reports each column where the identity breaks, in the template's own words", () => {
    const report = buildReport();
    const rows = sectionsOf(report).applications.rows;
    rows.newReceived.naturalPerson += 1;
    rows.newReceived.total += 1;
    const findings = check("T3-01", buildContext({ report }));
    expect(findings).toEqual([
      {
        ruleId: "T3-01",
        severity: "ERROR",
        path: "applications.rows.totalProcessed.naturalPerson",
        expected: "15",
        actual: "14",
        message: "第三部分表格“自然人”列：第一项加第二项之和（15）不等于第三项加第四项之和（14）",
      },
      {
        ruleId: "T3-01",
        severity: "ERROR",
        path: "applications.rows.totalProcessed.total",
        expected: "23",
        actual: "22",
        message: "第三部分表格“总计”列：第一项加第二项之和（23）不等于第三项加第四项之和（22）",
      },
    ]);
  });

  it("gives the message of format-spec §9 for 12 against 11", () => {
    const report = buildReport();
    const rows = sectionsOf(report).applications.rows;
    rows.newReceived.naturalPerson = 10; // 第一项 10 + 第二项 2 = 12
    rows.totalProcessed.naturalPerson = 11; // 第三项 11 + 第四项 0 = 11
    rows.carriedForward.naturalPerson = 0;
    const [naturalPerson] = check("T3-01", buildContext({ report }));
    expect(naturalPerson?.message).toBe("第三部分表格“自然人”列：第一项加第二项之和（12）不等于第三项加第四项之和（11）");
  });
});

describe("T3-02 （七）总计 = the sum of all outcome rows", () => {
  it("passes for the base report", () => {
    expect(check("T3-02", buildContext())).toEqual([]);
  });

  it("reports a column whose （七）总计 differs from its outcomes", () => {
    const report = buildReport();
    sectionsOf(report).applications.rows.totalProcessed.total = 21;
    expect(check("T3-02", buildContext({ report }))).toEqual([
      {
        ruleId: "T3-02",
        severity: "ERROR",
        path: "applications.rows.totalProcessed.total",
        expected: "20",
        actual: "21",
        message: "第三部分表格“总计”列：“（七）总计”（21）不等于各项办理结果之和（20）",
      },
    ]);
  });

  it("counts every sub-item of （三）–（六）, the new （六）2. included", () => {
    const report = buildReport();
    sectionsOf(report).applications.rows.otherFeeUnpaid.researchInstitution = 1;
    expect(check("T3-02", buildContext({ report })).map((f) => [f.path, f.expected, f.actual])).toEqual([
      ["applications.rows.totalProcessed.researchInstitution", "2", "1"],
    ]);
  });
});

describe("T3-03 总计 = the sum of the applicant columns, row by row", () => {
  it("passes for the base report", () => {
    expect(check("T3-03", buildContext())).toEqual([]);
  });

  it("reports each row whose 总计 differs, naming sub-items with their group", () => {
    const report = buildReport();
    const rows = sectionsOf(report).applications.rows;
    rows.newReceived.total = 20;
    rows.deniedStateSecret.total = 1;
    expect(check("T3-03", buildContext({ report }))).toEqual([
      {
        ruleId: "T3-03",
        severity: "ERROR",
        path: "applications.rows.newReceived.total",
        expected: "19",
        actual: "20",
        message: "第三部分表格“一、本年新收政府信息公开申请数量”行：“总计”（20）不等于各类申请人之和（19）",
      },
      {
        ruleId: "T3-03",
        severity: "ERROR",
        path: "applications.rows.deniedStateSecret.total",
        expected: "0",
        actual: "1",
        message: "第三部分表格“（三）不予公开1.属于国家秘密”行：“总计”（1）不等于各类申请人之和（0）",
      },
    ]);
  });
});

describe("T3-X1 上年结转 = last year's 结转下年度继续办理", () => {
  it("requires an acknowledgement", () => {
    expect(ruleById("T3-X1")?.requiresAcknowledgement).toBe(true);
  });

  it("passes when the rows agree", () => {
    expect(check("T3-X1", buildContext({ previous: buildPreviousReport() }))).toEqual([]);
  });

  it("warns per column that differs", () => {
    const previous = buildPreviousReport();
    const carriedForward = sectionsOf(previous).applications.rows.carriedForward;
    carriedForward.naturalPerson = 3;
    carriedForward.total = 4;
    expect(check("T3-X1", buildContext({ previous }))).toEqual([
      {
        ruleId: "T3-X1",
        severity: "WARNING",
        path: "applications.rows.carriedOver.naturalPerson",
        expected: "3",
        actual: "2",
        message: "第三部分表格“二、上年结转政府信息公开申请数量”行“自然人”列（2）与上年度报告“四、结转下年度继续办理”行同列（3）不一致",
      },
      {
        ruleId: "T3-X1",
        severity: "WARNING",
        path: "applications.rows.carriedOver.total",
        expected: "4",
        actual: "3",
        message: "第三部分表格“二、上年结转政府信息公开申请数量”行“总计”列（3）与上年度报告“四、结转下年度继续办理”行同列（4）不一致",
      },
    ]);
  });

  it("compares only years on the same template (issue 9), and is skipped without last year's report", () => {
    const previous = buildPreviousReport();
    sectionsOf(previous).applications.rows.carriedForward.total = 4;
    expect(check("T3-X1", buildContext({ previous })).map((f) => f.path)).toEqual(["applications.rows.carriedOver.total"]);
    // The same mismatch across the 2020 → 2021 template change is not evaluated.
    previous.templateVersion = "2019";
    expect(check("T3-X1", buildContext({ previous }))).toEqual([]);
    expect(check("T3-X1", buildContext())).toEqual([]);
  });

  it("is skipped when the report handed over is not last year's", () => {
    const previous = buildPreviousReport();
    previous.year = 2022;
    sectionsOf(previous).applications.rows.carriedForward.total = 4;
    expect(check("T3-X1", buildContext({ previous }))).toEqual([]);
  });
});

/** The base report with a different 依申请公开 paragraph. */
function withRequestText(text: string) {
  const report = buildReport();
  sectionsOf(report).overview.requestDisclosure = text;
  return buildContext({ report });
}

describe("T3-N1 text about requests agrees with table 三", () => {
  it("passes for the base report (收到19, 上年结转3, 办结20, 结转下年2) and for the example (收到1)", () => {
    expect(check("T3-N1", buildContext())).toEqual([]);
    expect(check("T3-N1", buildContext({ report: exampleReport() }))).toEqual([]);
  });

  it("accepts both readings of 收到: the new requests, or new plus carried over", () => {
    expect(check("T3-N1", withRequestText("全年共受理政府信息公开申请22件。"))).toEqual([]);
    expect(check("T3-N1", withRequestText("全年共受理政府信息公开申请19件。"))).toEqual([]);
  });

  it("warns for each row a stated number contradicts", () => {
    const findings = check(
      "T3-N1",
      withRequestText("2024年共收到依申请公开办件25件，办理上年度结转申请4件，办结21件，结转至下年度继续办理5件。"),
    );
    const where = "“一、总体情况”“（二）依申请公开”中";
    expect(findings).toEqual([
      {
        ruleId: "T3-N1",
        severity: "WARNING",
        path: "overview.requestDisclosure",
        expected: "19或22",
        actual: "25",
        message: `${where}“收到依申请公开办件25件”与第三部分表格“一、本年新收政府信息公开申请数量”行“总计”列（19）及其与“二、上年结转政府信息公开申请数量”之和（22）均不一致`,
      },
      {
        ruleId: "T3-N1",
        severity: "WARNING",
        path: "overview.requestDisclosure",
        expected: "3",
        actual: "4",
        message: `${where}“上年度结转申请4件”与第三部分表格“二、上年结转政府信息公开申请数量”行“总计”列（3）不一致`,
      },
      {
        ruleId: "T3-N1",
        severity: "WARNING",
        path: "overview.requestDisclosure",
        expected: "20",
        actual: "21",
        message: `${where}“办结21件”与第三部分表格“（七）总计”行“总计”列（20）不一致`,
      },
      {
        ruleId: "T3-N1",
        severity: "WARNING",
        path: "overview.requestDisclosure",
        expected: "2",
        actual: "5",
        message: `${where}“结转至下年度继续办理5件”与第三部分表格“四、结转下年度继续办理”行“总计”列（2）不一致`,
      },
    ]);
  });

  it("reads 答复N件 as 办结", () => {
    expect(check("T3-N1", withRequestText("已答复21件。")).map((f) => [f.expected, f.actual])).toEqual([["20", "21"]]);
  });

  it("leaves alone numbers that do not name one row of this year", () => {
    const text = [
      "2023年共收到依申请公开办件5件",
      "较上年多收到政府信息公开申请5件",
      "受理行政许可申请500件",
      "收到政府信息公开申请超过30件",
      "收到政府信息公开申请十件",
      "办结率100%",
    ].join("。");
    expect(check("T3-N1", withRequestText(text))).toEqual([]);
  });
});

describe("T3-N2 unpaid fee notices are stated in section 六", () => {
  it("passes when section 六 states as many fee notices, or mentions them in its statement", () => {
    expect(check("T3-N2", buildContext())).toEqual([]);
    const report = buildReport();
    sectionsOf(report).otherMatters.processingFee = {
      charged: false,
      amountYuan: "0",
      statement: "2024年度发出收费通知1件，申请人未缴纳费用，未收取信息处理费。",
    };
    expect(check("T3-N2", buildContext({ report }))).toEqual([]);
  });

  it("passes when there were no such requests (the example report)", () => {
    expect(check("T3-N2", buildContext({ report: exampleReport() }))).toEqual([]);
  });

  it("warns when fewer notices are stated than requests ended unpaid", () => {
    const report = buildReport();
    sectionsOf(report).otherMatters.processingFee.feeNoticesIssued = 0;
    expect(check("T3-N2", buildContext({ report }))).toEqual([
      {
        ruleId: "T3-N2",
        severity: "WARNING",
        path: "otherMatters.processingFee.feeNoticesIssued",
        expected: "≥1",
        actual: "0",
        message:
          "“六、其他需要报告的事项”“信息处理费收取情况”“发出收费通知件数”（0）少于第三部分表格“（六）其他处理2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”行“总计”列（1）",
      },
    ]);
  });

  it("warns when section 六 only says no fee was collected", () => {
    const report = buildReport();
    sectionsOf(report).otherMatters.processingFee = { charged: false, amountYuan: "0", statement: "2024年度，无收取信息处理费情况。" };
    expect(check("T3-N2", buildContext({ report }))).toEqual([
      {
        ruleId: "T3-N2",
        severity: "WARNING",
        path: "otherMatters.processingFee",
        message:
          "第三部分表格“（六）其他处理2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”行“总计”列为1，但“六、其他需要报告的事项”“信息处理费收取情况”未说明发出的收费通知，请填写“发出收费通知件数”或在表述中说明",
      },
    ]);
  });
});
