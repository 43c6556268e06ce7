import * as z from "zod";
import * as catalogue from "../../../functions/report/catalogue";
import { SECTION_NAMES, type SectionName } from "../../../functions/report/catalogue";
import { sectionInputSchemas, type SectionInputs } from "../../../functions/report/schemas";
import { describeTemplate, emptySection, type FieldDescriptor, type FieldType } from "../../../functions/report/template";

export const descriptor = () => describeTemplate("2021");
export const sectionOf = (name: SectionName) => descriptor().sections.find((s) => s.name === name)!;
export const fieldsOf = (name: SectionName): FieldDescriptor[] => sectionOf(name).fields;
export const allFields = (): FieldDescriptor[] => descriptor().sections.flatMap((s) => s.fields);

/** Every string the catalogue holds, in any constant, plus what its label functions return for every key. */
export function catalogueStrings(): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === "string") found.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  for (const value of Object.values(catalogue)) if (typeof value !== "function") visit(value);
  for (const key of catalogue.APPLICATION_ROW_KEYS) found.add(catalogue.applicationRowFullLabel(key));
  for (const group of catalogue.REVIEW_GROUPS) found.add(catalogue.reviewGroupFullLabel(group.key));
  return found;
}

/** The text between each pair of Chinese quotes: “a”行“b”列 → [a, b]. */
export function quotedParts(label: string): string[] {
  // Labels may quote inside quotes (3.危及“三安全一稳定”), so count the depth.
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of label) {
    if (ch === "“" && depth++ === 0) continue;
    if (ch === "”" && --depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    if (depth > 0) current += ch;
  }
  return parts;
}

/** Every leaf path of a section's input schema, found by walking the zod objects (independently of the descriptor). */
export function schemaLeafPaths(section: SectionName): string[] {
  const paths: string[] = [];
  const unwrap = (schema: z.ZodType): z.ZodType =>
    schema instanceof z.ZodOptional || schema instanceof z.ZodNonOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
  const walk = (schema: z.ZodType, prefix: string) => {
    const inner = unwrap(schema);
    if (inner instanceof z.ZodObject) {
      for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) walk(child, `${prefix}.${key}`);
    } else {
      paths.push(prefix);
    }
  };
  walk(sectionInputSchemas[section], section);
  return paths;
}

/** A valid value of each field type, different from the empty one. */
export const SAMPLE_VALUES: Record<FieldType, unknown> = {
  integer: 3,
  decimalWanYuan: "1.5",
  decimalYuan: "300.00",
  text: "沂源县某局办公室",
  longText: "本年度依法做好相关工作。",
  date: "2024-01-01",
  boolean: true,
  postcode: "256100",
  phone: "0533-3221234",
  email: "office@example.gov.cn",
  partOrder: [],
};

/** A valid value for a field; an order lists every part, which a full body has. */
export const sampleFor = (field: FieldDescriptor): unknown =>
  field.type === "partOrder" ? field.limits.allowedValues : SAMPLE_VALUES[field.type];

export function getAt(target: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), target);
}
export function setAt(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let current = target;
  for (const segment of segments.slice(0, -1)) {
    current[segment] ??= {};
    current = current[segment] as Record<string, unknown>;
  }
  current[segments[segments.length - 1]!] = value;
}
export function deleteAt(target: Record<string, unknown>, segments: readonly string[]): void {
  const parent = getAt(target, segments.slice(0, -1)) as Record<string, unknown>;
  delete parent[segments[segments.length - 1]!];
}
export const segmentsOf = (path: string): string[] => path.split(".").slice(1);

/** A section body with every field, entered and computed, at a sample value. */
export function fullBody(section: SectionName): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fieldsOf(section)) setAt(body, segmentsOf(field.path), sampleFor(field));
  return body;
}

/** The empty body with its must-fill fields filled: what a clerk could PUT at once. */
export function filledEmptyBody<K extends SectionName>(section: K): SectionInputs[K] {
  const empty = emptySection(section);
  const body = structuredClone(empty.body) as Record<string, unknown>;
  const fields = fieldsOf(section);
  for (const { path } of empty.mustFill) setAt(body, segmentsOf(path), sampleFor(fields.find((f) => f.path === path)!));
  return body as SectionInputs[K];
}

export { SECTION_NAMES };
