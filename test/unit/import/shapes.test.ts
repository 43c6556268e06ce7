/**
 * What the importer returns is in the PUT shapes: a document whose tables are fully printed validates
 * against the section schemas of its template (2021 from schemas.ts, 2019 from template-2019-schemas.ts), and the
 * 2019 schemas accept what the 2019 template allows (a signed 本年增/减) and nothing else.
 */
import { describe, expect, it } from "vitest";
import { sectionInputSchemas } from "../../../functions/report/schemas";
import { APPLICATION_ROW_KEYS_2019, RESULTS_ROW_SPAN_2019 } from "../../../functions/report/template-2019";
import { activeDisclosure2019Schema, applications2019InputSchema } from "../../../functions/report/template-2019-schemas";
import { importReport } from "../../../functions/report/import";
import { corpusBytes } from "./corpus-helpers";

describe("imported sections validate against the PUT schemas", () => {
  it.each([
    ["pt-gaj-2024.page.html", "text/html"],
    ["pt-czj-2025.page.html", "text/html"],
    ["hongze-district-2024.pdf", "application/pdf"],
  ])("2021 tables of %s", async (source, type) => {
    const result = await importReport(corpusBytes(source), type);
    expect(sectionInputSchemas.activeDisclosure.safeParse(result.sections.activeDisclosure).success).toBe(true);
    expect(sectionInputSchemas.reviewLitigation.safeParse(result.sections.reviewLitigation).success).toBe(true);
    if (source.endsWith(".html")) expect(sectionInputSchemas.applications.safeParse(result.sections.applications).success).toBe(true);
  });

  it("2019 tables of 财政金融局 2020", async () => {
    const result = await importReport(corpusBytes("pt-czj-2020.page.html"), "text/html");
    expect(result.templateVersion).toBe("2019");
    const table2 = activeDisclosure2019Schema.safeParse(result.sections.activeDisclosure);
    expect(table2.error?.issues ?? []).toEqual([]);
    const table3 = applications2019InputSchema.safeParse(result.sections.applications);
    expect(table3.error?.issues ?? []).toEqual([]);
  });

  it("a table with unread cells does not pass as complete", async () => {
    const result = await importReport(corpusBytes("sh-gov-office-2019.fragment.html"), "text/html");
    expect(applications2019InputSchema.safeParse(result.sections.applications).success).toBe(false);
  });
});

describe("2019 template catalogue", () => {
  it("has 23 table 三 rows with the single （六）其他处理 and a results span of 20", () => {
    expect(APPLICATION_ROW_KEYS_2019).toHaveLength(23);
    expect(APPLICATION_ROW_KEYS_2019).toContain("otherDisposal");
    expect(APPLICATION_ROW_KEYS_2019).not.toContain("otherFeeUnpaid");
    expect(RESULTS_ROW_SPAN_2019).toBe(20);
  });

  it("accepts a negative 本年增/减 and refuses a negative count", async () => {
    const result = await importReport(corpusBytes("pt-czj-2020.page.html"), "text/html");
    const body = structuredClone(result.sections.activeDisclosure) as Record<string, Record<string, unknown>>;
    body.administrativeLicensing!.changeThisYear = -3;
    expect(activeDisclosure2019Schema.safeParse(body).success).toBe(true);
    body.administrativeLicensing!.decisions = -1;
    expect(activeDisclosure2019Schema.safeParse(body).success).toBe(false);
  });
});
