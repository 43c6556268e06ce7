/**
 * The importer against the real corpus (../shared/corpus), with the expected cells transcribed by hand into
 * fixtures/import/*.json. HTML and the real PDF: every printed cell exact, no wrong cell, only printed blanks
 * null with a review entry. Flattened text: every cell exact and correct, or in review with the correct
 * value among its candidates.
 */
import { describe, expect, it } from "vitest";
import { importReport, type ImportResult } from "../../../functions/report/import";
import { corpusBytes, loadFixtures, reviewOf, tableCells, valueAt, type CorpusFixture } from "./corpus-helpers";

const fixtures = loadFixtures();
const imported = new Map<string, Promise<ImportResult>>();
const importOf = (f: CorpusFixture) => {
  if (!imported.has(f.name)) imported.set(f.name, importReport(corpusBytes(f.source), f.contentType));
  return imported.get(f.name)!;
};

describe("every corpus document is covered by a fixture", () => {
  it("has fixtures for each HTML page, the PDF and each text", () => {
    const sources = new Set(fixtures.map((f) => f.source));
    expect(sources.size).toBe(22);
    expect(sources).toContain("hongze-district-2024.pdf");
    expect(sources).toContain("sh-gov-office-2019.fragment.html");
  });
});

describe.each(fixtures.filter((f) => f.format !== "text"))("printed document $source", (fixture) => {
  it("identifies the report and its template", async () => {
    const result = await importOf(fixture);
    expect(result.format).toBe(fixture.format);
    expect(result.templateVersion).toBe(fixture.templateVersion);
    expect(result.reportYear).toBe(fixture.reportYear);
    expect(result.agencyName).toBe(fixture.agencyName);
    expect(valueAt(result, "activeDisclosure.kind")).toBe(fixture.kind);
  });

  it("reads every printed cell exactly, with provenance and nothing to review", async () => {
    const result = await importOf(fixture);
    for (const [path, expected] of Object.entries(fixture.cells)) {
      if (expected === null) continue;
      expect({ path, value: valueAt(result, path) }).toEqual({ path, value: expected });
      expect(result.provenance[path], path).toBeTruthy();
      expect(reviewOf(result, path), path).toEqual([]);
    }
  });

  it("leaves only cells the document leaves blank (or has no row for) null, each with a review entry", async () => {
    const result = await importOf(fixture);
    for (const [path, expected] of Object.entries(fixture.cells)) {
      if (expected !== null) continue;
      expect({ path, value: valueAt(result, path) }).toEqual({ path, value: null });
      expect(reviewOf(result, path).length, path).toBeGreaterThan(0);
    }
  });

  it("has no cell the transcription does not have (no wrong or invented cell)", async () => {
    const result = await importOf(fixture);
    const extra = tableCells(result).filter(([path]) => !(path in fixture.cells));
    expect(extra).toEqual([]);
    expect(tableCells(result).length).toBe(Object.keys(fixture.cells).length);
  });
});

describe.each(fixtures.filter((f) => f.format === "text"))("flattened text $source", (fixture) => {
  it("identifies the report and its template", async () => {
    const result = await importOf(fixture);
    expect(result.format).toBe("text");
    expect(result.templateVersion).toBe(fixture.templateVersion);
    expect(result.reportYear).toBe(fixture.reportYear);
    expect(result.agencyName).toBe(fixture.agencyName);
    expect(valueAt(result, "activeDisclosure.kind")).toBe(fixture.kind);
  });

  it("has every cell exact and correct, or in review with the correct value among its candidates", async () => {
    const result = await importOf(fixture);
    for (const [path, expected] of Object.entries(fixture.cells)) {
      const value = valueAt(result, path);
      const entries = reviewOf(result, path);
      const undecided = typeof expected === "object" && expected !== null;
      if (value !== null && value !== undefined) {
        expect({ path, undecided }).toEqual({ path, undecided: false });
        expect({ path, value }).toEqual({ path, value: expected });
        expect(result.provenance[path], path).toBeTruthy();
        continue;
      }
      expect({ path, value }).toEqual({ path, value: null });
      expect(entries.length, `${path} in review`).toBeGreaterThan(0);
      if (expected === null) continue;
      const candidates = entries.flatMap((e) => e.candidates ?? []);
      const wanted = undecided ? expected.oneOf.filter((v) => v !== "any") : [expected];
      for (const w of wanted) expect({ path, candidates }).toEqual({ path, candidates: expect.arrayContaining([w]) });
    }
    expect(tableCells(result).filter(([path]) => !(path in fixture.cells))).toEqual([]);
  });
});
