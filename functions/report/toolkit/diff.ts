/**
 * A character-level text diff for the year-over-year comparison: a compact list of equal / insert /
 * delete runs from which both texts can be rebuilt exactly.
 *
 * Myers' O((N+M)·D) algorithm is exact but its cost grows with the number of edits D, and two
 * unrelated 20,000-character texts have D ≈ 40,000. So the diff works in two bounded passes:
 *
 * 1. the common prefix and suffix are cut off (cheap, and the whole story for small corrections);
 * 2. the rest is cut into sentences (after 。！？；!?; and line breaks) and the sentence sequences
 *    are diffed with Myers, at most SENTENCE_EDIT_LIMIT edits;
 * 3. each block of replaced sentences is diffed character by character with Myers, at most
 *    CHARACTER_EDIT_LIMIT edits; a block that needs more is shown as deleted and inserted whole.
 *
 * Both limits bound the work to about (N+M)·limit steps and the memory to limit² integers. The result
 * is always a correct edit script; it is minimal except where a limit was hit.
 */

export type DiffOperation = "equal" | "insert" | "delete";

export interface DiffRun {
  op: DiffOperation;
  text: string;
}

export const SENTENCE_EDIT_LIMIT = 1_000;
export const CHARACTER_EDIT_LIMIT = 1_000;

const SENTENCE_END = new Set(["。", "！", "？", "；", "!", "?", ";", "\n"]);

type Edit = 0 | 1 | 2; // 0 equal, 1 delete (from a), 2 insert (from b)
const EQUAL = 0;
const DELETE = 1;
const INSERT = 2;

/**
 * Myers' greedy shortest edit script between two sequences of integers, or undefined when it needs
 * more than `maxEdits` insertions and deletions.
 */
function myers(a: ArrayLike<number>, b: ArrayLike<number>, maxEdits: number): Edit[] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // trace[d] holds v[-d-1 .. d+1] as it stood before round d: what the backtrack of round d reads.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d += 1) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m, d);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number, edits: number): Edit[] {
  const script: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = edits; d > 0; d -= 1) {
    const before = trace[d]!;
    const at = (k: number): number => before[k + d + 1]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      script.push(EQUAL);
      x -= 1;
      y -= 1;
    }
    if (x === previousX) {
      script.push(INSERT);
      y -= 1;
    } else {
      script.push(DELETE);
      x -= 1;
    }
  }
  while (x > 0 && y > 0) {
    script.push(EQUAL);
    x -= 1;
    y -= 1;
  }
  return script.reverse();
}

/** Appends text to the run list, merging with the last run of the same operation. */
function push(runs: DiffRun[], op: DiffOperation, text: string): void {
  if (text === "") return;
  const last = runs[runs.length - 1];
  if (last && last.op === op) last.text += text;
  else runs.push({ op, text });
}

function codePoints(characters: readonly string[]): Int32Array {
  return Int32Array.from(characters, (character) => character.codePointAt(0)!);
}

/** Character diff of one replaced block; whole delete + insert when it needs too many edits. */
function diffCharacters(before: readonly string[], after: readonly string[], runs: DiffRun[]): void {
  const script = myers(codePoints(before), codePoints(after), CHARACTER_EDIT_LIMIT);
  if (!script) {
    push(runs, "delete", before.join(""));
    push(runs, "insert", after.join(""));
    return;
  }
  let i = 0;
  let j = 0;
  for (const edit of script) {
    if (edit === EQUAL) {
      push(runs, "equal", before[i]!);
      i += 1;
      j += 1;
    } else if (edit === DELETE) {
      push(runs, "delete", before[i]!);
      i += 1;
    } else {
      push(runs, "insert", after[j]!);
      j += 1;
    }
  }
}

function sentencesOf(characters: readonly string[]): string[][] {
  const sentences: string[][] = [];
  let current: string[] = [];
  for (const character of characters) {
    current.push(character);
    if (SENTENCE_END.has(character)) {
      sentences.push(current);
      current = [];
    }
  }
  if (current.length > 0) sentences.push(current);
  return sentences;
}

/** The diff of `before` → `after` as runs; `reconstruct` gives back either side exactly. */
export function diffText(before: string, after: string): DiffRun[] {
  const a = Array.from(before);
  const b = Array.from(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) {
    suffix += 1;
  }
  const runs: DiffRun[] = [];
  push(runs, "equal", a.slice(0, prefix).join(""));

  const sentencesA = sentencesOf(a.slice(prefix, a.length - suffix));
  const sentencesB = sentencesOf(b.slice(prefix, b.length - suffix));
  const ids = new Map<string, number>();
  const idOf = (sentence: readonly string[]): number => {
    const key = sentence.join("");
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  };
  const script = myers(Int32Array.from(sentencesA, idOf), Int32Array.from(sentencesB, idOf), SENTENCE_EDIT_LIMIT) ?? [
    ...sentencesA.map((): Edit => DELETE),
    ...sentencesB.map((): Edit => INSERT),
  ];

  let i = 0;
  let j = 0;
  let deleted: string[] = [];
  let inserted: string[] = [];
  const flushReplaced = (): void => {
    if (deleted.length > 0 || inserted.length > 0) diffCharacters(deleted, inserted, runs);
    deleted = [];
    inserted = [];
  };
  for (const edit of script) {
    if (edit === EQUAL) {
      flushReplaced();
      push(runs, "equal", sentencesA[i]!.join(""));
      i += 1;
      j += 1;
    } else if (edit === DELETE) {
      for (const character of sentencesA[i]!) deleted.push(character);
      i += 1;
    } else {
      for (const character of sentencesB[j]!) inserted.push(character);
      j += 1;
    }
  }
  flushReplaced();
  push(runs, "equal", a.slice(a.length - suffix).join(""));
  return runs;
}

/** One side of a diff: "before" is the equal and deleted runs, "after" the equal and inserted ones. */
export function reconstruct(runs: readonly DiffRun[], side: "before" | "after"): string {
  const dropped: DiffOperation = side === "before" ? "insert" : "delete";
  return runs
    .filter((run) => run.op !== dropped)
    .map((run) => run.text)
    .join("");
}

/** Characters inserted and deleted, for a summary line. */
export function diffStatistics(runs: readonly DiffRun[]): { inserted: number; deleted: number; unchanged: number } {
  const count = (op: DiffOperation) =>
    runs.filter((run) => run.op === op).reduce((total, run) => total + Array.from(run.text).length, 0);
  return { inserted: count("insert"), deleted: count("delete"), unchanged: count("equal") };
}
