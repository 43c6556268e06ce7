/**
 * What a portal needs to build its forms for the 2021 template: every field of every section with
 * its label, type, limits and a short help text, each table's layout, and an empty body per section
 * to start a form from. Nothing here is written twice: the fields and labels come from the
 * catalogue (through field-labels.ts), types, limits and optionality from the zod schemas, and the
 * table layouts from the renderer's own output, so the form cannot drift from the published page.
 */
import * as z from "zod";
import {
  APPLICATION_TOTAL_COLUMN,
  OVERVIEW_FIELDS,
  RESULT_COLUMNS,
  RESULT_TOTAL_COLUMN,
  SECTION_NAMES,
  SECTION_TITLES,
  TEMPLATE_BASIS,
  TEMPLATE_VERSION,
  type SectionName,
} from "./catalogue";
import { labelledPlaces, fieldLabel, type LabelledPlace } from "./field-labels";
import { quoted } from "./rules/labels";
import { renderActiveDisclosureTable } from "./render/tables/active-disclosure";
import { renderApplicationsTable } from "./render/tables/applications";
import { renderReviewLitigationTable } from "./render/tables/review-litigation";
import {
  countSchema,
  longTextSchema,
  sectionInputSchemas,
  storedSectionSchemas,
  wanYuanSchema,
  yuanSchema,
  type SectionInputs,
  type Sections,
} from "./schemas";

// ---------------------------------------------------------------- output shapes

export const FIELD_TYPES = [
  "integer",
  "decimalWanYuan",
  "decimalYuan",
  "text",
  "longText",
  "date",
  "boolean",
  "postcode",
  "phone",
  "email",
  "partOrder",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const fieldLimitsSchema = z
  .object({
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minLength: z.int().nonnegative().optional(),
    maxLength: z.int().nonnegative().optional(),
    patterns: z
      .array(z.string())
      .optional()
      .meta({ description: "ECMAScript 正则表达式（不含斜杠，u 标志），值须与每一个都匹配" }),
    format: z.string().optional().meta({ description: "JSON Schema format，如 date、email" }),
    decimalPlaces: z.int().nonnegative().optional().meta({ description: "小数金额最多的小数位数" }),
    maxItems: z.int().nonnegative().optional(),
    allowedValues: z.array(z.string()).optional().meta({ description: "partOrder：可列出的部分名" }),
  })
  .strict();

export const fieldDescriptorSchema = z
  .object({
    path: z.string().meta({ description: "点分路径，与校验错误的 path 相同，如 applications.rows.granted.naturalPerson" }),
    label: z.string().meta({ description: "字段全称，与校验错误和检查结果中的称呼相同" }),
    shortLabel: z.string().meta({ description: "字段自身的标签（表格单元格为其列标签；一、总体情况的开头段落为空）" }),
    group: z.string().optional().meta({ description: "字段所属的一组字段的标签，如 联系方式" }),
    rowLabel: z.string().optional(),
    rowGroups: z.array(z.string()).optional().meta({ description: "行标签上方的各级分组，由外到内" }),
    columnLabel: z.string().optional(),
    columnGroups: z.array(z.string()).optional().meta({ description: "列标签上方的各级表头，由外到内" }),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().meta({ description: "提交的正文中必须有此字段" }),
    computed: z.boolean().meta({ description: "可不填，不填时由系统计算（合计、统计期限）" }),
    limits: fieldLimitsSchema,
    help: z.string(),
  })
  .strict();

const layoutCellSchema = z
  .object({
    kind: z.enum(["header", "note", "value"]).meta({ description: "header 表头；note 说明文字；value 填数的单元格" }),
    text: z.string().optional().meta({ description: "表头或说明的文字（value 单元格没有）" }),
    path: z.string().optional().meta({ description: "value 单元格对应字段的 path" }),
    scope: z.enum(["col", "colgroup", "row", "rowgroup"]).optional(),
    row: z.int().nonnegative().meta({ description: "所在网格行（从 0 起，含表头行）" }),
    column: z.int().nonnegative().meta({ description: "所在网格列（从 0 起）" }),
    rowspan: z.int().positive(),
    colspan: z.int().positive(),
  })
  .strict();

export const tableLayoutSchema = z
  .object({
    columnCount: z.int().positive(),
    rowCount: z.int().positive(),
    rows: z.array(
      z
        .object({
          part: z.enum(["head", "body"]),
          block: z.int().nonnegative().meta({ description: "表体分块序号（第二部分表格每个条款一块）" }),
          cells: z.array(layoutCellSchema),
        })
        .strict(),
    ),
  })
  .strict();

export const sectionDescriptorSchema = z
  .object({
    name: z.enum(SECTION_NAMES),
    title: z.string(),
    fields: z.array(fieldDescriptorSchema),
    table: tableLayoutSchema.optional(),
  })
  .strict();

export const templateDescriptorSchema = z
  .object({
    templateVersion: z.literal(TEMPLATE_VERSION),
    basis: z.string(),
    sections: z.array(sectionDescriptorSchema),
  })
  .strict();

export const emptySectionSchema = z
  .object({
    section: z.enum(SECTION_NAMES),
    body: z.record(z.string(), z.unknown()).meta({ description: "该章节的正文，可直接作为 PUT 的请求体（mustFill 所列字段填写后）" }),
    mustFill: z
      .array(z.object({ path: z.string(), label: z.string() }).strict())
      .meta({ description: "留空时无法保存、须由填报人填写的字段" }),
  })
  .strict();

export type FieldLimits = z.infer<typeof fieldLimitsSchema>;
export type FieldDescriptor = z.infer<typeof fieldDescriptorSchema>;
export type LayoutCell = z.infer<typeof layoutCellSchema>;
export type TableLayout = z.infer<typeof tableLayoutSchema>;
export type SectionDescriptor = z.infer<typeof sectionDescriptorSchema>;
export type TemplateDescriptor = z.infer<typeof templateDescriptorSchema>;
export type EmptySection<K extends SectionName = SectionName> = {
  section: K;
  body: SectionInputs[K];
  mustFill: { path: string; label: string }[];
};

// ---------------------------------------------------------------- schemas at a path

interface SchemaAt {
  leaf: z.ZodType;
  /** The key may be left out of the body: it, or an object it sits in, accepts undefined. */
  optional: boolean;
}

function unwrapOptionality(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNonOptional) current = current.unwrap() as z.ZodType;
  return current;
}

