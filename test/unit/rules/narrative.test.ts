import { describe, expect, it } from "vitest";
import { buildContext, buildReport, exampleReport, sectionsOf, setRaw } from "./report-builder";
import { check } from "./helpers";

const FEE = "“六、其他需要报告的事项”“信息处理费收取情况”";

describe("N-01 section 六 states the 信息处理费", () => {
  it("passes when it states 未收取 with 0, or 已收取 with an amount", () => {
    expect(check("N-01", buildContext())).toEqual([]);
    const report = buildReport();
    sectionsOf(report).otherMatters.processingFee = { charged: true, amountYuan: "300.00", chargedRequests: 1 };
    expect(check("N-01", buildContext({ report }))).toEqual([]);
  });

  it("reports a missing statement", () => {
    const report = buildReport();
    delete (sectionsOf(report).otherMatters as { processingFee?: unknown }).processingFee;
    expect(check("N-01", buildContext({ report }))).toEqual([
      {
        ruleId: "N-01",
        severity: "ERROR",
        path: "otherMatters.processingFee",
        message: "“六、其他需要报告的事项”缺少“信息处理费收取情况”",
      },
    ]);
  });

  it("reports an amount that contradicts 是否收取", () => {
    const notCharged = buildReport();
    sectionsOf(notCharged).otherMatters.processingFee = { charged: false, amountYuan: "300" };
    expect(check("N-01", buildContext({ report: notCharged }))).toEqual([
      {
        ruleId: "N-01",
        severity: "ERROR",
        path: "otherMatters.processingFee.amountYuan",
        expected: "0",
        actual: "300",
        message: `${FEE}“是否收取”为未收取，但${FEE}“收取金额（元）”为300`,
      },
    ]);
    const charged = buildReport();
    sectionsOf(charged).otherMatters.processingFee = { charged: true, amountYuan: "0.00" };
    expect(check("N-01", buildContext({ report: charged }))).toEqual([
      {
        ruleId: "N-01",
        severity: "ERROR",
        path: "otherMatters.processingFee.amountYuan",
        expected: ">0",
        actual: "0.00",
        message: `${FEE}“是否收取”为已收取，但${FEE}“收取金额（元）”为0`,
      },
    ]);
  });

  it("reports malformed stored fields", () => {
    const report = buildReport();
    const fee = sectionsOf(report).otherMatters.processingFee;
    setRaw(fee, "charged", "否");
    setRaw(fee, "amountYuan", "三百元");
    expect(check("N-01", buildContext({ report }))).toEqual([
      { ruleId: "N-01", severity: "ERROR", path: "otherMatters.processingFee.charged", actual: "否", message: `${FEE}“是否收取”未填写` },
      {
        ruleId: "N-01",
        severity: "ERROR",
        path: "otherMatters.processingFee.amountYuan",
        expected: "以元为单位的非负金额（未收取填0）",
        actual: "三百元",
        message: `${FEE}“收取金额（元）”应为以元为单位的非负金额，未收取时填0（实为“三百元”）`,
      },
    ]);
  });
});

describe("N-02 section 五 states problems and improvements", () => {
  it("passes for real text", () => {
    expect(check("N-02", buildContext())).toEqual([]);
  });

  it("reports a field that is empty or just “无”", () => {
    const report = buildReport();
    const section = sectionsOf(report).problemsAndImprovements;
    section.problems = "无。";
    section.improvements = "  \n";
    expect(check("N-02", buildContext({ report }))).toEqual([
      {
        ruleId: "N-02",
        severity: "ERROR",
        path: "problemsAndImprovements.problems",
        actual: "无。",
        message: "“五、存在的主要问题及改进情况”中“存在的主要问题”不能为空或仅写“无”",
      },
      {
        ruleId: "N-02",
        severity: "ERROR",
        path: "problemsAndImprovements.improvements",
        actual: "空",
        message: "“五、存在的主要问题及改进情况”中“改进情况”不能为空或仅写“无”",
      },
    ]);
  });
});

