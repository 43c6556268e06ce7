import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  APPLICATION_COLUMNS,
  APPLICATION_ROW_KEYS,
  APPLICATION_TOTAL_COLUMN,
  OVERVIEW_REQUIRED_FIELDS,
  RESULTS_GROUP_LABEL,
  RESULT_TOTAL_COLUMN,
  REVIEW_GROUPS,
  SECTION_NAMES,
  SECTION_TITLES,
} from "../../../functions/report/catalogue";
import { completeSection } from "../../../functions/report/complete";
import { fieldLabel } from "../../../functions/report/field-labels";
import { renderReportPage } from "../../../functions/report/render";
import { sectionInputSchemas, storedSectionSchemas } from "../../../functions/report/schemas";
import {
  NON_FORM_PATHS,
  emptySection,
  emptySectionSchema,
  templateDescriptorSchema,
  type TableLayout,
} from "../../../functions/report/template";
import { exampleContent } from "../render/fixtures";
import { byClass, byTag, parseHtml, tableGrid, type ElementNode } from "../render/html-parser";
import {
  allFields,
  catalogueStrings,
  deleteAt,
  descriptor,
  fieldsOf,
  filledEmptyBody,
  fullBody,
  getAt,
  quotedParts,
  schemaLeafPaths,
  sectionOf,
  segmentsOf,
  setAt,
} from "./helpers";