/** The schema of the value at `segments` inside a section schema. */
function schemaAt(sectionSchema: z.ZodType, segments: readonly string[]): SchemaAt {
  let current = sectionSchema;
  let optional = false;
  for (const segment of segments) {
    const object = unwrapOptionality(current);
    if (!(object instanceof z.ZodObject)) throw new Error(`template: ${segments.join(".")} is not inside an object`);
    const property = (object.shape as Record<string, z.ZodType | undefined>)[segment];
    if (!property) throw new Error(`template: no field ${segments.join(".")} in the schema`);
    optional ||= property.safeParse(undefined).success;
    current = property;
  }
  return { leaf: unwrapOptionality(current), optional };
}

const sectionAndSegments = (path: string): [SectionName, string[]] => {
  const [section, ...segments] = path.split(".");
  return [section as SectionName, segments];
};

// ---------------------------------------------------------------- types and limits

/** Strings whose meaning their schema cannot say (a pattern is not a purpose). */
const CONTACT_TYPES: Record<string, FieldType> = {
  "preamble.contact.postcode": "postcode",
  "preamble.contact.phone": "phone",
  "preamble.contact.fax": "phone",
};

function fieldType(path: string, leaf: z.ZodType, jsonSchema: Record<string, unknown>): FieldType {
  if (leaf === countSchema) return "integer";
  if (leaf === wanYuanSchema) return "decimalWanYuan";
  if (leaf === yuanSchema) return "decimalYuan";
  if (leaf === longTextSchema) return "longText";
  if (leaf instanceof z.ZodBoolean) return "boolean";
  if (leaf instanceof z.ZodArray) return "partOrder";
  if (jsonSchema.format === "date") return "date";
  if (jsonSchema.format === "email") return "email";
  const contactType = CONTACT_TYPES[path];
  if (contactType) return contactType;
  if (jsonSchema.type === "string") return "text";
  throw new Error(`template: no field type for ${path}`);
}

/** “…(\.\d{1,6})?$” → 6: the decimal places a money pattern allows. */
function decimalPlaces(pattern: string): number | undefined {
  const match = /\\\.\\d\{1,(\d+)\}/.exec(pattern);
  return match ? Number(match[1]) : undefined;
}

