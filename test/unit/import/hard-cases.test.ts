/**
 * The corpus's hard cases, one named test each, plus the importer's refusals (not a report, corrupt
 * files, GBK bytes declared as UTF-8), DOCX tables with gridSpan/vMerge, and the rule that sums may only
 * choose a reading when the text's own determined rows satisfy the identity.
 */
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { APPLICATION_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS, SECTION_HEADINGS } from "../../../functions/report/catalogue";
import {
  CorruptDocumentError,
  EncodingMismatchError,
  importReport,
  NotAReportError,
  UnsupportedFormatError,
} from "../../../functions/report/import";
import { corpusBytes, loadFixtures, reviewOf, valueAt } from "./corpus-helpers";
import { buildReportDocx } from "./docx-builder";
import { join } from "node:path";
import { CORPUS_DIR, REPO_ROOT } from "./corpus-helpers";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const fixture = (name: string) => loadFixtures().find((f) => f.name === name)!;

describe("glued digits (flattened text)", () => {
  it("keeps 行政许可89741888 in review with every split, the printed reading among them", async () => {
    const result = await importReport(corpusBytes("pt-shs-2021.page.txt"), "text/plain");
    const base = "activeDisclosure.administrativeLicensing";
    for (const [column, printed] of [["previousYearItems", 89], ["changeThisYear", 74], ["decisions", 1888]] as const) {
      expect(valueAt(result, `${base}.${column}`)).toBeNull();
      const [entry] = reviewOf(result, `${base}.${column}`);
      expect(entry?.reason).toContain("89741888");
      expect(entry?.candidates).toContain(printed);
    }
  });

  it("reads a row whose digits split only one way exactly (君山 2022: 3000025)", async () => {
    const result = await importReport(corpusBytes("pt-jsp-2022.page.txt"), "text/plain");
    const row = valueAt(result, "applications.rows.unableNotHeld");
    expect(row).toEqual({ naturalPerson: 3, commercialEnterprise: 0, researchInstitution: 0, publicWelfareOrganization: 0, legalServiceOrganization: 0, otherOrganization: 2, total: 5 });
    expect(result.provenance["applications.rows.unableNotHeld.total"]).toContain("3000025");
  });

  it("lists a 7-cell row printed as 6 digits for review, without inventing cells (公安局 2019)", async () => {
    const result = await importReport(corpusBytes("pt-gaj-2019.page.txt"), "text/plain");
    expect(valueAt(result, "applications.rows.newReceived.total")).toBeNull();
    expect(reviewOf(result, "applications.rows.newReceived.total")[0]?.reason).toContain("不能拆分成 7 个单元格");
  });
});

describe("reports whose own sums don't hold", () => {
  it("imports 经济发展局 2023 as printed: 3 new requests, 总计 0", async () => {
    const result = await importReport(corpusBytes("pt-jjf-2023.page.html"), "text/html");
    expect(valueAt(result, "applications.rows.newReceived.total")).toBe(3);
    expect(valueAt(result, "applications.rows.totalProcessed.total")).toBe(0);
    expect(result.review.filter((r) => r.path.startsWith("applications."))).toEqual([]);
  });

  it("imports 君山 2022 as printed: 本年新收 0, 总计 0, yet 5 under 无法提供", async () => {
    const result = await importReport(corpusBytes("pt-jsp-2022.page.txt"), "text/plain");
    expect(valueAt(result, "applications.rows.newReceived.total")).toBe(0);
    expect(valueAt(result, "applications.rows.totalProcessed.total")).toBe(0);
    expect(valueAt(result, "applications.rows.unableNotHeld.total")).toBe(5);
  });
});

describe("missing 规章 row (社会事业局 2025)", () => {
  it("gives null and a review entry for each 规章 cell, not zeros", async () => {
    const result = await importReport(corpusBytes("pt-shs-2025.page.html"), "text/html");
    for (const column of ["issued", "repealed", "inForce"]) {
      expect(valueAt(result, `activeDisclosure.regulations.${column}`)).toBeNull();
      expect(reviewOf(result, `activeDisclosure.regulations.${column}`)[0]?.reason).toContain("没有“规章”行");
    }
    expect(valueAt(result, "activeDisclosure.normativeDocuments.issued")).toBe(7);
  });
});