describe("N-03 section 五 covers last year's rectification", () => {
  it("passes with the structured field, or with 整改/上年 in the text (the example)", () => {
    expect(check("N-03", buildContext())).toEqual([]);
    expect(check("N-03", buildContext({ report: exampleReport() }))).toEqual([]);
  });

  it("warns when neither is there", () => {
    const report = buildReport();
    sectionsOf(report).problemsAndImprovements = { problems: "一是政策解读不够规范。", improvements: "一是规范解读流程。" };
    expect(check("N-03", buildContext({ report }))).toEqual([
      {
        ruleId: "N-03",
        severity: "WARNING",
        path: "problemsAndImprovements.previousYearRectification",
        message: "“五、存在的主要问题及改进情况”未说明“上年度问题整改情况”",
      },
    ]);
  });
});

describe("N-04 section 一 covers the five aspects", () => {
  it("passes when all five are written", () => {
    expect(check("N-04", buildContext())).toEqual([]);
  });

  it("reports each empty or blank subfield", () => {
    const report = buildReport();
    sectionsOf(report).overview.platformBuilding = " \n ";
    sectionsOf(report).overview.requestDisclosure = "";
    expect(check("N-04", buildContext({ report }))).toEqual([
      { ruleId: "N-04", severity: "ERROR", path: "overview.requestDisclosure", message: "“一、总体情况”“（二）依申请公开”未填写" },
      { ruleId: "N-04", severity: "ERROR", path: "overview.platformBuilding", message: "“一、总体情况”“（四）政府信息公开平台建设”未填写" },
    ]);
  });
});

describe("N-05 governments report 工作考核、社会评议、责任追究", () => {
  it("passes for a town that mentions all three, and does not apply to departments or subdistricts", () => {
    expect(check("N-05", buildContext())).toEqual([]);
    for (const kind of ["countyDepartment", "subdistrict"] as const) {
      const report = exampleReport();
      report.agency.kind = kind;
      expect(check("N-05", buildContext({ report })), kind).toEqual([]);
    }
  });

  it("warns for a government whose 监督保障 lacks them, listing what is missing", () => {
    expect(check("N-05", buildContext({ report: exampleReport() }))).toEqual([
      {
        ruleId: "N-05",
        severity: "WARNING",
        path: "overview.supervisionAndGuarantee",
        message: "“一、总体情况”“（五）监督保障”未说明工作考核、社会评议和责任追究结果情况（缺少：工作考核、社会评议、责任追究）",
      },
    ]);
    const county = buildReport();
    county.agency.kind = "countyGovernment";
    sectionsOf(county).overview.supervisionAndGuarantee = "将政务公开纳入绩效考核，全年未发生责任追究情况。";
    expect(check("N-05", buildContext({ report: county })).map((f) => f.message)).toEqual([
      "“一、总体情况”“（五）监督保障”未说明工作考核、社会评议和责任追究结果情况（缺少：社会评议）",
    ]);
  });
});

describe("N-07 the preamble states the statistics period and a contact", () => {
  it("passes for the base report", () => {
    expect(check("N-07", buildContext())).toEqual([]);
  });

  it("reports a wrong period and an incomplete contact", () => {
    const report = buildReport();
    const preamble = sectionsOf(report).preamble;
    preamble.statisticsPeriod = { from: "2024-01-01", to: "2024-06-30" };
    preamble.contact = { ...preamble.contact, address: " ", postcode: "25610", phone: "" };
    expect(check("N-07", buildContext({ report }))).toEqual([
      {
        ruleId: "N-07",
        severity: "ERROR",
        path: "preamble.statisticsPeriod",
        expected: "2024-01-01至2024-12-31",
        actual: "2024-01-01至2024-06-30",
        message: "“导语”“统计期限”应为2024年1月1日至2024年12月31日（实为2024-01-01至2024-06-30）",
      },
      { ruleId: "N-07", severity: "ERROR", path: "preamble.contact.address", message: "“导语”“联系方式”缺少“地址”" },
      {
        ruleId: "N-07",
        severity: "ERROR",
        path: "preamble.contact.postcode",
        expected: "6位数字",
        actual: "25610",
        message: "“导语”“联系方式”“邮编”应为6位数字（实为25610）",
      },
      { ruleId: "N-07", severity: "ERROR", path: "preamble.contact.phone", actual: "空", message: "“导语”“联系方式”缺少有效的“电话”" },
    ]);
  });

  it("reports a missing contact", () => {
    const report = buildReport();
    delete (sectionsOf(report).preamble as { contact?: unknown }).contact;
    expect(check("N-07", buildContext({ report }))).toEqual([
      { ruleId: "N-07", severity: "ERROR", path: "preamble.contact", message: "“导语”缺少“联系方式”" },
    ]);
  });
});