/** Every pattern a JSON Schema string carries: its own, and those zod puts in `allOf` when there are several. */
function patternsOf(jsonSchema: Record<string, unknown>): string[] {
  const own = typeof jsonSchema.pattern === "string" ? [jsonSchema.pattern] : [];
  const all = Array.isArray(jsonSchema.allOf) ? (jsonSchema.allOf as Record<string, unknown>[]).flatMap(patternsOf) : [];
  return [...own, ...all];
}

function fieldLimits(jsonSchema: Record<string, unknown>, type: FieldType): FieldLimits {
  const limits: FieldLimits = {};
  if (typeof jsonSchema.minimum === "number") limits.minimum = jsonSchema.minimum;
  if (typeof jsonSchema.maximum === "number") limits.maximum = jsonSchema.maximum;
  if (typeof jsonSchema.minLength === "number") limits.minLength = jsonSchema.minLength;
  if (typeof jsonSchema.maxLength === "number") limits.maxLength = jsonSchema.maxLength;
  const patterns = patternsOf(jsonSchema);
  if (patterns.length > 0) limits.patterns = patterns;
  if (typeof jsonSchema.format === "string") limits.format = jsonSchema.format;
  if (type === "decimalWanYuan" || type === "decimalYuan") {
    const places = patterns.map(decimalPlaces).find((n) => n !== undefined);
    if (places !== undefined) limits.decimalPlaces = places;
  }
  if (typeof jsonSchema.maxItems === "number") limits.maxItems = jsonSchema.maxItems;
  const items = jsonSchema.items as { enum?: unknown[] } | undefined;
  if (Array.isArray(items?.enum)) limits.allowedValues = items.enum.map(String);
  return limits;
}

// ---------------------------------------------------------------- help texts

const COMPUTED_NOTE = "可不填，不填时由系统计算。";
const OPTIONAL_NOTE = "可不填。";
const APPLICATION_TOTAL_HELP = "本行各类申请人的件数之和。";

/** What goes into a field, in the clerk's words. Optionality is added from the schema, not written here. */
const FIELD_HELP: Record<string, string> = {
  "preamble.basisText": "说明本报告依据《中华人民共和国政府信息公开条例》等编制。",
  "preamble.statisticsPeriod.from": "统计期限的起始日期（YYYY-MM-DD），应为本年度1月1日。",
  "preamble.statisticsPeriod.to": "统计期限的截止日期（YYYY-MM-DD），应为本年度12月31日。",
  "preamble.downloadNote": "说明本报告电子版的获取方式，如发布网站的地址。",
  "preamble.contact.organ": "受理对本报告疑问的机构名称。",
  "preamble.contact.address": "联系机构的地址。",
  "preamble.contact.postcode": "6 位数字邮政编码。",
  "preamble.contact.phone": "联系电话，可含区号、分机，如 0533-3221234。",
  "preamble.contact.fax": "传真号码。",
  "preamble.contact.email": "电子邮箱地址。",
  "overview.intro": "本部分开头的概述段落，没有小标题。",
  "overview.supervisionAndGuarantee": "本年度监督保障工作情况，须写明工作考核、社会评议和责任追究结果情况。",
  "activeDisclosure.administrativeFees.amountWanYuan":
    "本年度行政事业性收费金额，单位为万元（不是元），如 1.5 表示 1.5 万元；最多 6 位小数，不写千位分隔符和单位；没有收费填 0。",
  "problemsAndImprovements.previousYearRectification": "上一年度报告所列问题的整改情况；不填时，须在下面的文字中说明上年度问题的整改。",
  "problemsAndImprovements.problems": "本年度政府信息公开工作存在的主要问题，不能为空或只写“无”。",
  "problemsAndImprovements.improvements": "针对上述问题的改进措施和计划，不能为空或只写“无”。",
  "otherMatters.processingFee.charged": "本年度是否收取信息处理费。",
  "otherMatters.processingFee.amountYuan": "本年度收取的信息处理费金额，单位为元（第二部分的收费金额才以万元计），最多 2 位小数；未收取填 0。",
  "otherMatters.processingFee.chargedRequests": "收取了信息处理费的申请件数。",
  "otherMatters.processingFee.feeNoticesIssued": "发出收费通知的件数。",
  "otherMatters.processingFee.statement": "关于信息处理费的表述；不填时按是否收取和收取金额生成。",
  "otherMatters.superiorWorkPoints": "落实上级年度政务公开工作要点的情况。",
  "otherMatters.deputyProposals": "人大代表建议和政协提案办理结果的公开情况。",
  "otherMatters.innovations": "本年度政务公开工作的创新做法。",
  "otherMatters.other": "其他需要报告的事项。",
};

