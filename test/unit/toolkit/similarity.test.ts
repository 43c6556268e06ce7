import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatPercent,
  jaccard,
  ShingleIndex,
  jaccardFraction,
  sortedJaccardFraction,
  shingleSet,
  textSimilarity,
  wordingLength,
  wordingOf,
} from "../../../functions/report/toolkit/similarity";

describe("wordingOf", () => {
  it("removes whitespace, Chinese and ASCII punctuation and symbols, and keeps letters and digits", () => {
    expect(wordingOf("一、总体情况：\n\t2024年，我镇“公开”（共 3 件）；100%完成！ABC+d")).toBe("一总体情况2024年我镇公开共3件100完成ABCd");
  });

  it("counts characters outside the BMP as one character", () => {
    expect(wordingLength("𠀋𠀋，甲")).toBe(3);
    expect(shingleSet("𠀋乙丙丁")).toEqual(new Set(["𠀋乙丙", "乙丙丁"]));
  });
});

describe("shingleSet", () => {
  it("takes every character 3-gram of the wording", () => {
    expect(shingleSet("政务，公开 工作")).toEqual(new Set(["政务公", "务公开", "公开工", "开工作"]));
  });

  it("makes a short wording its own single shingle and an empty one no shingle", () => {
    expect(shingleSet("无。")).toEqual(new Set(["无"]));
    expect(shingleSet(" 。，")).toEqual(new Set());
  });
});

describe("jaccard", () => {
  it("is the shared share of the union", () => {
    // 甲乙丙丁 → {甲乙丙, 乙丙丁}; 乙丙丁戊 → {乙丙丁, 丙丁戊}: 1 shared of 3.
    expect(textSimilarity("甲乙丙丁", "乙丙丁戊")).toBeCloseTo(1 / 3, 12);
  });

  it("scores two empty texts 0, not 1", () => {
    expect(textSimilarity("", "。")).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it("is symmetric, between 0 and 1, and 1 for a text with itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."政务公开信息工作年报告。， ") }), fc.string({ unit: fc.constantFrom(..."政务公开信息工作年报告。， ") }), (a, b) => {
        const ab = textSimilarity(a, b);
        expect(ab).toBe(textSimilarity(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        if (wordingOf(a) !== "") expect(textSimilarity(a, a)).toBe(1);
      }),
    );
  });

  it("ignores layout and punctuation changes", () => {
    expect(textSimilarity("一是加强培训。二是完善制度。", "一是 加强培训；\n二是完善制度")).toBe(1);
  });

  it("gives the same figure through a ShingleIndex (sorted ids, merged) as through sets", () => {
    const unit = fc.constantFrom(..."政务公开信息工作年报告。，𠀋");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 80 }), fc.string({ unit, maxLength: 80 }), (a, b) => {
        const index = new ShingleIndex();
        const idsA = index.idsOf(a);
        const idsB = index.idsOf(b);
        expect(idsA.length).toBe(shingleSet(a).size);
        expect(sortedJaccardFraction(idsA, idsB)).toEqual(jaccardFraction(shingleSet(a), shingleSet(b)));
      }),
    );
  });
});

describe("formatPercent", () => {
  it("shows one decimal", () => {
    expect(formatPercent(0.8731)).toBe("87.3%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0)).toBe("0.0%");
  });
});