describe("describeTemplate: shape", () => {
  it("validates against its own exported zod schema (strict, so no stray keys)", () => {
    const result = templateDescriptorSchema.safeParse(descriptor());
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it("validates as JSON against the JSON Schema (2020-12) the OpenAPI document gets from those zod schemas", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
    const validateDescriptor = ajv.compile(z.toJSONSchema(templateDescriptorSchema, { io: "output" }));
    expect(validateDescriptor(JSON.parse(JSON.stringify(descriptor()))), JSON.stringify(validateDescriptor.errors)).toBe(true);
    const validateEmpty = ajv.compile(z.toJSONSchema(emptySectionSchema, { io: "output" }));
    for (const section of SECTION_NAMES) expect(validateEmpty(emptySection(section)), section).toBe(true);
    expect(validateDescriptor({ ...descriptor(), extra: 1 })).toBe(false);
  });

  it("lists the seven sections in SECTION_NAMES order with their catalogue titles", () => {
    expect(descriptor().sections.map((s) => [s.name, s.title])).toEqual(SECTION_NAMES.map((name) => [name, SECTION_TITLES[name]]));
  });

  it("has one field for every leaf of every input schema, except the two non-form keys", () => {
    const schemaPaths = SECTION_NAMES.flatMap(schemaLeafPaths);
    const fieldPaths = allFields().map((f) => f.path);
    expect(new Set(fieldPaths).size).toBe(fieldPaths.length);
    expect([...fieldPaths, ...NON_FORM_PATHS].sort()).toEqual([...schemaPaths].sort());
  });

  it("counts the cells of tables 二, 三 and 四", () => {
    expect(fieldsOf("activeDisclosure")).toHaveLength(10);
    expect(fieldsOf("applications")).toHaveLength(25 * 7);
    expect(fieldsOf("reviewLitigation")).toHaveLength(3 * 5);
  });
});

describe("describeTemplate: labels", () => {
  const known = catalogueStrings();

  it("takes every label, row, column and group of every field from the catalogue", () => {
    for (const field of allFields()) {
      const own = [field.shortLabel, field.group, field.rowLabel, field.columnLabel, ...(field.rowGroups ?? []), ...(field.columnGroups ?? [])];
      for (const label of own.filter((l): l is string => l !== undefined && l !== "")) expect(known, `${field.path}: ${label}`).toContain(label);
      for (const part of quotedParts(field.label)) expect(known, `${field.path}: ${part}`).toContain(part);
    }
  });

  it("gives every field the label fieldLabel gives its path, so a form matches validation errors by label too", () => {
    for (const field of allFields()) expect(field.label).toBe(fieldLabel(field.path));
  });

  it("gives table 三 cells the row with its groups and the column with its groups", () => {
    const cell = fieldsOf("applications").find((f) => f.path === "applications.rows.deniedStateSecret.commercialEnterprise")!;
    expect(cell).toMatchObject({
      rowLabel: "1.属于国家秘密",
      rowGroups: [RESULTS_GROUP_LABEL, "（三）不予公开"],
      columnLabel: "商业企业",
      columnGroups: ["申请人情况", "法人或其他组织"],
    });
    const review = fieldsOf("reviewLitigation").find((f) => f.path === "reviewLitigation.litigationAfterReview.upheld")!;
    expect(review).toMatchObject({ columnLabel: "结果维持", columnGroups: ["行政诉讼", "复议后起诉"], rowGroups: [] });
  });

  it("takes every header and note of every table layout from the catalogue", () => {
    for (const section of ["activeDisclosure", "applications", "reviewLitigation"] as const) {
      for (const cell of sectionOf(section).table!.rows.flatMap((r) => r.cells)) {
        if (cell.kind !== "value") expect(known, cell.text).toContain(cell.text);
      }
    }
  });
});

describe("describeTemplate: types, required, computed, limits", () => {
  const field = (path: string) => allFields().find((f) => f.path === path)!;

  it("types the money fields by their unit and decimal places", () => {
    expect(field("activeDisclosure.administrativeFees.amountWanYuan")).toMatchObject({ type: "decimalWanYuan", limits: { decimalPlaces: 6 } });
    expect(field("otherMatters.processingFee.amountYuan")).toMatchObject({ type: "decimalYuan", limits: { decimalPlaces: 2 } });
    expect(field("preamble.contact.postcode").type).toBe("postcode");
    expect(field("preamble.contact.email").type).toBe("email");
    expect(field("preamble.statisticsPeriod.from").type).toBe("date");
    expect(field("otherMatters.processingFee.charged").type).toBe("boolean");
    for (const cell of fieldsOf("applications")) expect(cell).toMatchObject({ type: "integer", limits: { minimum: 0 } });
  });

  it("marks exactly the 总计 cells, the （七）总计 row and the statistics period as computed", () => {
    const expected = [
      ...APPLICATION_ROW_KEYS.map((row) => `applications.rows.${row}.${APPLICATION_TOTAL_COLUMN.key}`),
      ...APPLICATION_COLUMNS.map((column) => `applications.rows.totalProcessed.${column.key}`),
      ...REVIEW_GROUPS.map((group) => `reviewLitigation.${group.key}.${RESULT_TOTAL_COLUMN.key}`),
      "preamble.statisticsPeriod.from",
      "preamble.statisticsPeriod.to",
    ];
    const computed = allFields().filter((f) => f.computed).map((f) => f.path);
    expect(new Set(computed)).toEqual(new Set(expected));
    expect(computed).toHaveLength(new Set(expected).size);
  });

  it("says computed only where the service really fills the value in", () => {
    for (const section of SECTION_NAMES) {
      const stored = completeSection(section, filledEmptyBody(section) as never, 2024);
      for (const f of fieldsOf(section).filter((x) => x.computed)) expect(getAt(stored, segmentsOf(f.path)), f.path).toBeDefined();
    }
  });

  it("says required exactly where leaving the key out (or an optional object around it) is refused", () => {
    const acceptedWithout = (section: (typeof SECTION_NAMES)[number], segments: string[]) => {
      const body = fullBody(section);
      // An agency's `order` and `headings` may name only the parts present: cross-field rules, not
      // requiredness, so they go too unless they are the field tested.
      if (segments[0] !== "order") delete body.order;
      if (segments[0] !== "headings") delete body.headings;
      deleteAt(body, segments);
      return sectionInputSchemas[section].safeParse(body).success;
    };
    for (const section of SECTION_NAMES) {
      for (const f of fieldsOf(section)) {
        const segments = segmentsOf(f.path);
        const omittable = segments.some((_, i) => acceptedWithout(section, segments.slice(0, i + 1)));
        expect(omittable, f.path).toBe(!f.required);
        if (f.required) expect(acceptedWithout(section, segments), f.path).toBe(false);
      }
    }
    expect(fieldsOf("overview").filter((f) => f.required).map((f) => f.path)).toEqual(OVERVIEW_REQUIRED_FIELDS.map((k) => `overview.${k}`));
  });

  it("gives limits the schema enforces: one character over maxLength, one below the minimum, a pattern miss are refused", () => {
    for (const section of SECTION_NAMES) {
      for (const f of fieldsOf(section)) {
        const refuses = (value: unknown) => {
          const body = fullBody(section);
          setAt(body, segmentsOf(f.path), value);
          return !sectionInputSchemas[section].safeParse(body).success;
        };
        if (f.limits.maxLength !== undefined) {
          expect(refuses("字".repeat(f.limits.maxLength + 1)), f.path).toBe(true);
          expect(refuses("字".repeat(f.limits.maxLength)), f.path).toBe(false);
        }
        if (f.limits.minimum !== undefined) expect(refuses(f.limits.minimum - 1), f.path).toBe(true);
        for (const pattern of f.limits.patterns ?? []) {
          if (!new RegExp(pattern, "u").test("1,000")) expect(refuses("1,000"), `${f.path} ${pattern}`).toBe(true);
        }
      }
    }
  });
});

describe("describeTemplate: help texts", () => {
  const help = (path: string) => allFields().find((f) => f.path === path)!.help;

  it("gives every field a help text", () => {
    for (const f of allFields()) expect(f.help.length, f.path).toBeGreaterThan(5);
  });
  it("explains the 部分公开 rule, the 万元 unit, 现行有效 and the computed totals", () => {
    expect(help("applications.rows.partiallyGranted.naturalPerson")).toContain("只计");
    expect(help("activeDisclosure.administrativeFees.amountWanYuan")).toMatch(/万元（不是元）/);
    expect(help("otherMatters.processingFee.amountYuan")).toContain("单位为元");
    expect(help("activeDisclosure.normativeDocuments.inForce")).toContain("截至本年度末");
    for (const f of allFields().filter((x) => x.computed)) expect(f.help, f.path).toContain("由系统计算");
    for (const f of allFields().filter((x) => !x.required && !x.computed)) expect(f.help, f.path).toContain("可不填");
  });
});

describe("describeTemplate: table layouts as the renderer draws them", () => {
  const layout = (section: "activeDisclosure" | "applications" | "reviewLitigation"): TableLayout => sectionOf(section).table!;
  const body = (t: TableLayout) => t.rows.filter((r) => r.part === "body");
  const valueCells = (cells: TableLayout["rows"][number]["cells"]) => cells.filter((c) => c.kind === "value");

  it("draws table 三 as 3 header rows and 25 data rows of 7 value cells, 10 grid columns wide", () => {
    const t = layout("applications");
    expect(t.rows.filter((r) => r.part === "head")).toHaveLength(3);
    expect(body(t)).toHaveLength(25);
    for (const row of body(t)) expect(valueCells(row.cells)).toHaveLength(7);
    expect(t.columnCount).toBe(10);
  });

  it("spans 三、本年度办理结果 over the 22 result rows and each sub-group over its items", () => {
    const cells = layout("applications").rows.flatMap((r) => r.cells);
    const results = cells.find((c) => c.text === RESULTS_GROUP_LABEL)!;
    expect(results).toMatchObject({ kind: "header", rowspan: 22, column: 0 });
    expect(cells.find((c) => c.text === "（三）不予公开")).toMatchObject({ rowspan: 8, column: 1 });
    expect(cells.find((c) => c.text === "（四）无法提供")).toMatchObject({ rowspan: 3 });
  });

  it("draws table 四 as one row of 15 value cells under three header rows, table 二 as four blocks 4 columns wide", () => {
    const t4 = layout("reviewLitigation");
    expect(body(t4)).toHaveLength(1);
    expect(valueCells(body(t4)[0]!.cells)).toHaveLength(15);
    expect(t4.columnCount).toBe(15);
    const t2 = layout("activeDisclosure");
    expect(t2.columnCount).toBe(4);
    expect(new Set(t2.rows.map((r) => r.block))).toEqual(new Set([0, 1, 2, 3]));
    expect(t2.rows.flatMap((r) => valueCells(r.cells))).toHaveLength(10);
  });

  it("puts every cell field in the layout exactly once", () => {
    for (const section of ["activeDisclosure", "applications", "reviewLitigation"] as const) {
      const drawn = layout(section).rows.flatMap((r) => valueCells(r.cells)).map((c) => c.path);
      expect([...drawn].sort()).toEqual(fieldsOf(section).map((f) => f.path).sort());
    }
  });

  it("matches, cell by cell, the tables of the published page rendered from the example report", () => {
    const content = exampleContent();
    const doc = parseHtml(renderReportPage({ content, mode: "published", version: 1, publishedAt: "2025-01-19T16:30:00Z" }));
    const tableOf = (cls: string): ElementNode => byTag(doc, "table").find((t) => byClass({ ...t, children: [t] }, cls).length > 0)!;
    for (const [section, cls] of [["activeDisclosure", "t2"], ["applications", "t3"], ["reviewLitigation", "t4"]] as const) {
      const grid = tableGrid(tableOf(cls)).rows;
      const rows = layout(section).rows;
      expect(grid.length, section).toBe(rows.length);
      rows.forEach((row, r) => {
        const drawn = grid[r]!.map((c) => ({ tag: c.tag, row: c.row, column: c.col, rowspan: c.rowspan, colspan: c.colspan }));
        expect(drawn).toEqual(
          row.cells.map((c) => ({ tag: c.kind === "header" ? "th" : "td", row: c.row, column: c.column, rowspan: c.rowspan, colspan: c.colspan })),
        );
        row.cells.forEach((cell, i) => {
          const shown = grid[r]![i]!.text;
          if (cell.kind === "value") expect(shown).toBe(String(getAt(content.sections[section], segmentsOf(cell.path!))));
          else expect(shown).toBe(cell.text);
        });
      });
    }
  });
});

describe("emptySection", () => {
  it("is valid against the input schema once its must-fill fields are filled, for every section", () => {
    for (const section of SECTION_NAMES) {
      const result = sectionInputSchemas[section].safeParse(filledEmptyBody(section));
      expect(result.error?.issues ?? [], section).toEqual([]);
    }
  });

  it("lists as must-fill exactly the fields the schema refuses blank: only the 联系方式 of the 导语", () => {
    for (const section of SECTION_NAMES) {
      const empty = emptySection(section);
      expect(emptySectionSchema.safeParse(empty).success).toBe(true);
      const refused = sectionInputSchemas[section].safeParse(empty.body).error?.issues.map((i) => [section, ...i.path].join(".")) ?? [];
      expect(empty.mustFill.map((m) => m.path).sort(), section).toEqual([...new Set(refused)].sort());
      for (const m of empty.mustFill) expect(m.label).toBe(fieldLabel(m.path));
    }
    expect(emptySection("preamble").mustFill.map((m) => m.path)).toEqual([
      "preamble.contact.organ",
      "preamble.contact.address",
      "preamble.contact.postcode",
      "preamble.contact.phone",
    ]);
  });

  it("starts every count at 0 and every amount at \"0\", leaves the totals to the service", () => {
    const stored = storedSectionSchemas.applications.parse(completeSection("applications", emptySection("applications").body, 2024));
    for (const row of Object.values(stored.rows)) expect(Object.values(row).every((n) => n === 0)).toBe(true);
    expect(getAt(emptySection("applications").body, ["rows", "totalProcessed"])).toBeUndefined();
    expect(getAt(emptySection("reviewLitigation").body, ["review", "total"])).toBeUndefined();
    expect(emptySection("activeDisclosure").body.administrativeFees.amountWanYuan).toBe("0");
    expect(emptySection("otherMatters").body.processingFee).toEqual({ charged: false, amountYuan: "0" });
  });
});
