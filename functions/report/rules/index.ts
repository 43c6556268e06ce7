/**
 * The consistency rules (勾稽关系 and checks) of the 2021 template, format-spec §6: every rule with its
 * ID and severity, and `runRules` to run them all. Rules are pure functions of the RuleContext: no
 * I/O; the caller loads the previous year's report (for the cross-year rules) and supplies the clock.
 */
import { summarize, type Finding, type FindingsSummary, type Rule, type RuleContext } from "../findings";
import { NARRATIVE_RULES } from "./narrative";
import { compareDocumentPaths } from "./order";
import { SIMILARITY_RULES } from "./similarity";
import { STRUCTURAL_RULES } from "./structural";
import { TABLE2_RULES } from "./table2";
import { TABLE3_RULES } from "./table3";
import { TABLE4_RULES } from "./table4";

/** Every rule, in the order findings are listed. */
export const RULES: readonly Rule[] = [
  ...STRUCTURAL_RULES,
  ...TABLE2_RULES,
  ...TABLE3_RULES,
  ...TABLE4_RULES,
  ...NARRATIVE_RULES,
  ...SIMILARITY_RULES,
];

/** WARNINGs marked *ack* in format-spec §6: publishing needs a typed explanation for each. */
export const ACKNOWLEDGEABLE_RULE_IDS: readonly string[] = RULES.filter((rule) => rule.requiresAcknowledgement).map(
  (rule) => rule.id,
);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

/** Runs every rule; findings ordered by rule, then by place in the document (stable). */
export function runRules(context: RuleContext): FindingsSummary {
  const findings: { finding: Finding; ruleIndex: number }[] = RULES.flatMap((rule, ruleIndex) =>
    rule.check(context).map((finding) => ({ finding, ruleIndex })),
  );
  // Array.prototype.sort is stable, so findings of one rule at one path keep the rule's own order.
  findings.sort((a, b) => a.ruleIndex - b.ruleIndex || compareDocumentPaths(a.finding.path, b.finding.path));
  return summarize(findings.map(({ finding }) => finding));
}

export type { Finding, FindingsSummary, Rule, RuleContext } from "../findings";
export { COMPARED_SECTIONS, narrativeSignatures, mayBeSimilar, type ComparedSection, type NarrativeSignatures } from "./similarity";