describe("mixed template (社会事业局 2021: table 二 in 2019 columns, table 三 in 2021 rows)", () => {
  it("keeps table 二 in its printed 2019 columns and table 三 in 2021 rows, and says so", async () => {
    const result = await importReport(corpusBytes("pt-shs-2021.page.html"), "text/html");
    expect(result.templateVersion).toBe("2021");
    expect(valueAt(result, "activeDisclosure.kind")).toBe("2019");
    expect(valueAt(result, "activeDisclosure.administrativeLicensing")).toEqual({ previousYearItems: 89, changeThisYear: 74, decisions: 1888 });
    expect(valueAt(result, "applications.rows.otherOther.total")).toBe(0);
    expect(result.provenance["applications.rows.otherOther.total"]).toContain("“其他”行");
    expect(reviewOf(result, "activeDisclosure")[0]?.reason).toContain("2019 年版");
  });
});

describe("split header labels", () => {
  it("maps 商业 企业 / labels split across <p> and <span> (公安局 2024, 经济发展局 2023) to their columns", async () => {
    for (const source of ["pt-gaj-2024.page.html", "pt-jjf-2023.page.html"]) {
      const result = await importReport(corpusBytes(source), "text/html");
      expect(result.review.filter((r) => r.path.startsWith("applications.") || r.path.startsWith("reviewLitigation."))).toEqual([]);
    }
    const gaj = await importReport(corpusBytes("pt-gaj-2024.page.html"), "text/html");
    expect(valueAt(gaj, "applications.rows.unableNotHeld.naturalPerson")).toBe(4);
  });

  it("recognises 2019 column labels broken by <br> (本年新<br>制作数量, 上海 2019)", async () => {
    const result = await importReport(corpusBytes("sh-gov-office-2019.fragment.html"), "text/html");
    expect(valueAt(result, "activeDisclosure.kind")).toBe("2019");
    expect(valueAt(result, "activeDisclosure.regulations")).toEqual({ newlyMade: 13, newlyPublished: 13, totalPublished: 524 });
  });
});

describe("header colspans that don't line up with the data rows (上海 2019)", () => {
  it("maps 行政许可 | 0 (colspan 2) | 0 | 0 through the header grid", async () => {
    const result = await importReport(corpusBytes("sh-gov-office-2019.fragment.html"), "text/html");
    expect(result.provenance["activeDisclosure.administrativeLicensing.previousYearItems"]).toContain("按表头网格");
    expect(valueAt(result, "activeDisclosure.centralizedProcurement")).toEqual({ projectCount: 6, totalAmount: "251000", totalAmountUnit: "元" });
  });

  it("reports blank cells as blank, never as 0", async () => {
    const result = await importReport(corpusBytes("sh-gov-office-2019.fragment.html"), "text/html");
    expect(valueAt(result, "applications.rows.granted.total")).toBeNull();
    expect(reviewOf(result, "applications.rows.granted.total")[0]?.reason).toContain("空白");
  });
});

describe("the real PDF (洪泽区 2024)", () => {
  it("records the 2019-style single （六） row and puts the 2021 （六） items in review", async () => {
    const result = await importReport(corpusBytes("hongze-district-2024.pdf"), "application/pdf");
    for (const row of APPLICATION_ROWS.filter((r) => "subgroup" in r && r.subgroup === "other")) {
      expect(valueAt(result, `applications.rows.${row.key}.total`)).toBeNull();
      expect(reviewOf(result, `applications.rows.${row.key}.total`)[0]?.reason).toContain("2019 年版的单行");
    }
    expect(result.provenance["applications.rows.otherDisposal.total"]).toContain("“0”");
  });

  it("matches the typo 2.其他法律行政止公开 and records it as published", async () => {
    const result = await importReport(corpusBytes("hongze-district-2024.pdf"), "application/pdf");
    expect(valueAt(result, "applications.rows.deniedProhibitedByLaw.total")).toBe(0);
    expect(result.provenance["applications.rows.deniedProhibitedByLaw.total"]).toContain("其他法律行政止公开");
  });

  it("joins labels that wrap inside cells", async () => {
    const result = await importReport(corpusBytes("hongze-district-2024.pdf"), "application/pdf");
    expect(valueAt(result, "applications.rows.partiallyGranted.total")).toBe(9);
    expect(result.provenance["applications.rows.partiallyGranted.total"]).toContain("计其他情形");
  });
});

