import type { Deadlines } from "./deadline";
import type { AnyReportContent, TemplateVersion } from "./schemas";

export type Severity = "ERROR" | "WARNING" | "INFO";

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Dotted path into the report, e.g. "applications.rows.totalProcessed.naturalPerson". */
  path: string;
  expected?: string;
  actual?: string;
  /** Chinese, naming the table, row and column as the template labels them. */
  message: string;
  /** True for the WARNINGs marked *ack*: publishing needs a typed explanation for this rule (see publish). */
  needsAcknowledgement: boolean;
}

/**
 * What the rules read. Reports may be authored (strict 2021 shapes) or imported history (either
 * template, null where the document could not be read): rules read defensively (rules/read.ts).
 */
export interface RuleContext {
  report: AnyReportContent;
  /**
   * The previous year's report when the store has it; cross-year rules are skipped without it, and
   * when it is on the other template.
   */
  previous?: AnyReportContent;
  /**
   * Other agencies' reports of the same year, for N-06 (雷同 with another unit). Optional: without it
   * N-06 compares with the previous year only. Reports of other years or of this agency are ignored.
   */
  peers?: AnyReportContent[];
  /** Publication time of this version, or undefined while unpublished (P-01 then compares with now). */
  publishedAt?: string;
  now: Date;
  deadlines: Deadlines;
  /** The county's time zone (IANA), for deadline days. */
  timeZone: string;
}

export interface Rule {
  id: string;
  severity: Severity;
  /** WARNINGs marked *ack* in format-spec §6: publishing needs a typed explanation. */
  requiresAcknowledgement?: boolean;
  /** What the rule checks, in Chinese, for the OpenAPI description and the UI. */
  description: string;
  /** The templates whose reports the rule checks; on a report of another template it finds nothing. */
  templates: readonly TemplateVersion[];
  check(context: RuleContext): Finding[];
}

export interface FindingsSummary {
  findings: Finding[];
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(findings: Finding[]): FindingsSummary {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return { findings, errors: count("ERROR"), warnings: count("WARNING"), infos: count("INFO") };
}
