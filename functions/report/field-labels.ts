/**
 * The Chinese name of every place of a section body that a validation error can point at, worded
 * exactly as the findings name it (rules/labels.ts), so a clerk sees one cell called one way in a
 * 422 and in the findings list. Every template label comes from the catalogue; the connecting
 * words (表格, 行, 列, the quotes) come from rules/labels.ts.
 */
import {
  ACTIVE_DISCLOSURE_BLOCKS,
  APPLICANT_HEADING,
  APPLICATION_COLUMNS,
  APPLICATION_ROWS,
  APPLICATION_SUBGROUPS,
  CONTACT_FIELDS,
  LEGAL_PERSON_COLUMN_KEYS,
  LEGAL_PERSON_HEADING,
  OTHER_MATTERS_FIELDS,
  OVERVIEW_FIELDS,
  PREAMBLE_FIELDS,
  PROBLEMS_FIELDS,
  PROCESSING_FEE_FIELDS,
  RESULTS_GROUP_LABEL,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  SECTION_NAMES,
  SECTION_TITLES,
  type ApplicationRow,
  type SectionName,
} from "./catalogue";
import {
  activeDisclosureCellName,
  activeDisclosureRowName,
  applicationCellName,
  applicationRowName,
  overviewFieldName,
  quoted,
  reviewCellName,
  reviewGroupName,
  sectionName,
} from "./rules/labels";
import { SECTION_LAYOUTS } from "./layout-parts";

/** A place of a section body with a name: the section, an object of fields, a table row, a field or a cell. */
export interface LabelledPlace {
  /** Dotted path from the report, e.g. `applications.rows.granted.naturalPerson`. */
  path: string;
  section: SectionName;
  kind: "section" | "group" | "row" | "field" | "cell";
  /** The full name, as findings and validation errors write it. */
  label: string;
  /** The place's own catalogue label (for a cell: its column label; empty for the untitled intro of 一). */
  shortLabel: string;
  /** For a field inside an object of fields (联系方式, 统计期限, 信息处理费收取情况): that object's label. */
  group?: string;
  /** Table cells: the row label and the row headings above it, outermost first. Table 四 has no row label. */
  rowLabel?: string;
  rowGroups?: string[];
  /** Table cells: the column label and the column headings above it, outermost first. */
  columnLabel?: string;
  columnGroups?: string[];
}

function sectionPlace(section: SectionName): LabelledPlace {
  return { path: section, section, kind: "section", label: sectionName(section), shortLabel: SECTION_TITLES[section] };
}

/** A field of a narrative section, or of an object of fields inside it. */
function textPlaces(
  section: SectionName,
  fields: Record<string, string>,
  parent?: { key: string; label: string },
): LabelledPlace[] {
  const prefix = parent ? `${section}.${parent.key}` : section;
  const base = parent ? `${sectionName(section)}${quoted(parent.label)}` : sectionName(section);
  return Object.entries(fields).map(([key, shortLabel]) => ({
    path: `${prefix}.${key}`,
    section,
    kind: "field" as const,
    label: `${base}${quoted(shortLabel)}`,
    shortLabel,
    ...(parent ? { group: parent.label } : {}),
  }));
}

function groupPlace(section: SectionName, key: string, label: string): LabelledPlace {
  return { path: `${section}.${key}`, section, kind: "group", label: `${sectionName(section)}${quoted(label)}`, shortLabel: label };
}

function preamblePlaces(): LabelledPlace[] {
  const { contact, statisticsPeriod, ...plainFields } = PREAMBLE_FIELDS;
  const period = groupPlace("preamble", "statisticsPeriod", statisticsPeriod);
  // The template names the period as a whole; its two dates have no label of their own.
  const periodDates = (["from", "to"] as const).map((key) => ({
    ...period,
    path: `${period.path}.${key}`,
    kind: "field" as const,
    group: statisticsPeriod,
  }));
  return [
    sectionPlace("preamble"),
    ...textPlaces("preamble", { basisText: plainFields.basisText }),
    period,
    ...periodDates,
    ...textPlaces("preamble", { downloadNote: plainFields.downloadNote }),
    groupPlace("preamble", "contact", contact),
    ...textPlaces("preamble", CONTACT_FIELDS, { key: "contact", label: contact }),
  ];
}

function overviewPlaces(): LabelledPlace[] {
  return [
    sectionPlace("overview"),
    ...(Object.keys(OVERVIEW_FIELDS) as (keyof typeof OVERVIEW_FIELDS)[]).map((key) => ({
      path: `overview.${key}`,
      section: "overview" as const,
      kind: "field" as const,
      label: overviewFieldName(key),
      shortLabel: OVERVIEW_FIELDS[key],
    })),
  ];
}

function activeDisclosurePlaces(): LabelledPlace[] {
  const places: LabelledPlace[] = [sectionPlace("activeDisclosure")];
  for (const block of ACTIVE_DISCLOSURE_BLOCKS) {
    for (const row of block.rows) {
      const rowPath = `activeDisclosure.${row.key}`;
      places.push({ path: rowPath, section: "activeDisclosure", kind: "row", label: activeDisclosureRowName(row.key), shortLabel: row.label });
      for (const column of block.columns) {
        places.push({
          path: `${rowPath}.${column.key}`,
          section: "activeDisclosure",
          kind: "cell",
          label: activeDisclosureCellName(row.key, column.key),
          shortLabel: column.label,
          rowLabel: row.label,
          rowGroups: [],
          columnLabel: column.label,
          columnGroups: [block.title],
        });
      }
    }
  }
  return places;
}

function applicationRowGroups(row: ApplicationRow): string[] {
  if (row.level === "top") return [];
  return row.subgroup ? [RESULTS_GROUP_LABEL, APPLICATION_SUBGROUPS[row.subgroup]] : [RESULTS_GROUP_LABEL];
}