const ACTIVE_DISCLOSURE_COLUMN_HELP: Record<string, (rowLabel: string) => string> = {
  issued: (row) => `本年度新制定并公开的${row}件数。`,
  repealed: (row) => `本年度废止的${row}件数。`,
  inForce: (row) => `截至本年度末现行有效的${row}件数，含以前年度制发、尚未废止的。`,
  decisions: (row) => `本年度作出的${row}处理决定数量。`,
};

const APPLICATION_ROW_HELP: Record<string, string> = {
  newReceived: "本年度新收到的申请件数。",
  carriedOver: "上年度未办结、转入本年度办理的申请件数。",
  granted: "本年度办结、全部予以公开的申请件数。",
  partiallyGranted: "同一申请中部分公开、部分不予公开（区分处理）的，只计入本行，不再计入其他情形。",
  totalProcessed: "本年度办结的申请件数，即各项办理结果之和。",
  carriedForward: "截至本年度末尚未办结、转入下年度继续办理的申请件数。",
};
const APPLICATION_OUTCOME_ITEM_HELP = "本年度办结、办理结果属于本项情形的申请件数。";

const REVIEW_COLUMN_HELP: Record<string, string> = {
  upheld: "本年度审结、结果为维持的案件数。",
  corrected: "本年度审结、结果为纠正的案件数。",
  otherResult: "本年度审结、为其他结果的案件数。",
  pending: "截至本年度末尚未审结的案件数。",
  [RESULT_TOTAL_COLUMN.key]: `本组${RESULT_COLUMNS.map((column) => quoted(column.label)).join("、")}之和。`,
};

/** The agency's own layout of a narrative section (schemas.ts `headings`, `order`). */
const HEADING_HELP = "本部分的小标题，按本机关的写法（含编号）；不填则用模板的小标题，填空字符串表示不单列小标题。";
const ORDER_HELP = "本章节各部分的排列顺序（部分名的列表），须列出全部已填写的部分各一次；不填则按模板顺序。";

function baseHelp(place: LabelledPlace): string {
  const known = FIELD_HELP[place.path];
  if (known) return known;
  const [section, segments] = sectionAndSegments(place.path);
  const last = segments[segments.length - 1] ?? "";
  if (segments[0] === "headings") return HEADING_HELP;
  if (segments[0] === "order") return ORDER_HELP;
  switch (section) {
    case "overview":
      return `本年度${OVERVIEW_FIELDS[last as keyof typeof OVERVIEW_FIELDS].replace(/^（.）/, "")}工作情况，写明具体做法和数字。`;
    case "activeDisclosure": {
      const columnHelp = ACTIVE_DISCLOSURE_COLUMN_HELP[last];
      if (columnHelp && place.rowLabel) return columnHelp(place.rowLabel);
      break;
    }
    case "applications": {
      if (last === APPLICATION_TOTAL_COLUMN.key) return APPLICATION_TOTAL_HELP;
      const rowKey = segments[1] ?? "";
      return APPLICATION_ROW_HELP[rowKey] ?? APPLICATION_OUTCOME_ITEM_HELP;
    }
    case "reviewLitigation": {
      const columnHelp = REVIEW_COLUMN_HELP[last];
      if (columnHelp) return columnHelp;
      break;
    }
    default:
      break;
  }
  throw new Error(`template: no help text for ${place.path}`);
}

function helpText(place: LabelledPlace, required: boolean, computed: boolean): string {
  const note = computed ? COMPUTED_NOTE : required ? "" : OPTIONAL_NOTE;
  return `${baseHelp(place)}${note}`;
}

// ---------------------------------------------------------------- fields

/**
 * Keys a body may carry that are not form fields: the template tag of §9 and the 分 amount a client
 * may send alongside the 万元 amount (checked against it, never shown).
 */
export const NON_FORM_PATHS = ["activeDisclosure.kind", "activeDisclosure.administrativeFees.amountFen"] as const;

