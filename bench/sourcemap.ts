/**
 * Just enough of the source-map format (v3, "mappings" in base64 VLQ) to tell which source file a
 * position of a bundle came from. Used to attribute CPU-profile samples of a bundle to packages.
 */
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((ch, i) => [ch, i]));

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = DIGIT.get(ch);
    if (digit === undefined) throw new Error(`bad VLQ character ${ch}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

export interface SourceMapIndex {
  sources: string[];
  /** Source index at a 0-based generated line and column (the last mapping at or before it). */
  sourceAt(line: number, column: number): number | undefined;
}

export function indexSourceMap(map: { sources: string[]; mappings: string }): SourceMapIndex {
  // Per generated line: sorted [column, sourceIndex] pairs.
  const lines: [number, number][][] = [];
  let source = 0;
  for (const lineText of map.mappings.split(";")) {
    const entries: [number, number][] = [];
    let column = 0;
    for (const segment of lineText.split(",")) {
      if (!segment) continue;
      const [dColumn = 0, dSource] = decodeVlq(segment);
      column += dColumn;
      if (dSource !== undefined) {
        source += dSource;
        entries.push([column, source]);
      }
      // Fields 3–5 (original line, column, name) are not needed here; their deltas stay relative
      // to their own previous values, so skipping them does not disturb the source index.
    }
    lines.push(entries);
  }
  return {
    sources: map.sources,
    sourceAt(line, column) {
      const entries = lines[line];
      if (!entries || entries.length === 0) return undefined;
      let found: number | undefined;
      for (const [col, src] of entries) {
        if (col > column) break;
        found = src;
      }
      return found ?? entries[0]![1];
    },
  };
}

/** node_modules/@scope/pkg/… → "@scope/pkg"; functions/report/x.ts → "functions/report". */
export function packageOf(source: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (match) return match[1]!;
  const parts = source.replace(/^(\.\.\/)+/, "").split("/");
  return parts.length > 2 ? parts.slice(0, 2).join("/") : parts.join("/");
}
