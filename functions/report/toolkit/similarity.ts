/**
 * Text similarity for rule N-06 and the year-over-year comparison: Jaccard similarity of character
 * 3-gram shingles.
 *
 * Before shingling, a text is reduced to what a reader would call its wording: every character of
 * Unicode White_Space (`\s`: spaces, tabs, line breaks, the ideographic space U+3000), every Unicode
 * punctuation character (`\p{P}`: 。，、；：？！“”‘’（）《》〔〕【】…— and the ASCII ones) and every
 * Unicode symbol (`\p{S}`: + = < > ~ ^ | ¥ $ ％-like signs, arrows, maths) is removed. Letters and
 * digits are kept, so a text copied with only its year and figures updated stays highly similar, and
 * a text whose layout or punctuation was changed is not thereby made different.
 *
 * Shingles are taken over code points, not UTF-16 units, so a rare character outside the BMP is one
 * character, as a reader counts it.
 */

/** Shingle length in characters. */
export const SHINGLE_LENGTH = 3;

const NOT_WORDING = /[\s\p{P}\p{S}]/gu;

/** The text without whitespace, punctuation and symbols (see the module comment). */
export function wordingOf(text: string): string {
  return text.replace(NOT_WORDING, "");
}

/** Number of characters (code points) of the wording: what the length thresholds of the checks count. */
export function wordingLength(text: string): number {
  let count = 0;
  for (const _ of wordingOf(text)) count += 1;
  return count;
}

/**
 * The set of character 3-grams of the wording. A wording shorter than three characters (but not
 * empty) is its own single shingle, so two identical short texts are still identical.
 */
export function shingleSet(text: string, length = SHINGLE_LENGTH): Set<string> {
  const characters = Array.from(wordingOf(text));
  const shingles = new Set<string>();
  if (characters.length === 0) return shingles;
  if (characters.length < length) {
    shingles.add(characters.join(""));
    return shingles;
  }
  for (let start = 0; start + length <= characters.length; start += 1) {
    shingles.add(characters.slice(start, start + length).join(""));
  }
  return shingles;
}

/** Exact Jaccard figure as a fraction, so a threshold can be tested without rounding. */
export interface JaccardFraction {
  shared: number;
  union: number;
}

export function jaccardFraction(a: ReadonlySet<string>, b: ReadonlySet<string>): JaccardFraction {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared += 1;
  return { shared, union: a.size + b.size - shared };
}

/**
 * |A ∩ B| / |A ∪ B|, from 0 to 1. Two empty texts score 0: nothing was copied (an empty section is
 * rule N-02's business, not a similarity).
 */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const { shared, union } = jaccardFraction(a, b);
  return union === 0 ? 0 : shared / union;
}

/** Jaccard similarity of the 3-gram shingles of two texts. */
export function textSimilarity(a: string, b: string): number {
  return jaccard(shingleSet(a), shingleSet(b));
}

/** A similarity as a percentage with one decimal, e.g. 0.8731 → "87.3%". */
export function formatPercent(similarity: number): string {
  return `${(Math.round(similarity * 1000) / 10).toFixed(1)}%`;
}

/**
 * Shingles of many texts as sorted arrays of integer ids, for comparing one report with dozens of
 * others: intersecting two sorted arrays is a linear merge, many times faster than probing a large
 * Set<string>. Ids are only comparable within one index, so every text compared must come from the
 * same index; an index lives as long as one comparison job and holds no global state.
 */
export class ShingleIndex {
  private readonly ids = new Map<string, number>();

  /** The sorted, distinct shingle ids of a text (the same shingles as `shingleSet`). */
  idsOf(text: string): Int32Array {
    const ids = new Int32Array(Array.from(shingleSet(text), (shingle) => this.idOf(shingle)));
    return ids.sort();
  }

  private idOf(shingle: string): number {
    let id = this.ids.get(shingle);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(shingle, id);
    }
    return id;
  }
}

/** Jaccard fraction of two sorted, distinct id arrays from one ShingleIndex. */
export function sortedJaccardFraction(a: Int32Array, b: Int32Array): JaccardFraction {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return { shared, union: a.length + b.length - shared };
}