describe("N-09 the title follows the template", () => {
  it("passes for the generated title and for the …年度… variant", () => {
    expect(check("N-09", buildContext())).toEqual([]);
    const report = buildReport();
    report.title = "沂源县悦庄镇人民政府2024年度政府信息公开工作年度报告";
    expect(check("N-09", buildContext({ report }))).toEqual([]);
  });

  it("warns for another title", () => {
    const report = buildReport();
    report.title = "悦庄镇2024年度政府信息公开工作报告";
    expect(check("N-09", buildContext({ report }))).toEqual([
      {
        ruleId: "N-09",
        severity: "WARNING",
        path: "title",
        expected: "沂源县悦庄镇人民政府2024年政府信息公开工作年度报告",
        actual: "悦庄镇2024年度政府信息公开工作报告",
        message: "标题应为“沂源县悦庄镇人民政府2024年政府信息公开工作年度报告”（实为“悦庄镇2024年度政府信息公开工作报告”）",
      },
    ]);
  });
});

describe("P-01 published by the deadline", () => {
  it("passes before the deadline, and when published on its last day (county time)", () => {
    expect(check("P-01", buildContext())).toEqual([]);
    // 2025-01-31 23:59 in Asia/Shanghai.
    expect(check("P-01", buildContext({ publishedAt: "2025-01-31T15:59:00Z", now: new Date("2025-03-01T00:00:00Z") }))).toEqual([]);
  });

  it("uses the county government's own deadline (3月31日)", () => {
    const report = buildReport();
    report.agency.kind = "countyGovernment";
    expect(check("P-01", buildContext({ report, now: new Date("2025-02-03T02:00:00Z") }))).toEqual([]);
  });

  it("warns while unpublished after the deadline", () => {
    expect(check("P-01", buildContext({ now: new Date("2025-02-03T02:00:00Z") }))).toEqual([
      {
        ruleId: "P-01",
        severity: "WARNING",
        path: "publishedAt",
        expected: "≤2025-01-31",
        actual: "2025-02-03",
        message: "本报告应于2025年1月31日前发布，已逾期",
      },
    ]);
  });

  it("warns when published late, judged by the day in the county's time zone", () => {
    expect(check("P-01", buildContext({ publishedAt: "2025-02-03T01:00:00Z" }))).toEqual([
      {
        ruleId: "P-01",
        severity: "WARNING",
        path: "publishedAt",
        expected: "≤2025-01-31",
        actual: "2025-02-03",
        message: "发布时间（2025年2月3日）晚于法定期限（2025年1月31日）",
      },
    ]);
    // 2025-01-31T16:30Z is already 1 February, 00:30, in Asia/Shanghai.
    expect(check("P-01", buildContext({ publishedAt: "2025-01-31T16:30:00Z" })).map((f) => f.message)).toEqual([
      "发布时间（2025年2月1日）晚于法定期限（2025年1月31日）",
    ]);
  });

  it("follows a county's configured deadline", () => {
    const context = buildContext({ now: new Date("2025-02-03T02:00:00Z") });
    context.deadlines.town = "02-15";
    expect(check("P-01", context)).toEqual([]);
  });
});