function describeField(place: LabelledPlace): FieldDescriptor {
  const [section, segments] = sectionAndSegments(place.path);
  const input = schemaAt(sectionInputSchemas[section], segments);
  const stored = schemaAt(storedSectionSchemas[section], segments);
  const jsonSchema = z.toJSONSchema(input.leaf) as Record<string, unknown>;
  const type = fieldType(place.path, input.leaf, jsonSchema);
  const required = !input.optional;
  // Computed: the written form may leave it out, the stored form always has it (complete.ts fills it).
  const computed = input.optional && !stored.optional;
  const field: FieldDescriptor = {
    path: place.path,
    label: place.label,
    shortLabel: place.shortLabel,
    type,
    required,
    computed,
    limits: fieldLimits(jsonSchema, type),
    help: helpText(place, required, computed),
  };
  if (place.group !== undefined) field.group = place.group;
  if (place.kind === "cell") {
    if (place.rowLabel !== undefined) field.rowLabel = place.rowLabel;
    field.rowGroups = place.rowGroups ?? [];
    if (place.columnLabel !== undefined) field.columnLabel = place.columnLabel;
    field.columnGroups = place.columnGroups ?? [];
  }
  return field;
}

function sectionFields(section: SectionName): FieldDescriptor[] {
  return labelledPlaces().filter((place) => place.section === section && (place.kind === "field" || place.kind === "cell")).map(
    describeField,
  );
}

// ---------------------------------------------------------------- table layouts

type TableSection = "activeDisclosure" | "applications" | "reviewLitigation";
const TABLE_RENDERERS: { [K in TableSection]: (data: Sections[K]) => string } = {
  activeDisclosure: renderActiveDisclosureTable,
  applications: renderApplicationsTable,
  reviewLitigation: renderReviewLitigationTable,
};
const isTableSection = (section: SectionName): section is TableSection => section in TABLE_RENDERERS;

function setAt(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let current = target;
  for (const segment of segments.slice(0, -1)) {
    current[segment] ??= {};
    current = current[segment] as Record<string, unknown>;
  }
  current[segments[segments.length - 1]!] = value;
}

interface ParsedCell {
  tag: "th" | "td";
  attributes: Record<string, string>;
  text: string;
}
interface ParsedRow {
  part: "head" | "body";
  block: number;
  cells: ParsedCell[];
}

const HTML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
const decodeHtml = (text: string): string => text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => HTML_ENTITIES[name]!);

/**
 * The rows of the one table in the renderer's markup, with each cell's attributes and text. The
 * markup is the renderer's own (tables/cells.ts: double-quoted, escaped attributes; cells hold plain
 * escaped text), so reading its tags is enough; the unit tests compare the result with a full parse.
 */
