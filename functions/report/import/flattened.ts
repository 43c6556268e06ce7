/**
 * Tables 二、三、四 from flattened text (crawler extraction, copy-paste), where a row's cells are run
 * together: `行政许可89741888`. Labels are found in template order; a row's digits are split into its
 * cells in every way the cell kinds allow (no leading zeros, one decimal amount, signed 本年增/减). A cell on
 * which every reading agrees is exact; the others go to review with their candidates. The row identity
 * 总计 = Σ applicant columns chooses a reading only when every row the text determines satisfies it, and
 * only when exactly one reading of the row does.
 */
import { APPLICATION_COLUMNS, APPLICATION_SUBGROUPS, REVIEW_COLUMNS, REVIEW_GROUPS, type ApplicationRow } from "../catalogue";
import type { CellKind, ImportSink } from "./cells";
import { findHeadings } from "./narrative";
import { blockFor, ROWS_2019, ROWS_2021, TABLE2_BLOCKS, type Table2Block, type Template } from "./table-specs";

const TYPO_VARIANTS: Record<string, readonly string[]> = {
  其他法律行政法规禁止公开: ["其他法律行政止公开"],
  行政规范性文件: ["规范性文件"],
  // A 2019 block printed with the 2021 label: the longer label is found first and recorded as printed.
  规范性文件: ["行政规范性文件"],
};