describe("DOCX", () => {
  it("reads tables with gridSpan and vMerge, and labels split over runs and paragraphs", async () => {
    const gaj = fixture("pt-gaj-2024-page-html");
    const bytes = buildReportDocx("平潭综合实验区公安局2024年政府信息公开工作年度报告", gaj.cells);
    const result = await importReport(bytes, DOCX);
    expect(result.format).toBe("docx");
    expect(result.reportYear).toBe(2024);
    for (const [path, expected] of Object.entries(gaj.cells)) {
      expect({ path, value: valueAt(result, path) }).toEqual({ path, value: expected });
    }
    expect(result.review.filter((r) => /^(activeDisclosure|applications|reviewLitigation)\./.test(r.path))).toEqual([]);
  });

  it("refuses a truncated DOCX as corrupt", async () => {
    const bytes = buildReportDocx("某局2024年政府信息公开工作年度报告", {});
    await expect(importReport(bytes.subarray(0, Math.floor(bytes.length / 2)), DOCX)).rejects.toBeInstanceOf(CorruptDocumentError);
  });
});

describe("encodings", () => {
  const utf8Page = readFileSync(join(CORPUS_DIR, "pt-gaj-2024.page.html"), "utf8");
  const gbkPage = (declared: string) => iconv.encode(utf8Page.replace(/<meta charset="UTF-8"\s*\/?>/i, `<meta charset="${declared}" />`), "gbk");

  it("reads GBK pages declared as GBK like their UTF-8 original", async () => {
    const original = await importReport(corpusBytes("pt-gaj-2024.page.html"), "text/html");
    const gbk = await importReport(new Uint8Array(gbkPage("gbk")), "text/html");
    expect(gbk.sections.applications).toEqual(original.sections.applications);
    expect(gbk.agencyName).toBe("平潭综合实验区公安局");
  });

  it("reads undeclared GB18030 bytes and UTF-8 with a BOM", async () => {
    const undeclared = iconv.encode(utf8Page.replace(/<meta charset="UTF-8"\s*\/?>/i, ""), "gb18030");
    const fromGb = await importReport(new Uint8Array(undeclared), "text/html");
    expect(valueAt(fromGb, "applications.rows.newReceived.total")).toBe(8);
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(utf8Page)]);
    expect(valueAt(await importReport(withBom, "text/html"), "applications.rows.newReceived.total")).toBe(8);
  });

  it("refuses GBK bytes declared as UTF-8", async () => {
    await expect(importReport(new Uint8Array(gbkPage("UTF-8")), "text/html")).rejects.toBeInstanceOf(EncodingMismatchError);
  });
});

describe("documents that are not reports", () => {
  it("refuses an HTML page without the tables", async () => {
    const page = new TextEncoder().encode("<html><head><meta charset='utf-8'></head><body><p>通知公告</p><table><tr><td>名称</td></tr></table></body></html>");
    await expect(importReport(page, "text/html; charset=utf-8")).rejects.toBeInstanceOf(NotAReportError);
  });

  it("refuses a valid PDF that is not a report", async () => {
    const pdf = [
      "%PDF-1.4",
      "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
      "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
      "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj",
      "4 0 obj << /Length 44 >> stream",
      "BT /F1 24 Tf 72 700 Td (Hello invoice) Tj ET",
      "endstream endobj",
      "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj",
      "trailer << /Root 1 0 R >>",
      "%%EOF",
    ].join("\n");
    await expect(importReport(new TextEncoder().encode(pdf), "application/pdf")).rejects.toBeInstanceOf(NotAReportError);
  });

  it("refuses bytes that are not a PDF as corrupt", async () => {
    await expect(importReport(new TextEncoder().encode("%PDF-1.4\nnot really"), "application/pdf")).rejects.toBeInstanceOf(CorruptDocumentError);
  });

  it("refuses a content type it does not read", async () => {
    await expect(importReport(new Uint8Array([1, 2, 3]), "image/png")).rejects.toBeInstanceOf(UnsupportedFormatError);
  });

  it("gives Chinese messages", async () => {
    await expect(importReport(new TextEncoder().encode("<p>无表格</p>"), "text/html")).rejects.toThrow(/没有找到/);
  });
});

