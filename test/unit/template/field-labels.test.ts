import { describe, expect, it } from "vitest";
import {
  ACTIVE_DISCLOSURE_BLOCKS,
  APPLICATION_COLUMNS,
  APPLICATION_ROW_KEYS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  SECTION_NAMES,
  SECTION_TITLES,
  applicationColumnLabel,
  applicationRow,
  applicationRowFullLabel,
} from "../../../functions/report/catalogue";
import { labelledPlaces, fieldLabel } from "../../../functions/report/field-labels";
import {
  activeDisclosureCellName,
  applicationCellName,
  applicationRowName,
  reviewCellName,
} from "../../../functions/report/rules/labels";
import { tableEntries } from "../../../functions/report/rules/cells";
import { SECTION_LAYOUTS } from "../../../functions/report/layout-parts";
import { sectionInputSchemas } from "../../../functions/report/schemas";
import * as z from "zod";
import { exampleContent } from "../render/fixtures";
import { catalogueStrings, fieldsOf, filledEmptyBody, fullBody, quotedParts, schemaLeafPaths, segmentsOf, setAt } from "./helpers";

describe("fieldLabel: the examples of issue 8", () => {
  it("names a table 三 cell by its row and column", () => {
    expect(fieldLabel("applications.rows.granted.naturalPerson")).toBe("第三部分表格“（一）予以公开”行“自然人”列");
  });
  it("names a sub-group item of table 三 with its sub-group", () => {
    expect(fieldLabel("applications.rows.deniedStateSecret.commercialEnterprise")).toBe(
      "第三部分表格“（三）不予公开1.属于国家秘密”行“商业企业”列",
    );
  });
  it("names table 二 and 四 cells and nested text fields", () => {
    expect(fieldLabel("activeDisclosure.normativeDocuments.repealed")).toBe("第二部分表格“行政规范性文件”行“本年废止件数”");
    expect(fieldLabel("reviewLitigation.litigationDirect.pending")).toBe("第四部分表格“行政诉讼·未经复议直接起诉”“尚未审结”");
    expect(fieldLabel("preamble.contact.phone")).toBe("“导语”“联系方式”“电话”");
    expect(fieldLabel("otherMatters.processingFee.amountYuan")).toBe("“六、其他需要报告的事项”“信息处理费收取情况”“收取金额（元）”");
  });
  it("names a whole row and a whole section", () => {
    expect(fieldLabel("applications.rows.granted")).toBe("第三部分表格“（一）予以公开”行");
    expect(fieldLabel("overview")).toBe("“一、总体情况”");
  });
  it("names an unknown key by its nearest named ancestor, and nothing outside the sections", () => {
    expect(fieldLabel("applications.rows.granted.bogus")).toBe(fieldLabel("applications.rows.granted"));
    expect(fieldLabel("applications.rows")).toBe(fieldLabel("applications"));
    expect(fieldLabel("activeDisclosure.administrativeFees.amountFen")).toBe("第二部分表格“行政事业性收费”行");
    expect(fieldLabel("preamble.statisticsPeriod.from")).toBe("“导语”“统计期限”");
    expect(fieldLabel("path.agencyId")).toBeUndefined();
    expect(fieldLabel("")).toBeUndefined();
  });
});