/** A label as a regex that tolerates spaces, bracket and punctuation width and missing quotes. */
export function labelPattern(label: string): string {
  const chars = [...label].map((c) => {
    if ("（(".includes(c)) return "[（(]";
    if ("）)".includes(c)) return "[）)]";
    if ("、，,".includes(c)) return "[、，,]";
    if ("：:".includes(c)) return "[：:]";
    if (".．".includes(c)) return "[.．、]";
    if ("“”\"".includes(c)) return "[“”\"]?";
    if ("/／".includes(c)) return "[/／]";
    return c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  return chars.join("\\s*");
}

interface Found {
  start: number;
  end: number;
  text: string;
}

function findLabel(text: string, labels: readonly string[], from: number, to: number): Found | undefined {
  let best: Found | undefined;
  for (const label of labels) {
    const re = new RegExp(labelPattern(label), "g");
    re.lastIndex = from;
    const m = re.exec(text);
    if (m && m.index + m[0].length <= to && (!best || m.index < best.start)) best = { start: m.index, end: m.index + m[0].length, text: m[0] };
  }
  return best;
}

/** The run of value characters right after a label (digits, spaces, decimal point, sign, units). */
function valueRun(text: string, from: number, to: number): string {
  const m = /^[\s\d.+\-－—\/元万笔件个项]*/.exec(text.slice(from, to));
  return (m?.[0] ?? "").replace(/[万]$/, "").trimEnd();
}

const PIECE: Record<CellKind, RegExp> = {
  count: /^(0|[1-9]\d*)(笔|件|个|项)?$/,
  signedCount: /^[+\-－]?(0|[1-9]\d*)$/,
  wanYuan: /^(0|[1-9]\d*)(\.\d{1,6})?$/,
  amountWithUnit: /^(0|[1-9]\d*)(\.\d+)?(元|万元)?$/,
};
const MAX_READINGS = 20_000;

/** Every way to cut the whitespace-separated runs into cells of the given kinds (no cell spans a space). */
export function splitReadings(run: string, kinds: readonly CellKind[]): string[][] {
  const tokens = run.split(/\s+/).filter(Boolean);
  const out: string[][] = [];
  const walk = (t: number, pos: number, cells: string[]) => {
    if (out.length >= MAX_READINGS) return;
    if (t === tokens.length) {
      if (cells.length === kinds.length) out.push([...cells]);
      return;
    }
    if (cells.length === kinds.length) return;
    const token = tokens[t]!;
    const kind = kinds[cells.length]!;
    for (let end = pos + 1; end <= token.length; end++) {
      const piece = token.slice(pos, end);
      if (!PIECE[kind].test(piece)) continue;
      cells.push(piece);
      if (end === token.length) walk(t + 1, 0, cells);
      else walk(t, end, cells);
      cells.pop();
    }
  };
  walk(0, 0, []);
  return out;
}

interface RowCells {
  paths: string[];
  kinds: CellKind[];
  columnLabels: string[];
  label: Found;
  run: string;
  readings: string[][];
}

function toValue(piece: string, kind: CellKind): { value: number | string; unit?: string } {
  const p = piece.replace("－", "-");
  if (kind === "count") return { value: Number(/^\d+/.exec(p)![0]) };
  if (kind === "signedCount") return { value: Number(p) };
  if (kind === "wanYuan") return { value: p };
  const m = /^([\d.]+)(元|万元)?$/.exec(p)!;
  return { value: m[1]!, ...(m[2] ? { unit: m[2] } : {}) };
}

function writeRow(sink: ImportSink, row: RowCells, readings: string[][], chosenBy?: string): void {
  const where = `原文连写文本“${row.label.text.replace(/\s+/g, "")}${row.run}”`;
  if (readings.length === 0) {
    row.paths.forEach((path, i) =>
      sink.unread(path, row.run.trim() === ""
        ? `${where}中“${row.columnLabels[i]}”列没有数字`
        : `${where}中的数字“${row.run.trim()}”不能拆分成 ${row.paths.length} 个单元格`),
    );
    return;
  }
  row.paths.forEach((path, i) => {
    const values = [...new Set(readings.map((r) => r[i]!))];
    const kind = row.kinds[i]!;
    if (values.length === 1) {
      const { value, unit } = toValue(values[0]!, kind);
      const how = readings.length === 1 ? (chosenBy ?? "唯一的拆分") : "各种拆分中此格均相同";
      sink.exact(path, value, `“${values[0]}”（${where}，“${row.columnLabels[i]}”列，${how}）`);
      if (kind === "amountWithUnit") {
        const unitPath = path.replace(/totalAmount$/, "totalAmountUnit");
        if (unit) sink.exact(unitPath, unit, `“${values[0]}”中的单位（${where}）`);
        else sink.unread(unitPath, `${where}中采购总金额未注明单位`);
      }
    } else {
      sink.unread(
        path,
        `${where}的数字连在一起，“${row.columnLabels[i]}”列有多种可能的读法`,
        values.map((v) => toValue(v, kind).value),
      );
      if (kind === "amountWithUnit") {
        const unitPath = path.replace(/totalAmount$/, "totalAmountUnit");
        const units = [...new Set(values.map((v) => toValue(v, kind).unit ?? ""))];
        if (units.length === 1 && units[0]) sink.exact(unitPath, units[0], `“${row.run.trim()}”中的单位（${where}，各种拆分中相同）`);
        else sink.unread(unitPath, `${where}中采购总金额未注明单位或读法不唯一`);
      }
    }
  });
}

// ---------------------------------------------------------------- table 二

function readTable2(text: string, from: number, to: number, sink: ImportSink, fallback: Template): Template | undefined {
  const firstTitle = findLabel(text, [TABLE2_BLOCKS["2019"][0]!.title], from, to);
  if (!firstTitle) return undefined;
  const titles: (Found | undefined)[] = [];
  let cursor = firstTitle.start;
  for (const block of TABLE2_BLOCKS["2019"]) {
    const found = findLabel(text, [block.title], cursor, to);
    titles.push(found);
    if (found) cursor = found.end;
  }
  const seen = new Set<Template>();
  const blocks: { block: Table2Block; start: number; end: number }[] = [];
  titles.forEach((title, i) => {
    const nextStart = titles.slice(i + 1).find(Boolean)?.start ?? to;
    if (!title) return;
    // The header decides the template of this block: 2021 and 2019 columns have different labels.
    let template: Template = fallback;
    for (const candidate of ["2021", "2019"] as const) {
      const block = blockFor(candidate, i);
      if (block && block.columns.every((c) => findLabel(text, [c.label], title.end, nextStart))) {
        template = candidate;
        break;
      }
    }
    seen.add(template);
    const block = blockFor(template, i);
    if (block) blocks.push({ block, start: title.end, end: nextStart });
  });
  const template: Template = seen.has("2021") ? "2021" : seen.has("2019") ? "2019" : fallback;
  const done = new Set<string>();
  for (const { block, start, end } of blocks) {
    let rowCursor = start;
    for (const rowSpec of block.rows) {
      const label = findLabel(text, [rowSpec.label, ...(TYPO_VARIANTS[rowSpec.label] ?? [])], rowCursor, end);
      if (!label) continue;
      rowCursor = label.end;
      done.add(rowSpec.key);
      const run = valueRun(text, label.end, end);
      const kinds = block.columns.map((c) => c.kind);
      writeRow(sink, {
        paths: block.columns.map((c) => `activeDisclosure.${rowSpec.key}.${c.key}`),
        kinds,
        columnLabels: block.columns.map((c) => c.label),
        label,
        run,
        readings: [],
      }, splitReadings(run, kinds));
    }
  }
  for (const [i] of TABLE2_BLOCKS["2019"].entries()) {
    const block = blockFor(template, i);
    if (!block) continue;
    for (const rowSpec of block.rows) {
      if (done.has(rowSpec.key)) continue;
      for (const column of block.columns) {
        sink.unread(`activeDisclosure.${rowSpec.key}.${column.key}`, `原文第二部分表格中没有“${rowSpec.label}”行（${block.title}），此格不能从文件确定`);
      }
      if (rowSpec.key === "centralizedProcurement") sink.unread("activeDisclosure.centralizedProcurement.totalAmountUnit", `原文第二部分表格中没有“${rowSpec.label}”行，采购总金额的单位不能从文件确定`);
    }
  }
  sink.set("activeDisclosure.kind", template);
  return template;
}

// ---------------------------------------------------------------- table 三

const APPLICATION_KINDS: CellKind[] = APPLICATION_COLUMNS.map(() => "count");

function readTable3(text: string, from: number, to: number, sink: ImportSink, fallback: Template): Template | undefined {
  const rows: { spec: ApplicationRow; label: Found }[] = [];
  let cursor = from;
  const ordered: ApplicationRow[] = [];
  for (const row of ROWS_2021) {
    if (row.key === "otherNoCorrection") ordered.push(ROWS_2019.find((r) => r.key === "otherDisposal")!);
    ordered.push(row);
  }
  for (const spec of ordered) {
    const core = spec.label.replace(/^(\d+\.|（[一二三四五六七]）|[一二三四]、)/, "");
    const alternatives = [spec.label, ...(TYPO_VARIANTS[core] ?? []).map((v) => spec.label.replace(core, v))];
    let label = findLabel(text, alternatives, cursor, to);
    if (!label && core !== spec.label) label = findLabel(text, [core], cursor, to);
    if (!label) continue;
    rows.push({ spec, label });
    cursor = label.end;
  }
  if (rows.length === 0) return undefined;
  const hasSubRows = rows.some((r) => r.spec.subgroup === "other");
  const single = rows.find((r) => r.spec.key === "otherDisposal");
  const singleRun = single ? valueRun(text, single.label.end, rows[rows.indexOf(single) + 1]?.label.start ?? to) : "";
  const template: Template = hasSubRows ? "2021" : fallback;

  const parsed = new Map<string, RowCells>();
  rows.forEach((r, i) => {
    const end = rows[i + 1]?.label.start ?? to;
    const run = valueRun(text, r.label.end, end);
    parsed.set(r.spec.key, {
      paths: APPLICATION_COLUMNS.map((c) => `applications.rows.${r.spec.key}.${c.key}`),
      kinds: APPLICATION_KINDS,
      columnLabels: APPLICATION_COLUMNS.map((c) => c.label),
      label: r.label,
      run,
      readings: splitReadings(run, APPLICATION_KINDS),
    });
  });
  // The row identity may choose among readings only if the text's own determined rows all satisfy it.
  const rowIdentity = (reading: string[]) => {
    const numbers = reading.map(Number);
    return numbers.slice(0, -1).reduce((a, b) => a + b, 0) === numbers[numbers.length - 1];
  };
  const determined = [...parsed.values()].filter((r) => r.readings.length === 1);
  const identityHolds = determined.length > 0 && determined.every((r) => rowIdentity(r.readings[0]!));

  const expected = template === "2021" ? ROWS_2021 : ROWS_2019;
  for (const spec of expected) {
    const row = parsed.get(spec.key);
    if (!row) {
      const reason =
        template === "2021" && spec.subgroup === "other" && single
          ? `原文表格只有 2019 年版的单行“${APPLICATION_SUBGROUPS.other}”（“${singleRun.trim()}”），没有 2021 年版（六）下的三项，此格不能从文件确定`
          : `原文第三部分表格中没有“${spec.label}”行，此格不能从文件确定`;
      for (const c of APPLICATION_COLUMNS) sink.unread(`applications.rows.${spec.key}.${c.key}`, reason);
      continue;
    }
    if (row.readings.length > 1 && identityHolds) {
      const satisfying = row.readings.filter(rowIdentity);
      if (satisfying.length === 1) {
        writeRow(sink, row, satisfying, "多种拆分中只有这一种满足“总计=各列之和”，本表文本已确定的各行均满足此关系");
        continue;
      }
    }
    writeRow(sink, row, row.readings);
  }
  if (template === "2021" && single && !hasSubRows) {
    sink.provenance["applications.rows.otherDisposal"] = `“${single.label.text}${singleRun}”（2019 年版单行，2021 年版表格中无此键，仅作记录）`;
  }
  return template;
}

// ---------------------------------------------------------------- table 四

function readTable4(text: string, from: number, to: number, sink: ImportSink): boolean {
  const segment = text.slice(from, to);
  const lastHeader = segment.lastIndexOf(REVIEW_COLUMNS[REVIEW_COLUMNS.length - 1]!.label);
  if (lastHeader < 0) return false;
  const start = from + lastHeader + REVIEW_COLUMNS[REVIEW_COLUMNS.length - 1]!.label.length;
  const run = valueRun(text, start, to);
  const kinds: CellKind[] = REVIEW_GROUPS.flatMap(() => REVIEW_COLUMNS.map(() => "count" as const));
  writeRow(sink, {
    paths: REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((c) => `reviewLitigation.${g.key}.${c.key}`)),
    kinds,
    columnLabels: REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((c) => `${g.label}·${c.label}`)),
    label: { start, end: start, text: "第四部分表格数据行" },
    run,
    readings: [],
  }, splitReadings(run, kinds));
  return true;
}

export function readFlattenedTables(
  text: string,
  sink: ImportSink,
  fallback: Template,
): { table2?: Template; table3?: Template; table4: boolean } {
  const headings = findHeadings(text);
  const at = (key: string) => headings.find((h) => h.key === key);
  const two = at("activeDisclosure");
  const three = at("applications");
  const four = at("reviewLitigation");
  const five = at("problemsAndImprovements") ?? at("otherMatters");
  const table2 = two ? readTable2(text, two.end, three?.start ?? four?.start ?? text.length, sink, fallback) : undefined;
  const table3 = three ? readTable3(text, three.end, four?.start ?? five?.start ?? text.length, sink, table2 ?? fallback) : undefined;
  const table4 = four ? readTable4(text, four.end, five?.start ?? text.length, sink) : false;
  return { ...(table2 ? { table2 } : {}), ...(table3 ? { table3 } : {}), table4 };
}
