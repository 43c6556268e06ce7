import { describe, expect, it } from "vitest";
import { ruleById } from "../../../functions/report/rules";
import { buildContext, buildPreviousReport, buildReport, sectionsOf } from "./report-builder";
import { check } from "./helpers";

describe("T2-01 no 规章 without rule-making power", () => {
  it("passes when the 规章 row is all zero", () => {
    expect(check("T2-01", buildContext())).toEqual([]);
  });

  it("reports each non-zero 规章 cell of an organ without rule-making power", () => {
    const report = buildReport();
    sectionsOf(report).activeDisclosure.regulations = { issued: 2, repealed: 0, inForce: 6 };
    expect(check("T2-01", buildContext({ report }))).toEqual([
      {
        ruleId: "T2-01",
        severity: "ERROR",
        path: "activeDisclosure.regulations.issued",
        expected: "0",
        actual: "2",
        message: "第二部分表格“规章”行“本年制发件数”：本机关无规章制定权，应为0（实为2）",
      },
      {
        ruleId: "T2-01",
        severity: "ERROR",
        path: "activeDisclosure.regulations.inForce",
        expected: "0",
        actual: "6",
        message: "第二部分表格“规章”行“现行有效件数”：本机关无规章制定权，应为0（实为6）",
      },
    ]);
  });

  it("does not apply to an organ with rule-making power", () => {
    const report = buildReport();
    report.agency.hasRulemakingPower = true;
    sectionsOf(report).activeDisclosure.regulations = { issued: 2, repealed: 0, inForce: 6 };
    expect(check("T2-01", buildContext({ report }))).toEqual([]);
  });
});

describe("T2-02 in force ≥ issued − repealed", () => {
  it("passes for the base report (12 ≥ 3 − 1)", () => {
    expect(check("T2-02", buildContext())).toEqual([]);
  });

  it("warns when fewer documents are in force than were issued net of repeals this year", () => {
    const report = buildReport();
    sectionsOf(report).activeDisclosure.normativeDocuments = { issued: 5, repealed: 1, inForce: 1 };
    expect(check("T2-02", buildContext({ report }))).toEqual([
      {
        ruleId: "T2-02",
        severity: "WARNING",
        path: "activeDisclosure.normativeDocuments.inForce",
        expected: "≥4",
        actual: "1",
        message: "第二部分表格“行政规范性文件”行：“现行有效件数”（1）小于“本年制发件数”（5）减“本年废止件数”（1）之差（4）",
      },
    ]);
  });
});

describe("T2-X1 stock and flow across years", () => {
  it("requires an acknowledgement", () => {
    expect(ruleById("T2-X1")?.requiresAcknowledgement).toBe(true);
  });

  it("passes when this year's stock is last year's plus issued minus repealed (10 + 3 − 1 = 12)", () => {
    expect(check("T2-X1", buildContext({ previous: buildPreviousReport() }))).toEqual([]);
  });

  it("warns when the stock does not follow", () => {
    const previous = buildPreviousReport();
    sectionsOf(previous).activeDisclosure.normativeDocuments.inForce = 8;
    expect(check("T2-X1", buildContext({ previous }))).toEqual([
      {
        ruleId: "T2-X1",
        severity: "WARNING",
        path: "activeDisclosure.normativeDocuments.inForce",
        expected: "10",
        actual: "12",
        message:
          "第二部分表格“行政规范性文件”行“现行有效件数”（12）不等于上年度报告的“现行有效件数”（8）加“本年制发件数”（3）减“本年废止件数”（1）之结果（10）",
      },
    ]);
  });

  it("is skipped without last year's report, and when last year used the 2019 template", () => {
    const previous = buildPreviousReport();
    sectionsOf(previous).activeDisclosure.normativeDocuments.inForce = 8;
    expect(check("T2-X1", buildContext())).toEqual([]);
    previous.templateVersion = "2019";
    expect(check("T2-X1", buildContext({ previous }))).toEqual([]);
  });
});