function parseTableRows(html: string): ParsedRow[] {
  const rows: ParsedRow[] = [];
  let part: "head" | "body" = "body";
  let block = -1;
  const tags = /<(\/?)(thead|tbody|tr|th|td)((?:\s+[a-z-]+="[^"]*")*)\s*>/g;
  for (let match = tags.exec(html); match; match = tags.exec(html)) {
    const [, closing, name, attributeText = ""] = match;
    if (closing) continue;
    if (name === "thead") part = "head";
    if (name === "tbody") {
      part = "body";
      block += 1;
    }
    if (name === "tr") rows.push({ part, block: part === "head" ? 0 : Math.max(block, 0), cells: [] });
    if (name === "th" || name === "td") {
      const close = html.indexOf(`</${name}>`, tags.lastIndex);
      const attributes = Object.fromEntries(
        [...attributeText.matchAll(/([a-z-]+)="([^"]*)"/g)].map(([, key, value]) => [key!, decodeHtml(value!)]),
      );
      rows[rows.length - 1]?.cells.push({ tag: name, attributes, text: decodeHtml(html.slice(tags.lastIndex, close)) });
      tags.lastIndex = close;
    }
  }
  return rows;
}

const SCOPES = ["col", "colgroup", "row", "rowgroup"] as const;
const spanOf = (value: string | undefined): number => (value === undefined ? 1 : Number(value));

/**
 * The layout of a table exactly as the renderer draws it: the table is rendered with a distinct
 * number in every value cell, and each number found in the markup names its field. A renderer
 * change shows here at once, and a cell drawn twice or not at all is an error, not a silent gap.
 */
function tableLayout(section: TableSection, fields: readonly FieldDescriptor[]): TableLayout {
  const cellFields = fields.filter((field) => field.rowGroups !== undefined);
  const body: Record<string, unknown> = {};
  const pathByMarker = new Map<string, string>();
  cellFields.forEach((field, index) => {
    const marker = String(index + 1);
    pathByMarker.set(marker, field.path);
    setAt(body, sectionAndSegments(field.path)[1], field.type === "integer" ? index + 1 : marker);
  });
  const data = storedSectionSchemas[section].parse(body) as Sections[typeof section];
  const render = TABLE_RENDERERS[section] as (data: Sections[TableSection]) => string;
  const parsedRows = parseTableRows(render(data));

  const occupied: boolean[][] = [];
  const isTaken = (row: number, column: number) => occupied[row]?.[column] === true;
  const drawn = new Set<string>();
  let columnCount = 0;
  const rows = parsedRows.map((parsedRow, rowIndex) => {
    let column = 0;
    const cells = parsedRow.cells.map((parsed): LayoutCell => {
      while (isTaken(rowIndex, column)) column += 1;
      const rowspan = spanOf(parsed.attributes.rowspan);
      const colspan = spanOf(parsed.attributes.colspan);
      for (let r = rowIndex; r < rowIndex + rowspan; r++) {
        occupied[r] ??= [];
        for (let c = column; c < column + colspan; c++) occupied[r]![c] = true;
      }
      const placed = { row: rowIndex, column, rowspan, colspan };
      column += colspan;
      columnCount = Math.max(columnCount, column);
      if (parsed.tag === "th") {
        const scope = SCOPES.find((s) => s === parsed.attributes.scope);
        return { kind: "header", text: parsed.text, ...(scope ? { scope } : {}), ...placed };
      }
      const path = pathByMarker.get(parsed.text);
      if (path === undefined) return { kind: "note", text: parsed.text, ...placed };
      if (drawn.has(path)) throw new Error(`template: the renderer draws ${path} twice`);
      drawn.add(path);
      return { kind: "value", path, ...placed };
    });
    return { part: parsedRow.part, block: parsedRow.block, cells };
  });
  const missing = cellFields.filter((field) => !drawn.has(field.path));
  if (missing.length > 0) throw new Error(`template: the renderer does not draw ${missing.map((f) => f.path).join(", ")}`);
  return { columnCount, rowCount: rows.length, rows };
}

// ---------------------------------------------------------------- the descriptor

function describeSection(section: SectionName): SectionDescriptor {
  const fields = sectionFields(section);
  const descriptor: SectionDescriptor = { name: section, title: SECTION_TITLES[section], fields };
  if (isTableSection(section)) descriptor.table = tableLayout(section, fields);
  return descriptor;
}

let cachedDescriptor: TemplateDescriptor | undefined;

/** The whole form description of a template; built once per process (it depends on code only). */
export function describeTemplate(version: typeof TEMPLATE_VERSION): TemplateDescriptor {
  cachedDescriptor ??= {
    templateVersion: version,
    basis: TEMPLATE_BASIS,
    sections: SECTION_NAMES.map(describeSection),
  };
  return cachedDescriptor;
}

// ---------------------------------------------------------------- empty bodies

const EMPTY_VALUES: Record<FieldType, unknown> = {
  integer: 0,
  decimalWanYuan: "0",
  decimalYuan: "0",
  text: "",
  longText: "",
  date: "",
  boolean: false,
  postcode: "",
  phone: "",
  email: "",
  partOrder: [],
};

/**
 * An empty body to start a section's form from: every field the body must carry, at zero, "0",
 * false or "" — totals and the statistics period left out, so the service computes them. Some
 * required fields have no empty value the schema accepts (联系方式: 联系机构, 地址, 邮编, 电话);
 * they are left blank rather than filled with made-up values that would pass validation and could
 * be published, and `mustFill` lists them: the body is valid once they are filled.
 */
export function emptySection<K extends SectionName>(section: K): EmptySection<K> {
  const fields = describeTemplate(TEMPLATE_VERSION).sections.find((s) => s.name === section)!.fields;
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.required && !field.computed) setAt(body, sectionAndSegments(field.path)[1], EMPTY_VALUES[field.type]);
  }
  const result = sectionInputSchemas[section].safeParse(body);
  const mustFill = result.success
    ? []
    : [...new Set(result.error.issues.map((issue) => [section, ...issue.path.map(String)].join(".")))].map((path) => {
        if (!fields.some((field) => field.path === path)) throw new Error(`template: the empty ${section} body fails at ${path}`);
        return { path, label: fieldLabel(path) ?? path };
      });
  return { section, body: body as SectionInputs[K], mustFill };
}
