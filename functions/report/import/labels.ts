/**
 * Tolerant label matching. Published reports vary in punctuation width, 、 vs ，, quotes, spaces inside
 * labels and a few known typos; matching compares normalised forms and never changes what is recorded
 * (provenance keeps the label as published).
 */

/** Known misprints seen in published reports, mapped to the template wording they stand for. */
const KNOWN_TYPOS: readonly (readonly [string, string])[] = [
  ["行政法复议", "行政复议"],
  ["不子公开", "不予公开"],
  ["其他法律行政止公开", "其他法律行政法规禁止公开"],
];

/** Full-width to half-width, one dash, no whitespace, no quotes, 、 and ， as one separator. */
export function normalizeLabel(text: string): string {
  let s = text.normalize("NFKC");
  s = s.replace(/[\s\u00a0\u3000\u200b]+/g, "");
  s = s.replace(/[“”"'‘’「」]/g, "");
  s = s.replace(/[、，,;；]/g, ",");
  s = s.replace(/[．。]/g, ".");
  s = s.replace(/[－—–]/g, "-");
  for (const [typo, meant] of KNOWN_TYPOS) s = s.split(typo).join(meant);
  return s;
}

/** The label without its leading number (“1.”, “（三）”, “三、”). */
export function labelCore(text: string): string {
  return normalizeLabel(text).replace(/^(\d+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+,)/, "");
}

/** True when the normalised text uses one of the known typos (so provenance can say so). */
export function usesKnownTypo(text: string): string | undefined {
  const compact = text.normalize("NFKC").replace(/\s+/g, "");
  return KNOWN_TYPOS.find(([typo]) => compact.includes(typo))?.[0];
}

export const hasCjkLabel = (text: string): boolean => /[\u4e00-\u9fff]/.test(text.replace(/[元万笔件个项无]/g, ""));
