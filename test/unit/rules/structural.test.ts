import { describe, expect, it } from "vitest";
import { runRules } from "../../../functions/report/rules";
import { buildContext, buildReport, sectionsOf, setRaw } from "./report-builder";
import { check } from "./helpers";

describe("S-01 template version matches the report year", () => {
  it("passes for a 2024 report on the 2021 template, and for imported 2020 history on the 2019 one", () => {
    expect(check("S-01", buildContext())).toEqual([]);
    const history = buildReport();
    history.year = 2020;
    history.templateVersion = "2019";
    expect(check("S-01", buildContext({ report: history }))).toEqual([]);
  });

  it("fails for a 2024 report on the 2019 template", () => {
    const report = buildReport();
    report.templateVersion = "2019";
    expect(check("S-01", buildContext({ report }))).toEqual([
      {
        ruleId: "S-01",
        severity: "ERROR",
        path: "templateVersion",
        expected: "2021",
        actual: "2019",
        message: "2024年度报告应使用2021年版年度报告格式（国办公开办函〔2021〕30号），实为“2019”",
      },
    ]);
  });
});

describe("S-02 all sections present", () => {
  it("passes when the preamble and the six parts are present", () => {
    expect(check("S-02", buildContext())).toEqual([]);
  });

  it("reports each missing section by its heading, 导语 for the preamble", () => {
    const report = buildReport();
    delete report.sections.preamble;
    delete report.sections.applications;
    expect(check("S-02", buildContext({ report }))).toEqual([
      { ruleId: "S-02", severity: "ERROR", path: "preamble", message: "报告缺少“导语”，请填写后再提交" },
      {
        ruleId: "S-02",
        severity: "ERROR",
        path: "applications",
        message: "报告缺少“三、收到和处理政府信息公开申请情况”，请填写后再提交",
      },
    ]);
  });

  it("lets the other rules skip what is absent: a draft with only a preamble has S-02 findings only", () => {
    const report = buildReport();
    report.sections = { preamble: sectionsOf(report).preamble };
    const { findings } = runRules(buildContext({ report }));
    expect(findings.map((f) => f.path)).toEqual([
      "overview",
      "activeDisclosure",
      "applications",
      "reviewLitigation",
      "problemsAndImprovements",
      "otherMatters",
    ]);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(["S-02"]));
  });
});

describe("S-03 every table cell holds a number", () => {
  it("passes when every cell is filled (zeros included)", () => {
    expect(check("S-03", buildContext())).toEqual([]);
  });

  it("reports “/”, “—”, null, missing cells and missing rows, and does not cascade into the sums", () => {
    const report = buildReport();
    const sections = sectionsOf(report);
    setRaw(sections.applications.rows.granted, "naturalPerson", "/");
    setRaw(sections.reviewLitigation.review, "pending", null);
    setRaw(sections.activeDisclosure.administrativeFees, "amountWanYuan", "—");
    delete (sections.activeDisclosure.normativeDocuments as Partial<typeof sections.activeDisclosure.normativeDocuments>).repealed;
    delete (sections.applications.rows as Partial<typeof sections.applications.rows>).carriedForward;
    const context = buildContext({ report });

    expect(check("S-03", context)).toEqual([
      {
        ruleId: "S-03",
        severity: "ERROR",
        path: "activeDisclosure.normativeDocuments.repealed",
        actual: "空",
        message: "第二部分表格“行政规范性文件”行“本年废止件数”未填写数字，无数据时应填0",
      },
      {
        ruleId: "S-03",
        severity: "ERROR",
        path: "activeDisclosure.administrativeFees.amountWanYuan",
        actual: "—",
        message: "第二部分表格“行政事业性收费”行“本年收费金额（单位：万元）”未填写数字（实为“—”），无数据时应填0",
      },
      {
        ruleId: "S-03",
        severity: "ERROR",
        path: "applications.rows.granted.naturalPerson",
        actual: "/",
        message: "第三部分表格“（一）予以公开”行“自然人”列未填写数字（实为“/”），无数据时应填0",
      },
      {
        ruleId: "S-03",
        severity: "ERROR",
        path: "applications.rows.carriedForward",
        message: "第三部分表格“四、结转下年度继续办理”行未填写，各单元格均须填写数字（无数据时填0）",
      },
      {
        ruleId: "S-03",
        severity: "ERROR",
        path: "reviewLitigation.review.pending",
        actual: "null",
        message: "第四部分表格“行政复议”“尚未审结”没有数字（导入时未能从原文读取，请核对原文），无数据时应填0",
      },
    ]);
    // A cell that holds no number cannot be summed: the sums that need it are skipped, not failed.
    const { findings } = runRules(context);
    expect(findings.filter((f) => /^T[34]-0/.test(f.ruleId))).toEqual([]);
    expect(findings.filter((f) => f.ruleId === "S-04" || f.ruleId === "S-05")).toEqual([]);
  });

  it("accepts the other no-value markers of format-spec S-03 as missing too", () => {
    for (const marker of ["", "  ", "-", "--", "无", "不适用", "N/A"]) {
      const report = buildReport();
      setRaw(sectionsOf(report).applications.rows.newReceived, "total", marker);
      const findings = check("S-03", buildContext({ report }));
      expect(findings.map((f) => f.path), marker).toEqual(["applications.rows.newReceived.total"]);
    }
  });
});