describe("T2-N1 text about 行政规范性文件 agrees with table 二", () => {
  it("passes for the base report, whose text states 3 issued and 12 in force", () => {
    expect(check("T2-N1", buildContext())).toEqual([]);
  });

  it("warns for a stated number that differs from the table", () => {
    const report = buildReport();
    const overview = sectionsOf(report).overview;
    overview.proactiveDisclosure = "全年制发行政规范性文件5件。规范性文件现行有效10件。";
    expect(check("T2-N1", buildContext({ report }))).toEqual([
      {
        ruleId: "T2-N1",
        severity: "WARNING",
        path: "overview.proactiveDisclosure",
        expected: "3",
        actual: "5",
        message: "“一、总体情况”“（一）主动公开”中“制发行政规范性文件5件”与第二部分表格“行政规范性文件”行“本年制发件数”（3）不一致",
      },
      {
        ruleId: "T2-N1",
        severity: "WARNING",
        path: "overview.proactiveDisclosure",
        expected: "12",
        actual: "10",
        message: "“一、总体情况”“（一）主动公开”中“规范性文件现行有效10件”与第二部分表格“行政规范性文件”行“现行有效件数”（12）不一致",
      },
    ]);
  });

  it("leaves alone numbers that do not name this year's 行政规范性文件 row alone", () => {
    const report = buildReport();
    sectionsOf(report).overview.proactiveDisclosure = [
      "2023年制发行政规范性文件5件",
      "较上年多制发规范性文件5件",
      "制发规章和规范性文件5件",
      "制发行政规范性文件约5件",
      "制发行政规范性文件五件",
    ].join("。");
    expect(check("T2-N1", buildContext({ report }))).toEqual([]);
  });
});

describe("T2-I1 行政事业性收费 that may be the 信息处理费", () => {
  it("passes for a town with no 行政事业性收费, and for a department that collects some", () => {
    expect(check("T2-I1", buildContext())).toEqual([]);
    const report = buildReport();
    report.agency.kind = "countyDepartment";
    sectionsOf(report).activeDisclosure.administrativeFees.amountWanYuan = "1.5";
    expect(check("T2-I1", buildContext({ report }))).toEqual([]);
  });

  it("hints when a town reports an amount", () => {
    const report = buildReport();
    sectionsOf(report).activeDisclosure.administrativeFees.amountWanYuan = "1.5";
    expect(check("T2-I1", buildContext({ report }))).toEqual([
      {
        ruleId: "T2-I1",
        severity: "INFO",
        path: "activeDisclosure.administrativeFees.amountWanYuan",
        actual: "1.5",
        message:
          "第二部分表格“行政事业性收费”行“本年收费金额（单位：万元）”为1.5万元：乡镇一般不收取行政事业性收费，请确认未将信息处理费（应填入“六、其他需要报告的事项”）填入此栏",
      },
    ]);
  });

  it("hints when the amount equals the 信息处理费 of section 六 (0.03 万元 = 300 元)", () => {
    const report = buildReport();
    report.agency.kind = "countyDepartment";
    const sections = sectionsOf(report);
    sections.activeDisclosure.administrativeFees.amountWanYuan = "0.03";
    sections.otherMatters.processingFee = { charged: true, amountYuan: "300.00", chargedRequests: 1 };
    expect(check("T2-I1", buildContext({ report }))).toEqual([
      {
        ruleId: "T2-I1",
        severity: "INFO",
        path: "activeDisclosure.administrativeFees.amountWanYuan",
        actual: "0.03",
        message:
          "第二部分表格“行政事业性收费”行“本年收费金额（单位：万元）”（0.03万元）与“六、其他需要报告的事项”“信息处理费收取情况”“收取金额（元）”（300.00元）金额相同，请确认未将信息处理费填入“行政事业性收费”",
      },
    ]);
  });
});