describe("sums choose a reading only where the text's own rows satisfy the identity", () => {
  const text = (ambiguous: string, otherRow: string) => {
    const rows = APPLICATION_ROWS.map((r) => `${r.label}${r.key === "newReceived" ? ambiguous : r.key === "granted" ? otherRow : "0000000"}`).join("");
    const fifteen = REVIEW_GROUPS.flatMap(() => REVIEW_COLUMNS.map((c) => c.label)).join("");
    return new TextEncoder().encode(
      `某某局2024年政府信息公开工作年度报告\n${SECTION_HEADINGS.applications}${rows}${SECTION_HEADINGS.reviewLitigation}${fifteen}000000000000000${SECTION_HEADINGS.problemsAndImprovements}无。`,
    );
  };

  it("takes the only reading of 100000010 with 总计 = Σ columns when every determined row satisfies it", async () => {
    const result = await importReport(text("100000010", "0000000"), "text/plain");
    expect(valueAt(result, "applications.rows.newReceived.naturalPerson")).toBe(10);
    expect(valueAt(result, "applications.rows.newReceived.total")).toBe(10);
    expect(result.provenance["applications.rows.newReceived.total"]).toContain("总计=各列之和");
  });

  it("leaves the row in review when a determined row of the same table breaks the identity", async () => {
    const result = await importReport(text("100000010", "0000001"), "text/plain");
    expect(valueAt(result, "applications.rows.newReceived.total")).toBeNull();
    expect(reviewOf(result, "applications.rows.newReceived.total")[0]?.candidates).toContain(10);
    expect(valueAt(result, "applications.rows.granted.total")).toBe(1);
  });
});

describe("plain text exported from Word, one cell per line (悦庄镇 2024)", () => {
  const example = join(CORPUS_DIR, "../examples/yuezhuang-town-2024.txt");
  const section = (name: string) => JSON.parse(readFileSync(join(REPO_ROOT, "fixtures/yuezhuang-town-2024", `${name}.json`), "utf8"));

  it("reads tables 三 and 四 exactly as the project's own transcription of the same report", async () => {
    const result = await importReport(new Uint8Array(readFileSync(example)), "text/plain");
    expect(result.agencyName).toBe("沂源县悦庄镇人民政府");
    expect(result.reportYear).toBe(2024);
    expect(result.sections.applications).toEqual(section("applications"));
    expect(result.sections.reviewLitigation).toEqual(section("reviewLitigation"));
    expect(result.review.filter((r) => /^(activeDisclosure|applications|reviewLitigation)\./.test(r.path))).toEqual([]);
  });

  it("splits 第五部分 into problems and improvements at （二）改进情况, each subheading kept as printed", async () => {
    const result = await importReport(new Uint8Array(readFileSync(example)), "text/plain");
    expect(valueAt(result, "problemsAndImprovements.headings")).toEqual({ problems: "（一）存在问题", improvements: "（二）改进情况" });
    expect(valueAt(result, "problemsAndImprovements.problems")).toMatch(/^一是政策解读工作不够规范/);
    expect(valueAt(result, "problemsAndImprovements.improvements")).toMatch(/^一是加强政策解读工作/);
    expect(valueAt(result, "preamble.contact.postcode")).toBe("256102");
  });
});