describe("S-04 counts are non-negative integers", () => {
  it("passes for the base report", () => {
    expect(check("S-04", buildContext())).toEqual([]);
  });

  it("reports negative, fractional and text-typed counts, in the tables and in section 六", () => {
    const report = buildReport();
    const sections = sectionsOf(report);
    setRaw(sections.activeDisclosure.administrativePenalty, "decisions", -1);
    setRaw(sections.applications.rows.granted, "commercialEnterprise", 2.5);
    setRaw(sections.reviewLitigation.litigationDirect, "total", "1");
    setRaw(sections.otherMatters.processingFee, "feeNoticesIssued", -2);
    expect(check("S-04", buildContext({ report }))).toEqual([
      {
        ruleId: "S-04",
        severity: "ERROR",
        path: "activeDisclosure.administrativePenalty.decisions",
        expected: "非负整数",
        actual: "-1",
        message: "第二部分表格“行政处罚”行“本年处理决定数量”应为非负整数（实为-1）",
      },
      {
        ruleId: "S-04",
        severity: "ERROR",
        path: "applications.rows.granted.commercialEnterprise",
        expected: "非负整数",
        actual: "2.5",
        message: "第三部分表格“（一）予以公开”行“商业企业”列应为非负整数（实为2.5）",
      },
      {
        ruleId: "S-04",
        severity: "ERROR",
        path: "reviewLitigation.litigationDirect.total",
        expected: "非负整数",
        actual: "1",
        message: "第四部分表格“行政诉讼·未经复议直接起诉”“总计”应为非负整数（实为1）",
      },
      {
        ruleId: "S-04",
        severity: "ERROR",
        path: "otherMatters.processingFee.feeNoticesIssued",
        expected: "非负整数",
        actual: "-2",
        message: "“六、其他需要报告的事项”“信息处理费收取情况”“发出收费通知件数”应为非负整数（实为-2）",
      },
    ]);
  });
});

describe("S-05 the fee amount is a decimal in 万元", () => {
  it("passes for 0 and for six decimals (分 precision)", () => {
    expect(check("S-05", buildContext())).toEqual([]);
    const report = buildReport();
    sectionsOf(report).activeDisclosure.administrativeFees.amountWanYuan = "24252.311082";
    expect(check("S-05", buildContext({ report }))).toEqual([]);
  });

  it("reports separators, unit text and more than six decimals", () => {
    for (const amount of ["1,200", "5万元", "12.1234567", "-3"]) {
      const report = buildReport();
      sectionsOf(report).activeDisclosure.administrativeFees.amountWanYuan = amount;
      expect(check("S-05", buildContext({ report })), amount).toEqual([
        {
          ruleId: "S-05",
          severity: "ERROR",
          path: "activeDisclosure.administrativeFees.amountWanYuan",
          expected: "以万元为单位的非负小数（最多6位小数）",
          actual: amount,
          message: `第二部分表格“行政事业性收费”行“本年收费金额（单位：万元）”应为以万元为单位的非负小数，最多6位小数，不含千位分隔符和单位（实为“${amount}”）`,
        },
      ]);
    }
  });
});

describe("S-06 implausible magnitudes", () => {
  it("passes at the thresholds", () => {
    const report = buildReport();
    const sections = sectionsOf(report);
    sections.activeDisclosure.administrativeLicensing.decisions = 1_000_000;
    sections.activeDisclosure.administrativeFees.amountWanYuan = "10000000";
    expect(check("S-06", buildContext({ report }))).toEqual([]);
  });

  it("warns above them", () => {
    const report = buildReport();
    const sections = sectionsOf(report);
    sections.activeDisclosure.administrativeLicensing.decisions = 1_000_001;
    sections.activeDisclosure.administrativeFees.amountWanYuan = "10000000.01";
    expect(check("S-06", buildContext({ report }))).toEqual([
      {
        ruleId: "S-06",
        severity: "WARNING",
        path: "activeDisclosure.administrativeLicensing.decisions",
        expected: "≤1000000",
        actual: "1000001",
        message: "第二部分表格“行政许可”行“本年处理决定数量”（1000001）超过1000000，请核对是否录入有误",
      },
      {
        ruleId: "S-06",
        severity: "WARNING",
        path: "activeDisclosure.administrativeFees.amountWanYuan",
        expected: "≤10000000",
        actual: "10000000.01",
        message: "第二部分表格“行政事业性收费”行“本年收费金额（单位：万元）”（10000000.01万元）超过10000000万元，请核对金额单位是否为万元",
      },
    ]);
  });
});
