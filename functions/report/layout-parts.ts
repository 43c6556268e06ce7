import type { SectionName } from "./catalogue";

/**
 * The parts of each narrative section in the template's order: an agency may give its own heading for
 * a part (`headings`) and its own order of the parts (`order`; schemas.ts builds both from these).
 * Zod-free, so the labels (field-labels.ts) and the importer read them without building the schemas.
 */
export const PREAMBLE_PARTS = ["basisText", "statisticsPeriod", "downloadNote", "contact"] as const;
export const OVERVIEW_PARTS = ["intro", "proactiveDisclosure", "requestDisclosure", "informationManagement", "platformBuilding", "supervisionAndGuarantee"] as const;
export const PROBLEMS_PARTS = ["previousYearRectification", "problems", "improvements"] as const;
export const OTHER_MATTERS_PARTS = ["processingFee", "superiorWorkPoints", "deputyProposals", "innovations", "other"] as const;

/** Which sections take `headings` (for which parts) and `order`; 一's preamble has no headings of its own. */
export const SECTION_LAYOUTS: Partial<Record<SectionName, { headings?: readonly string[]; order: readonly string[] }>> = {
  preamble: { order: PREAMBLE_PARTS },
  overview: { headings: OVERVIEW_PARTS, order: OVERVIEW_PARTS },
  problemsAndImprovements: { headings: PROBLEMS_PARTS, order: PROBLEMS_PARTS },
  otherMatters: { headings: OTHER_MATTERS_PARTS, order: OTHER_MATTERS_PARTS },
};
