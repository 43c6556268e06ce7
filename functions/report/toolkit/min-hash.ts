/**
 * A short, stored signature of a text's shingle set that estimates the Jaccard similarity of two
 * texts without either text: b-bit MinHash (Broder 1997; Li & König 2010) with 128 hash functions
 * and the low 16 bits of each minimum.
 *
 * N-06 compares a report with every other report of the year. Reading every report to do it would
 * cost one DynamoDB Query per agency on every /findings call; instead each report's META keeps the
 * signatures of its compared sections (344 characters each), the year's listing brings them all in
 * one paginated Query, and only the reports whose estimate comes near the threshold are read and
 * compared exactly. The estimate only chooses what to read: the figure a finding shows is always
 * the exact Jaccard of the two texts.
 *
 * Error of the estimate: with k = 128 functions its standard deviation is √(J(1−J)/k), 0.044 at
 * J = 0.5; the 16-bit truncation adds a bias of 2⁻¹⁶ that `estimatedJaccard` removes. A pair whose
 * exact figure is above 0.5 is estimated at or below CANDIDATE_ESTIMATE (0.3) with probability
 * P(Binomial(128, 0.5) ≤ 38) = Σₖ₌₀³⁸ C(128, k) / 2¹²⁸ ≈ 2.5·10⁻⁶, so it is practically never skipped.
 */
export const SIGNATURE_FUNCTIONS = 128;
/** Estimates above this are read and compared exactly (see the module comment for why 0.3). */
export const CANDIDATE_ESTIMATE = 0.3;

const TRUNCATED_COLLISION = 1 / 65536;

/** MurmurHash3's finaliser: a fast 32-bit mix in which every input bit affects every output bit. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 units: a stable hash of a shingle, the same in every process and year. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// The i-th hash function is mix32(hash(shingle) XOR seed_i); fixed seeds keep stored signatures comparable.
const SEEDS = Uint32Array.from({ length: SIGNATURE_FUNCTIONS }, (_, i) => mix32(Math.imul(i + 1, 0x9e3779b9)));

/** The signature of a shingle set (`shingleSet` of a text), base64 of 128 little-endian 16-bit values. */
export function shingleSignature(shingles: Iterable<string>): string {
  const minima = new Uint32Array(SIGNATURE_FUNCTIONS).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = fnv1a(shingle);
    for (let i = 0; i < SIGNATURE_FUNCTIONS; i += 1) {
      const value = mix32(base ^ SEEDS[i]!);
      if (value < minima[i]!) minima[i] = value;
    }
  }
  const low = new Uint8Array(SIGNATURE_FUNCTIONS * 2);
  for (let i = 0; i < SIGNATURE_FUNCTIONS; i += 1) {
    low[2 * i] = minima[i]! & 0xff;
    low[2 * i + 1] = (minima[i]! >>> 8) & 0xff;
  }
  return Buffer.from(low).toString("base64");
}

/** The Jaccard similarity two signatures estimate, from 0 to 1; undefined if either is not a signature. */
export function estimatedJaccard(a: string, b: string): number | undefined {
  const x = Buffer.from(a, "base64");
  const y = Buffer.from(b, "base64");
  if (x.length !== SIGNATURE_FUNCTIONS * 2 || y.length !== SIGNATURE_FUNCTIONS * 2) return undefined;
  let equal = 0;
  for (let i = 0; i < x.length; i += 2) if (x[i] === y[i] && x[i + 1] === y[i + 1]) equal += 1;
  const raw = equal / SIGNATURE_FUNCTIONS;
  return Math.max(0, (raw - TRUNCATED_COLLISION) / (1 - TRUNCATED_COLLISION));
}
