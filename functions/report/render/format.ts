/** Date formats of Chinese official documents: 2025年1月20日 (no leading zeros). */

/** `YYYY-MM-DD` → `2024年1月1日`. */
export function chineseDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) throw new RangeError(`not an ISO date: ${isoDate}`);
  const [, year, month, day] = match;
  return `${Number(year)}年${Number(month)}月${Number(day)}日`;
}

// China has used UTC+8 all year since 1991, so a fixed offset gives the Asia/Shanghai calendar date
// without depending on the ICU data of the runtime.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar date (`YYYY-MM-DD`) of an ISO instant. */
export function shanghaiIsoDate(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) throw new RangeError(`not an ISO instant: ${instant}`);
  return new Date(time + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An ISO instant shown as its Asia/Shanghai date: `2025-01-19T16:30:00Z` → `2025年1月20日`. */
export function shanghaiChineseDate(instant: string): string {
  return chineseDate(shanghaiIsoDate(instant));
}

/** An ISO instant shown as Asia/Shanghai date and time: `2025年1月20日 08:05`. */
export function shanghaiChineseDateTime(instant: string): string {
  const shifted = new Date(Date.parse(instant) + SHANGHAI_OFFSET_MS).toISOString();
  return `${shanghaiChineseDate(instant)} ${shifted.slice(11, 16)}`;
}

/** Counts are plain digits without separators (format-spec §2.4); 0 is written `0`, never blank. */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer count: ${value}`);
  return String(value);
}