describe("fieldLabel: the same words as the findings", () => {
  it("names every cell of table 三 as the table 三 rules do, with its row and column label from the catalogue", () => {
    let cells = 0;
    for (const row of APPLICATION_ROW_KEYS) {
      for (const column of APPLICATION_COLUMNS) {
        const label = fieldLabel(`applications.rows.${row}.${column.key}`);
        expect(label).toBe(applicationCellName(row, column.key));
        expect(quotedParts(label!)).toEqual([applicationRowFullLabel(row), applicationColumnLabel(column.key)]);
        expect(label).toContain(applicationRow(row).label);
        cells += 1;
      }
      expect(fieldLabel(`applications.rows.${row}`)).toBe(applicationRowName(row));
    }
    expect(cells).toBe(25 * 7);
  });

  it("names every cell of tables 二 and 四 as their rules do", () => {
    const table2 = ACTIVE_DISCLOSURE_BLOCKS.flatMap((block) => block.rows.flatMap((row) => block.columns.map((column) => [row, column] as const)));
    for (const [row, column] of table2) {
      expect(fieldLabel(`activeDisclosure.${row.key}.${column.key}`)).toBe(activeDisclosureCellName(row.key, column.key));
      expect(quotedParts(fieldLabel(`activeDisclosure.${row.key}.${column.key}`)!)).toEqual([row.label, column.label]);
    }
    expect(table2).toHaveLength(10);
    for (const group of REVIEW_GROUPS) {
      for (const column of REVIEW_COLUMNS) {
        expect(fieldLabel(`reviewLitigation.${group.key}.${column.key}`)).toBe(reviewCellName(group.key, column.key));
      }
    }
  });

  it("gives every cell the per-cell rules walk the name those rules use", () => {
    const entries = [...tableEntries(exampleContent())];
    expect(entries.length).toBe(10 + 175 + 15);
    for (const entry of entries) expect(fieldLabel(entry.path)).toBe(entry.name);
  });

  it("writes only catalogue labels inside its quotes", () => {
    const known = catalogueStrings();
    for (const place of labelledPlaces()) {
      for (const part of quotedParts(place.label)) expect(known, `${place.path}: ${part}`).toContain(part);
    }
  });

  it("names each section by its catalogue title", () => {
    for (const section of SECTION_NAMES) expect(quotedParts(fieldLabel(section)!)).toEqual([SECTION_TITLES[section]]);
  });
});

describe("fieldLabel: every path a validation error names", () => {
  it("has a label for every leaf of every section schema", () => {
    for (const section of SECTION_NAMES) {
      for (const path of schemaLeafPaths(section)) expect(fieldLabel(path), path).toBeDefined();
    }
  });

  it("labels the issue of a wrong value at any field with that field's own label", () => {
    for (const section of SECTION_NAMES) {
      for (const field of fieldsOf(section)) {
        const body = fullBody(section);
        setAt(body, segmentsOf(field.path), { wrong: true });
        const result = sectionInputSchemas[section].safeParse(body);
        expect(result.success, field.path).toBe(false);
        const issuePaths = result.error!.issues.map((issue) => [section, ...issue.path.map(String)].join("."));
        expect(issuePaths, field.path).toContain(field.path);
        for (const path of issuePaths) expect(fieldLabel(path), path).toBe(field.label);
      }
    }
  });

  it("labels an unknown key by the object it was sent in", () => {
    const body = { ...(filledEmptyBody("applications") as object), extra: 1 };
    const issues = sectionInputSchemas.applications.safeParse(body).error!.issues;
    expect(issues.map((issue) => fieldLabel(["applications", ...issue.path.map(String)].join(".")))).toEqual([fieldLabel("applications")]);
  });

  // The labels name `headings.<part>` and `order` from SECTION_LAYOUTS (zod-free, so the labels are
  // built without the schemas); the schemas are what a body is checked against, so the two must agree.
  it("knows exactly the headings and order that each section's schema takes", () => {
    const keysOf = (schema: z.ZodType | undefined): string[] | undefined => {
      if (!schema) return undefined;
      const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
      return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
    };
    for (const section of SECTION_NAMES) {
      const shape = sectionInputSchemas[section].shape as Record<string, z.ZodType | undefined>;
      expect(keysOf(shape.headings), section).toEqual(SECTION_LAYOUTS[section]?.headings ? [...SECTION_LAYOUTS[section]!.headings!] : undefined);
      expect(shape.order !== undefined, section).toBe(SECTION_LAYOUTS[section]?.order !== undefined);
      if (shape.order) expect(labelledPlaces().some((place) => place.path === `${section}.order`)).toBe(true);
    }
  });
});
