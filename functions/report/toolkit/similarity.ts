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
 * Shingles of many texts as sorted arrays of numbers, for comparing one report with dozens of others:
 * intersecting two sorted arrays is a linear merge, many times faster than probing a large
 * Set<string>. Each character gets a small id (below 2^17) and a 3-gram is the number
 * id₁·2^34 + id₂·2^17 + id₃ (below 2^51, exact in a double); a wording shorter than three characters
 * gets a negative number of its own. Numbers are only comparable within one index, so every text
 * compared must come from the same index; an index lives as long as one comparison job.
 */
export class ShingleIndex {
  private readonly characterIds = new Map<string, number>();
  private readonly shortWordingIds = new Map<string, number>();

  /** The sorted, distinct shingles of a text as numbers: the same shingles as `shingleSet`. */
  idsOf(text: string): Float64Array {
    const characters = Array.from(wordingOf(text));
    if (characters.length === 0) return new Float64Array(0);
    if (characters.length < SHINGLE_LENGTH) return Float64Array.of(this.shortWordingId(characters.join("")));
    const ids = characters.map((character) => this.characterId(character));
    const shingles = new Float64Array(ids.length - SHINGLE_LENGTH + 1);
    for (let i = 0; i < shingles.length; i += 1) {
      shingles[i] = ids[i]! * CHARACTER_SPACE * CHARACTER_SPACE + ids[i + 1]! * CHARACTER_SPACE + ids[i + 2]!;
    }
    shingles.sort();
    let distinct = 0;
    for (let i = 0; i < shingles.length; i += 1) {
      if (i === 0 || shingles[i] !== shingles[distinct - 1]) shingles[distinct++] = shingles[i]!;
    }
    return shingles.slice(0, distinct);
  }

  private characterId(character: string): number {
    let id = this.characterIds.get(character);
    if (id === undefined) {
      id = this.characterIds.size;
      if (id >= CHARACTER_SPACE) throw new RangeError("too many distinct characters for one ShingleIndex");
      this.characterIds.set(character, id);
    }
    return id;
  }

  private shortWordingId(wording: string): number {
    let id = this.shortWordingIds.get(wording);
    if (id === undefined) {
      id = -(this.shortWordingIds.size + 1);
      this.shortWordingIds.set(wording, id);
    }
    return id;
  }
}

const CHARACTER_SPACE = 2 ** 17;

/** Jaccard fraction of two sorted, distinct shingle arrays from one ShingleIndex. */
export function sortedJaccardFraction(a: Float64Array, b: Float64Array): JaccardFraction {
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
