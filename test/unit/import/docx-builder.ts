/**
 * Builds a DOCX in memory (word/document.xml zipped with fflate) from the template catalogue and a set of
 * cell values, with the merges Word writes: gridSpan for column spans, vMerge restart/continue for row spans.
 */
import { strToU8, zipSync } from "fflate";
import {
  ACTIVE_DISCLOSURE_BLOCKS,
  ACTIVE_DISCLOSURE_ITEM_LABEL,
  APPLICANT_COLUMNS,
  APPLICANT_HEADING,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  APPLICATION_SUBGROUPS,
  APPLICATIONS_NOTE,
  LEGAL_PERSON_HEADING,
  LITIGATION_HEADING,
  RESULTS_GROUP_LABEL,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  REVIEW_HEADING,
  SECTION_HEADINGS,
} from "../../../functions/report/catalogue";

interface Cell {
  text: string;
  span?: number;
  merge?: "restart" | "continue";
}
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
/** A cell's text split over two runs in two paragraphs, as Word does for wrapped labels. */
const cellXml = (c: Cell) => {
  const half = Math.ceil(c.text.length / 2);
  const runs = c.text.length > 3 ? [c.text.slice(0, half), c.text.slice(half)] : [c.text];
  const props = `${c.span ? `<w:gridSpan w:val="${c.span}"/>` : ""}${c.merge ? `<w:vMerge${c.merge === "restart" ? ' w:val="restart"' : ""}/>` : ""}`;
  return `<w:tc><w:tcPr>${props}</w:tcPr>${runs.map((r) => `<w:p><w:r><w:t xml:space="preserve">${esc(r)}</w:t></w:r></w:p>`).join("")}</w:tc>`;
};
const table = (rows: Cell[][]) => `<w:tbl>${rows.map((r) => `<w:tr>${r.map(cellXml).join("")}</w:tr>`).join("")}</w:tbl>`;
const para = (text: string) => `<w:p><w:r><w:t>${esc(text)}</w:t></w:r></w:p>`;

export function buildReportDocx(title: string, cells: Record<string, unknown>): Uint8Array {
  const v = (path: string) => String(cells[path] ?? "");
  const t2: Cell[][] = [];
  for (const block of ACTIVE_DISCLOSURE_BLOCKS) {
    t2.push([{ text: block.title, span: 4 }]);
    const wide = block.columns.length === 1 ? 3 : undefined;
    t2.push([{ text: ACTIVE_DISCLOSURE_ITEM_LABEL }, ...block.columns.map((c) => ({ text: c.label, ...(wide ? { span: wide } : {}) }))]);
    for (const row of block.rows) {
      t2.push([{ text: row.label }, ...block.columns.map((c) => ({ text: v(`activeDisclosure.${row.key}.${c.key}`), ...(wide ? { span: wide } : {}) }))]);
    }
  }
  const t3: Cell[][] = [
    [{ text: APPLICATIONS_NOTE, span: 3, merge: "restart" }, { text: APPLICANT_HEADING, span: 7 }],
    [{ text: "", span: 3, merge: "continue" }, { text: APPLICANT_COLUMNS[0].label, merge: "restart" }, { text: LEGAL_PERSON_HEADING, span: 5 }, { text: "总计", merge: "restart" }],
    [{ text: "", span: 3, merge: "continue" }, { text: "", merge: "continue" }, ...APPLICANT_COLUMNS.slice(1).map((c) => ({ text: c.label })), { text: "", merge: "continue" }],
  ];
  let resultsOpen = false;
  let subgroupOpen: string | undefined;
  for (const row of APPLICATION_ROWS) {
    const values = APPLICATION_COLUMNS.map((c) => ({ text: v(`applications.rows.${row.key}.${c.key}`) }));
    if (row.level === "top") {
      t3.push([{ text: row.label, span: 3 }, ...values]);
      continue;
    }
    const results: Cell = resultsOpen ? { text: "", merge: "continue" } : { text: RESULTS_GROUP_LABEL, merge: "restart" };
    resultsOpen = true;
    const sub = "subgroup" in row ? row.subgroup : undefined;
    if (!sub) {
      subgroupOpen = undefined;
      t3.push([results, { text: row.label, span: 2 }, ...values]);
    } else {
      const group: Cell = subgroupOpen === sub ? { text: "", merge: "continue" } : { text: APPLICATION_SUBGROUPS[sub], merge: "restart" };
      subgroupOpen = sub;
      t3.push([results, group, { text: row.label }, ...values]);
    }
  }
  const t4: Cell[][] = [
    [{ text: REVIEW_HEADING, span: 5 }, { text: LITIGATION_HEADING, span: 10 }],
    [...REVIEW_COLUMNS.map((c) => ({ text: c.label, merge: "restart" as const })), ...REVIEW_GROUPS.slice(1).map((g) => ({ text: g.label, span: 5 }))],
    [...REVIEW_COLUMNS.map(() => ({ text: "", merge: "continue" as const })), ...REVIEW_GROUPS.slice(1).flatMap(() => REVIEW_COLUMNS.map((c) => ({ text: c.label })))],
    REVIEW_GROUPS.flatMap((g) => REVIEW_COLUMNS.map((c) => ({ text: v(`reviewLitigation.${g.key}.${c.key}`) }))),
  ];
  const body = [
    para(title),
    para("本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"),
    para(SECTION_HEADINGS.overview),
    para("本年度工作概况。"),
    para(SECTION_HEADINGS.activeDisclosure),
    table(t2),
    para(SECTION_HEADINGS.applications),
    table(t3),
    para(SECTION_HEADINGS.reviewLitigation),
    table(t4),
    para(SECTION_HEADINGS.problemsAndImprovements),
    para("存在的问题与改进措施。"),
    para(SECTION_HEADINGS.otherMatters),
    para("本年度未收取信息处理费。"),
  ].join("");
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return zipSync({
    "[Content_Types].xml": strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    "word/document.xml": strToU8(xml),
  });
}
