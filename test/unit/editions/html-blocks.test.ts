import { describe, expect, it } from "vitest";
import { htmlToBlocks } from "../../../functions/report/render/editions/html-blocks";

describe("reading the page's HTML as print blocks", () => {
  it("keeps headings, paragraphs and list items, decodes entities, and drops screen-only parts", () => {
    const html = [
      `<section><h2 id="x">二、标题</h2>`,
      `<p class="scroll-hint">（表格可左右滑动查看）</p>`,
      `<p>甲&amp;乙 &lt;丙&gt;<span class="break-anywhere">a@b.cn</span><br>第二行</p>`,
      `<div class="edition-note"><p>页面说明</p></div>`,
      `<ul><li>第一份报告</li><li>第二份报告</li></ul>`,
      `<p class="placeholder">（未填写）</p></section>`,
    ].join("\n");
    expect(htmlToBlocks(html, ["edition-note"])).toEqual([
      { kind: "heading", level: 2, text: "二、标题" },
      { kind: "paragraph", text: "甲&乙 <丙>a@b.cn\n第二行" },
      { kind: "paragraph", text: "第一份报告" },
      { kind: "paragraph", text: "第二份报告" },
      { kind: "paragraph", text: "（未填写）", placeholder: true },
    ]);
  });

  it("reads a table's cells with spans and roles, the caption as its name, thead rows as header", () => {
    const html = `<table class="report-table t9"><caption class="sr-only">表名</caption><colgroup><col><col></colgroup>
      <thead><tr><td class="note" colspan="2" rowspan="2">注</td><th>列</th></tr><tr><th>子列</th></tr></thead>
      <tbody><tr><th class="row-head" colspan="2">行</th><td>7</td></tr></tbody></table>`;
    const [block] = htmlToBlocks(html);
    expect(block).toEqual({
      kind: "table",
      table: {
        kind: "t9",
        caption: "表名",
        rows: [
          { inHead: true, cells: [{ text: "注", colSpan: 2, rowSpan: 2, header: false, role: "note" }, { text: "列", colSpan: 1, rowSpan: 1, header: true, role: "column" }] },
          { inHead: true, cells: [{ text: "子列", colSpan: 1, rowSpan: 1, header: true, role: "column" }] },
          { inHead: false, cells: [{ text: "行", colSpan: 2, rowSpan: 1, header: true, role: "row" }, { text: "7", colSpan: 1, rowSpan: 1, header: false, role: "data" }] },
        ],
      },
    });
  });
});
