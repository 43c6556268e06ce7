import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APPLICATION_ROW_KEYS } from "../../../functions/report/catalogue";
import { wanYuanToFen } from "../../../functions/report/money";
import type { ReportContent } from "../../../functions/report/schemas";
import { aggregateReports, aggregationNote, tableIdentityErrors } from "../../../functions/report/toolkit/aggregate";
import { TABLE_CELLS } from "../../../functions/report/toolkit/table-cells";
import { buildReport, sectionsOf, setRaw } from "../rules/report-builder";
import { memberReport, memberTablesArbitrary, withTables } from "./members";

/** The aggregate's tables placed into a report, so the T3/T4 rules can be run on them. */
function aggregateAsReport(members: ReportContent[]): ReportContent {
  const report = buildReport();
  Object.assign(report.sections, aggregateReports(members).sections);
  return report;
}

describe("aggregateReports", () => {
  it("keeps every T3/T4 identity on an aggregate of consistent members", () => {
    fc.assert(
      fc.property(fc.array(memberTablesArbitrary, { minLength: 1, maxLength: 6 }), (tables) => {
        const members = tables.map((table, index) => withTables(memberReport(`member-${index}`, `沂源县第${index}局`), table));
        for (const member of members) expect(tableIdentityErrors(member)).toEqual([]);
        const aggregate = aggregateReports(members);
        expect(aggregate.inconsistentMembers).toEqual([]);
        expect(tableIdentityErrors(aggregateAsReport(members))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("sums every cell, amounts exactly in 分, and names the contributors of each cell", () => {
    fc.assert(
      fc.property(fc.array(memberTablesArbitrary, { minLength: 1, maxLength: 4 }), (tables) => {
        const members = tables.map((table, index) => withTables(memberReport(`member-${index}`, `沂源县第${index}局`), table));
        const aggregate = aggregateReports(members);
        expect(aggregate.cells.map((cell) => cell.path)).toEqual(TABLE_CELLS.map((cell) => cell.path));
        for (const cell of aggregate.cells) {
          const values = members.map((member) => {
            const raw = cell.path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], member.sections);
            return typeof raw === "string" ? wanYuanToFen(raw) : (raw as number);
          });
          const expected = values.reduce((a, b) => a + b, 0);
          if (typeof cell.value === "string") expect(wanYuanToFen(cell.value)).toBe(expected);
          else expect(cell.value).toBe(expected);
          expect(cell.contributors).toEqual(members.filter((_, i) => values[i] !== 0).map((m) => m.agency.agencyId));
        }
      }),
      { numRuns: 30 },
    );
  });

  it("adds 0.1 and 0.2 万元 to exactly 0.3", () => {
    const a = memberReport("dept-a", "沂源县甲局");
    const b = memberReport("dept-b", "沂源县乙局");
    sectionsOf(a).activeDisclosure.administrativeFees = { amountWanYuan: "0.1" };
    sectionsOf(b).activeDisclosure.administrativeFees = { amountWanYuan: "0.200001" };
    const aggregate = aggregateReports([a, b]);
    expect(aggregate.sections.activeDisclosure.administrativeFees.amountWanYuan).toBe("0.300001");
    expect(aggregate.cells.find((cell) => cell.path === "activeDisclosure.administrativeFees.amountWanYuan")?.contributors).toEqual(["dept-a", "dept-b"]);
  });

  it("names a member whose own tables do not add up, and the identity it breaks carries into the sum", () => {
    const good = memberReport("dept-good", "沂源县好局");
    const bad = memberReport("dept-bad", "沂源县错局");
    sectionsOf(bad).applications.rows.granted.naturalPerson += 1; // （七）总计 no longer the sum of the outcomes
    const aggregate = aggregateReports([good, bad]);
    expect(aggregate.inconsistentMembers.map((member) => [member.agencyId, member.fullName])).toEqual([["dept-bad", "沂源县错局"]]);
    expect(aggregate.inconsistentMembers[0]!.tableErrors.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(["T3-02", "T3-03"]));
    expect(aggregate.members.find((member) => member.agencyId === "dept-good")?.tableErrors).toEqual([]);
    expect(tableIdentityErrors(aggregateAsReport([good, bad])).length).toBeGreaterThan(0);
  });

  it("adds nothing for a blank, “/” or null cell of an imported member and names it", () => {
    const imported = memberReport("dept-imported", "沂源县导入局");
    setRaw(sectionsOf(imported).applications.rows.granted, "naturalPerson", null);
    setRaw(sectionsOf(imported).reviewLitigation.review, "upheld", "/");
    const other = memberReport("dept-other", "沂源县其他局");
    const aggregate = aggregateReports([imported, other]);
    const member = aggregate.members.find((m) => m.agencyId === "dept-imported")!;
    expect(member.unreadableCells.map((cell) => [cell.path, cell.value])).toEqual([
      ["applications.rows.granted.naturalPerson", "null"],
      ["reviewLitigation.review.upheld", "/"],
    ]);
    expect(member.unreadableCells[0]!.label).toBe("第三部分表格“（一）予以公开”行“自然人”列");
    const granted = aggregate.cells.find((cell) => cell.path === "applications.rows.granted.naturalPerson")!;
    expect(granted.value).toBe(sectionsOf(other).applications.rows.granted.naturalPerson);
    expect(granted.contributors).toEqual(["dept-other"]);
  });

  it("leaves out the county government, other years and a second report of one agency, with the reason", () => {
    const county = memberReport("county-gov", "沂源县人民政府", "countyGovernment");
    const member = memberReport("dept-a", "沂源县甲局");
    const duplicate = memberReport("dept-a", "沂源县甲局");
    const otherYear = memberReport("dept-b", "沂源县乙局");
    otherYear.year = member.year - 1;
    const aggregate = aggregateReports([county, member, duplicate, otherYear], member.year);
    expect(aggregate.members.map((m) => m.agencyId)).toEqual(["dept-a"]);
    expect(aggregate.excluded.map((e) => [e.agencyId, e.reason])).toEqual([
      ["county-gov", "本级政府报告是汇总的对象，不计入汇总"],
      ["dept-a", "同一单位的报告重复提供，只计第一份"],
      ["dept-b", `报告年度（${member.year - 1}）不是${member.year}年度`],
    ]);
    expect(aggregate.sections.applications.rows.newReceived).toEqual(sectionsOf(member).applications.rows.newReceived);
  });

  it("gives the stored shape with every row and total, and the note with the member count", () => {
    const aggregate = aggregateReports([memberReport("dept-a", "沂源县甲局"), memberReport("dept-b", "沂源县乙局")]);
    expect(Object.keys(aggregate.sections.applications.rows)).toEqual(APPLICATION_ROW_KEYS);
    expect(aggregate.sections.applications.rows.newReceived.total).toBe(2 * sectionsOf(buildReport()).applications.rows.newReceived.total);
    expect(aggregate.note).toBe(aggregationNote(2));
    expect(aggregate.note).toBe("本报告第二、三、四部分表格数据由本县2份部门和乡镇（街道）政府信息公开工作年度报告汇总而成。");
  });

  it("sums nothing for no members", () => {
    const aggregate = aggregateReports([], 2024);
    expect(aggregate.members).toEqual([]);
    expect(aggregate.cells.every((cell) => cell.value === 0 || cell.value === "0")).toBe(true);
  });
});
