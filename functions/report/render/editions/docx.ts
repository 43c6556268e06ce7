import { strToU8, zipSync, type Zippable } from "fflate";
import { buildEditionDocument, type EditionDocument, type EditionView } from "./document";
import { cellAlignment, columnWidths, headerRowCount, isHeadingRow, placeTable, type PlacedCell } from "./grid";
import type { EditionBlock, EditionTable } from "./html-blocks";
import { EDITION_UI } from "./labels";

/**
 * The Word edition, written as WordprocessingML by hand and zipped with fflate (already a
 * dependency): a handful of small XML parts is far less code to ship than a DOCX library.
 * Tables are real Word tables with the template's spans (`w:gridSpan`, `w:vMerge`); rows never
 * break across pages (`w:cantSplit`) and header rows repeat (`w:tblHeader`). A4 portrait, page
 * numbers in the footer. Fonts are named, not embedded: 宋体/黑体 are on every Chinese Windows, and
 * Word substitutes its own CJK font elsewhere.
 */
export function renderDocx(view: EditionView): Uint8Array {
  const document = buildEditionDocument(view);
  const files: Zippable = {
    "[Content_Types].xml": xmlPart(CONTENT_TYPES),
    "_rels/.rels": xmlPart(PACKAGE_RELATIONSHIPS),
    "docProps/core.xml": xmlPart(coreProperties(document, view.publishedAt)),
    "word/document.xml": xmlPart(documentXml(document)),
    "word/styles.xml": xmlPart(STYLES),
    "word/settings.xml": xmlPart(SETTINGS),
    "word/footer1.xml": xmlPart(FOOTER),
    "word/_rels/document.xml.rels": xmlPart(DOCUMENT_RELATIONSHIPS),
  };
  // A fixed timestamp keeps the file byte-identical for the same version (stable ETag, no spurious rewrites).
  return zipSync(files, { level: 6, mtime: ZIP_TIMESTAMP });
}

const ZIP_TIMESTAMP = new Date("2000-01-01T00:00:00Z");

// ---------------------------------------------------------------- page geometry (twentieths of a point)

const A4_WIDTH = 11906;
const A4_HEIGHT = 16838;
const MARGIN_TOP = 1440;
const MARGIN_BOTTOM = 1440;
const MARGIN_SIDE = 1247;
const TEXT_WIDTH = A4_WIDTH - 2 * MARGIN_SIDE;

// ---------------------------------------------------------------- XML helpers

const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const xmlPart = (body: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);