function applicationsPlaces(): LabelledPlace[] {
  const places: LabelledPlace[] = [sectionPlace("applications")];
  const rows: readonly ApplicationRow[] = APPLICATION_ROWS;
  for (const row of rows) {
    const key = row.key as (typeof APPLICATION_ROWS)[number]["key"];
    const rowPath = `applications.rows.${key}`;
    places.push({ path: rowPath, section: "applications", kind: "row", label: applicationRowName(key), shortLabel: row.label });
    for (const column of APPLICATION_COLUMNS) {
      const underLegalPerson = (LEGAL_PERSON_COLUMN_KEYS as readonly string[]).includes(column.key);
      places.push({
        path: `${rowPath}.${column.key}`,
        section: "applications",
        kind: "cell",
        label: applicationCellName(key, column.key),
        shortLabel: column.label,
        rowLabel: row.label,
        rowGroups: applicationRowGroups(row),
        columnLabel: column.label,
        columnGroups: underLegalPerson ? [APPLICANT_HEADING, LEGAL_PERSON_HEADING] : [APPLICANT_HEADING],
      });
    }
  }
  return places;
}

function reviewLitigationPlaces(): LabelledPlace[] {
  const places: LabelledPlace[] = [sectionPlace("reviewLitigation")];
  for (const group of REVIEW_GROUPS) {
    const groupPath = `reviewLitigation.${group.key}`;
    places.push({ path: groupPath, section: "reviewLitigation", kind: "row", label: reviewGroupName(group.key), shortLabel: group.label });
    for (const column of REVIEW_COLUMNS) {
      places.push({
        path: `${groupPath}.${column.key}`,
        section: "reviewLitigation",
        kind: "cell",
        label: reviewCellName(group.key, column.key),
        shortLabel: column.label,
        // Table 四 is one data row: the groups head columns, not rows.
        rowGroups: [],
        columnLabel: column.label,
        columnGroups: group.parent ? [group.parent, group.label] : [group.label],
      });
    }
  }
  return places;
}

function otherMattersPlaces(): LabelledPlace[] {
  const { processingFee, ...plainFields } = OTHER_MATTERS_FIELDS;
  return [
    sectionPlace("otherMatters"),
    groupPlace("otherMatters", "processingFee", processingFee),
    ...textPlaces("otherMatters", PROCESSING_FEE_FIELDS, { key: "processingFee", label: processingFee }),
    ...textPlaces("otherMatters", plainFields),
  ];
}

const PLACES_BY_SECTION: Record<SectionName, () => LabelledPlace[]> = {
  preamble: preamblePlaces,
  overview: overviewPlaces,
  activeDisclosure: activeDisclosurePlaces,
  applications: applicationsPlaces,
  reviewLitigation: reviewLitigationPlaces,
  problemsAndImprovements: () => [sectionPlace("problemsAndImprovements"), ...textPlaces("problemsAndImprovements", PROBLEMS_FIELDS)],
  otherMatters: otherMattersPlaces,
};

/**
 * The agency's own layout of a narrative section (schemas.ts): a heading per part, `headings.<part>`,
 * named after the part it heads, and the order of the parts, `order`.
 */
function layoutPlaces(section: SectionName, places: readonly LabelledPlace[]): LabelledPlace[] {
  const layout: LabelledPlace[] = [];
  const headingKeys = SECTION_LAYOUTS[section]?.headings;
  if (headingKeys) {
    layout.push({ path: `${section}.headings`, section, kind: "group", label: `${sectionName(section)}的小标题`, shortLabel: "" });
    for (const key of headingKeys) {
      const part = places.find((place) => place.path === `${section}.${key}`);
      if (!part) throw new Error(`field-labels: heading of an unknown part ${section}.${key}`);
      layout.push({ path: `${section}.headings.${key}`, section, kind: "field", label: `${part.label}的小标题`, shortLabel: part.shortLabel });
    }
  }
  if (SECTION_LAYOUTS[section]?.order) {
    layout.push({ path: `${section}.order`, section, kind: "field", label: `${sectionName(section)}各部分的顺序`, shortLabel: "" });
  }
  return layout;
}

function placesOf(section: SectionName): LabelledPlace[] {
  const places = PLACES_BY_SECTION[section]();
  return [...places, ...layoutPlaces(section, places)];
}

let places: { list: readonly LabelledPlace[]; byPath: Map<string, LabelledPlace> } | undefined;
/** Built on first use: a cold start that names no field (a GET) does not pay for the ~1,000 places. */
function placesIndex() {
  if (!places) {
    const list = SECTION_NAMES.flatMap(placesOf);
    places = { list, byPath: new Map(list.map((place) => [place.path, place])) };
  }
  return places;
}

/** Every named place of the 2021 template's section bodies, section by section in SECTION_NAMES order, in form order. */
export function labelledPlaces(): readonly LabelledPlace[] {
  return placesIndex().list;
}

/** The named place at a path, or at its nearest named ancestor (`applications.rows` → the section). */
export function labelledPlace(path: string): LabelledPlace | undefined {
  const segments = path.split(".");
  for (let length = segments.length; length > 0; length--) {
    const place = placesIndex().byPath.get(segments.slice(0, length).join("."));
    if (place) return place;
  }
  return undefined;
}

/**
 * The Chinese name of the field at a dotted path as the form and the findings show it, e.g.
 * `applications.rows.granted.naturalPerson` → 第三部分表格“（一）予以公开”行“自然人”列. A path below
 * a named place (an unknown key, an array index) is named by that place; a path outside every
 * section is undefined.
 */
export function fieldLabel(path: string): string | undefined {
  return labelledPlace(path)?.label;
}
