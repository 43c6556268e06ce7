import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffStatistics, diffText, reconstruct, type DiffRun } from "../../../functions/report/toolkit/diff";

/** Length of the longest common subsequence (code points), by dynamic programming: the reference for minimality. */
function lcsLength(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let previous = new Array<number>(y.length + 1).fill(0);
  for (const cx of x) {
    const current = [0];
    y.forEach((cy, j) => current.push(cx === cy ? previous[j]! + 1 : Math.max(previous[j + 1]!, current[j]!)));
    previous = current;
  }
  return previous[y.length]!;
}

/** A deterministic pseudo-random Chinese text of `length` characters with sentence punctuation. */
function chineseText(length: number, seed: number): string {
  const vocabulary = Array.from("政务公开信息工作年度报告依申请主动规范性文件平台建设监督保障镇人民政府部门县办理结果答复制度培训栏目更新问题整改");
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state;
  };
  const characters: string[] = [];
  while (characters.length < length) {
    const sentence = 12 + (next() % 40);
    for (let i = 0; i < sentence && characters.length < length - 1; i += 1) characters.push(vocabulary[next() % vocabulary.length]!);
    characters.push(next() % 5 === 0 ? "\n" : "。");
  }
  return characters.slice(0, length).join("");
}

/**
 * The same text with one character replaced every `every` characters, alternately by one and by two
 * characters the vocabulary lacks (so each edit point costs exactly one deletion and its insertions).
 */
function editedCopy(text: string, every: number): { text: string; points: number; insertedCharacters: number } {
  const characters = Array.from(text);
  let points = 0;
  let insertedCharacters = 0;
  for (let i = every; i < characters.length; i += every) {
    const replacement = points % 2 === 0 ? "甲" : "乙丙";
    characters[i] = replacement;
    points += 1;
    insertedCharacters += replacement.length;
  }
  return { text: characters.join(""), points, insertedCharacters };
}

const expectRebuilds = (runs: readonly DiffRun[], before: string, after: string) => {
  expect(reconstruct(runs, "before")).toBe(before);
  expect(reconstruct(runs, "after")).toBe(after);
};

describe("diffText", () => {
  it("gives compact runs for a small edit", () => {
    expect(diffText("2023年共收到申请3件。", "2024年共收到申请5件。")).toEqual([
      { op: "equal", text: "202" },
      { op: "delete", text: "3" },
      { op: "insert", text: "4" },
      { op: "equal", text: "年共收到申请" },
      { op: "delete", text: "3" },
      { op: "insert", text: "5" },
      { op: "equal", text: "件。" },
    ]);
  });

  it("handles empty sides", () => {
    expect(diffText("", "")).toEqual([]);
    expect(diffText("", "新增。")).toEqual([{ op: "insert", text: "新增。" }]);
    expect(diffText("删除。", "")).toEqual([{ op: "delete", text: "删除。" }]);
  });

  it("never splits a character outside the BMP", () => {
    const runs = diffText("甲𠀋乙", "甲𠀌乙");
    expect(runs).toEqual([
      { op: "equal", text: "甲" },
      { op: "delete", text: "𠀋" },
      { op: "insert", text: "𠀌" },
      { op: "equal", text: "乙" },
    ]);
  });

  it("rebuilds both sides of any pair of texts, with a minimal script on small texts", () => {
    const unit = fc.constantFrom(..."甲乙丙丁戊。；\n𠀋");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), fc.string({ unit, maxLength: 40 }), (before, after) => {
        const runs = diffText(before, after);
        expectRebuilds(runs, before, after);
        // Adjacent runs never share an operation, and no run is empty.
        runs.forEach((run, index) => {
          expect(run.text).not.toBe("");
          if (index > 0) expect(run.op).not.toBe(runs[index - 1]!.op);
        });
        const { inserted, deleted } = diffStatistics(runs);
        const lcs = lcsLength(before, after);
        // Sentence-first diffing may cost a few extra edits, never fewer than the optimum.
        expect(inserted + deleted).toBeGreaterThanOrEqual(Array.from(before).length + Array.from(after).length - 2 * lcs);
      }),
    );
  });

  it("is minimal when the texts have no sentence breaks (a single character-level pass)", () => {
    const unit = fc.constantFrom(..."甲乙丙丁戊");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.string({ unit, maxLength: 60 }), (before, after) => {
        const { inserted, deleted } = diffStatistics(diffText(before, after));
        expect(inserted + deleted).toBe(before.length + after.length - 2 * lcsLength(before, after));
      }),
    );
  });

  it("diffs two 20,000-character texts with scattered edits quickly and exactly", () => {
    const before = chineseText(20_000, 7);
    const edited = editedCopy(before, 151);
    const after = edited.text;
    const started = performance.now();
    const runs = diffText(before, after);
    const elapsed = performance.now() - started;
    expectRebuilds(runs, before, after);
    const { inserted, deleted, unchanged } = diffStatistics(runs);
    expect(edited.points).toBeGreaterThan(100);
    expect(deleted).toBe(edited.points);
    expect(inserted).toBe(edited.insertedCharacters);
    expect(unchanged).toBe(20_000 - edited.points);
    console.info(`diffText 20k vs 20k, ${edited.points} edits: ${elapsed.toFixed(0)} ms, ${runs.length} runs`);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("stays bounded on two unrelated 20,000-character texts", () => {
    const before = chineseText(20_000, 1);
    const after = chineseText(20_000, 2);
    const started = performance.now();
    const runs = diffText(before, after);
    const elapsed = performance.now() - started;
    expectRebuilds(runs, before, after);
    console.info(`diffText 20k vs 20k, unrelated: ${elapsed.toFixed(0)} ms, ${runs.length} runs`);
    expect(elapsed).toBeLessThan(3_000);
  });
});