/** Escapes text for XML and drops the control characters XML 1.0 cannot carry at all. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const run = (text: string, properties = "") =>
  text
    .split("\n")
    .map((line, index) => `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ""}${index > 0 ? "<w:br/>" : ""}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r>`)
    .join("");

function paragraph(text: string, style: string, extra = "", runProperties = ""): string {
  return `<w:p><w:pPr><w:pStyle w:val="${style}"/>${extra}</w:pPr>${run(text, runProperties)}</w:p>`;
}

// ---------------------------------------------------------------- body

function documentXml(document: EditionDocument): string {
  const body = [
    paragraph(document.title, "Title"),
    document.facts ? paragraph(document.facts, "Facts") : "",
    ...(document.correction ? correctionXml(document.correction) : []),
    ...document.blocks.map(blockXml),
    sectionProperties(),
  ].join("");
  return `<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${body}</w:body></w:document>`;
}

function correctionXml(correction: NonNullable<EditionDocument["correction"]>): string[] {
  const boxed = `<w:pBdr><w:top w:val="single" w:sz="6" w:space="4" w:color="000000"/><w:left w:val="single" w:sz="6" w:space="4" w:color="000000"/><w:bottom w:val="single" w:sz="6" w:space="4" w:color="000000"/><w:right w:val="single" w:sz="6" w:space="4" w:color="000000"/></w:pBdr>`;
  return [paragraph(correction.heading, "BoxTitle", boxed), ...correction.paragraphs.map((text) => paragraph(text, "BoxText", boxed))];
}

function blockXml(block: EditionBlock): string {
  switch (block.kind) {
    case "heading":
      return paragraph(block.text, block.level <= 2 ? "Heading1" : "Heading2");
    case "paragraph":
      return paragraph(block.text, block.placeholder ? "Placeholder" : "BodyText");
    case "table":
      // An empty paragraph after a table keeps two tables (or a table and a heading) from merging.
      return `${tableXml(block.table)}<w:p><w:pPr><w:pStyle w:val="AfterTable"/></w:pPr></w:p>`;
  }
}

const BORDER = `w:val="single" w:sz="4" w:space="0" w:color="000000"`;

function tableXml(table: EditionTable): string {
  const grid = placeTable(table);
  const widths = columnWidths(table.kind, grid.columnCount, TEXT_WIDTH, true);
  const headRows = headerRowCount(table);
  const spanWidth = (column: number, span: number) => widths.slice(column, column + span).reduce((a, b) => a + b, 0);

  const rows = table.rows.map((_, rowIndex) => {
    const cells: string[] = [];
    let column = 0;
    while (column < grid.columnCount) {
      const owner = grid.owner[rowIndex]![column]!;
      const span = owner.cell.colSpan;
      const width = spanWidth(column, span);
      // A slot covered by a rowspan from above is a Word continuation cell (`w:vMerge` without a value).
      const continues = owner.row !== rowIndex;
      const merge = owner.cell.rowSpan > 1 ? (continues ? `<w:vMerge/>` : `<w:vMerge w:val="restart"/>`) : "";
      const properties = `<w:tcW w:w="${width}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ""}${merge}<w:vAlign w:val="center"/>`;
      const keepWithNext = isHeadingRow(table, rowIndex) ? "<w:keepNext/>" : "";
      const content = continues
        ? `<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>`
        : cellParagraph(owner, keepWithNext);
      cells.push(`<w:tc><w:tcPr>${properties}</w:tcPr>${content}</w:tc>`);
      column += span;
    }
    const repeat = rowIndex < headRows ? "<w:tblHeader/>" : "";
    return `<w:tr><w:trPr><w:cantSplit/>${repeat}</w:trPr>${cells.join("")}</w:tr>`;
  });

  const properties = [
    `<w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/>`,
    `<w:jc w:val="center"/>`,
    `<w:tblBorders><w:top ${BORDER}/><w:left ${BORDER}/><w:bottom ${BORDER}/><w:right ${BORDER}/><w:insideH ${BORDER}/><w:insideV ${BORDER}/></w:tblBorders>`,
    `<w:tblLayout w:type="fixed"/>`,
    `<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>`,
    table.caption ? `<w:tblCaption w:val="${escapeXml(table.caption)}"/>` : "",
  ].join("");
  const gridXml = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("");
  return `<w:tbl><w:tblPr>${properties}</w:tblPr><w:tblGrid>${gridXml}</w:tblGrid>${rows.join("")}</w:tbl>`;
}

function cellParagraph(placed: PlacedCell, extra: string): string {
  const { cell } = placed;
  const alignment = `<w:jc w:val="${cellAlignment(placed)}"/>`;
  return paragraph(cell.text, cell.header ? "TableHeading" : "TableText", `${extra}${alignment}`);
}

function sectionProperties(): string {
  return [
    `<w:sectPr>`,
    `<w:footerReference w:type="default" r:id="rIdFooter1"/>`,
    `<w:pgSz w:w="${A4_WIDTH}" w:h="${A4_HEIGHT}"/>`,
    `<w:pgMar w:top="${MARGIN_TOP}" w:right="${MARGIN_SIDE}" w:bottom="${MARGIN_BOTTOM}" w:left="${MARGIN_SIDE}" w:header="851" w:footer="850" w:gutter="0"/>`,
    `<w:pgNumType w:start="1"/>`,
    `</w:sectPr>`,
  ].join("");
}

// ---------------------------------------------------------------- footer: 第N页　共M页

function pageNumberFooter(): string {
  // EDITION_UI's wording with Word fields in place of the numbers.
  const [before, between, after] = EDITION_UI.pageNumberParts;
  const field = (instruction: string) =>
    `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ${instruction} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
  return `<w:ftr xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>${run(before)}${field("PAGE")}${run(between)}${field("NUMPAGES")}${run(after)}</w:p></w:ftr>`;
}
const FOOTER = pageNumberFooter();

// ---------------------------------------------------------------- package parts

const CONTENT_TYPES = [
  `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`,
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`,
  `<Default Extension="xml" ContentType="application/xml"/>`,
  `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`,
  `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`,
  `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`,
  `<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`,
  `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`,
  `</Types>`,
].join("");

const PACKAGE_RELATIONSHIPS = [
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`,
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>`,
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`,
  `</Relationships>`,
].join("");

const DOCUMENT_RELATIONSHIPS = [
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`,
  `<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`,
  `<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`,
  `<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`,
  `</Relationships>`,
].join("");

// Element order follows the schema (CT_Settings): Word refuses out-of-order parts.
const SETTINGS = `<w:settings xmlns:w="${W_NS}"><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`;

function coreProperties(document: EditionDocument, publishedAt: string | undefined): string {
  const created = publishedAt ? `<dcterms:created xsi:type="dcterms:W3CDTF">${escapeXml(new Date(publishedAt).toISOString().replace(/\.\d{3}Z$/, "Z"))}</dcterms:created>` : "";
  return [
    `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    `<dc:title>${escapeXml(document.title)}</dc:title>`,
    `<dc:language>zh-CN</dc:language>`,
    created,
    `</cp:coreProperties>`,
  ].join("");
}

/** Sizes in half-points: 小二 18pt title, 三号 16pt part headings, 小四 12pt text, 小五 9pt tables. */
const fonts = (eastAsia: string) => `<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="${eastAsia}" w:cs="Times New Roman"/>`;
/** Word's built-in style names (Title, heading 1, footer) keep their built-in meaning, e.g. the navigation pane. */
const BUILT_IN_STYLES = new Set(["Title", "heading 1", "heading 2", "footer"]);
const paragraphStyle = (id: string, name: string, paragraphProperties: string, runProperties: string, extra = "") =>
  `<w:style w:type="paragraph"${BUILT_IN_STYLES.has(name) ? "" : ` w:customStyle="1"`} w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/>${extra}<w:pPr>${paragraphProperties}</w:pPr><w:rPr>${runProperties}</w:rPr></w:style>`;

const STYLES = [
  `<w:styles xmlns:w="${W_NS}">`,
  `<w:docDefaults><w:rPrDefault><w:rPr>${fonts("宋体")}<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>`,
  `<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>`,
  `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`,
  paragraphStyle("Title", "Title", `<w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>`, `${fonts("黑体")}<w:b/><w:sz w:val="36"/><w:szCs w:val="36"/>`, "<w:qFormat/>"),
  paragraphStyle("Facts", "Edition Facts", `<w:spacing w:after="240"/><w:jc w:val="center"/>`, `<w:sz w:val="21"/><w:szCs w:val="21"/>`),
  paragraphStyle("Heading1", "heading 1", `<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="1"/>`, `${fonts("黑体")}<w:sz w:val="32"/><w:szCs w:val="32"/>`, "<w:qFormat/>"),
  paragraphStyle("Heading2", "heading 2", `<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:firstLineChars="200" w:firstLine="480"/><w:outlineLvl w:val="2"/>`, `${fonts("楷体")}<w:b/>`, "<w:qFormat/>"),
  paragraphStyle("BodyText", "Body Text", `<w:ind w:firstLineChars="200" w:firstLine="480"/>`, ""),
  paragraphStyle("Placeholder", "Not Filled", `<w:ind w:firstLineChars="200" w:firstLine="480"/>`, `<w:color w:val="595959"/>`),
  paragraphStyle("BoxTitle", "Correction Title", `<w:keepNext/><w:spacing w:before="120"/>`, `<w:b/>`),
  paragraphStyle("BoxText", "Correction Text", `<w:spacing w:after="120"/>`, ""),
  paragraphStyle("TableText", "Table Text", `<w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>`, `<w:sz w:val="18"/><w:szCs w:val="18"/>`),
  paragraphStyle("TableHeading", "Table Heading", `<w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>`, `<w:b/><w:sz w:val="18"/><w:szCs w:val="18"/>`),
  paragraphStyle("AfterTable", "After Table", `<w:spacing w:after="120"/>`, `<w:sz w:val="12"/>`),
  paragraphStyle("Footer", "footer", `<w:jc w:val="center"/>`, `<w:sz w:val="18"/><w:szCs w:val="18"/>`),
  `</w:styles>`,
].join("");
