import type { Finding, RuleContext } from "../../../functions/report/findings";
import { ruleById } from "../../../functions/report/rules";

/** Runs one rule by its ID (failing loudly if the ID is unknown). */
export function check(ruleId: string, context: RuleContext): Omit<Finding, "needsAcknowledgement">[] {
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const findings = rule.check(context);
  // Every finding says whether publishing needs an explanation, exactly as its rule declares.
  for (const finding of findings) {
    if (finding.needsAcknowledgement !== (rule.requiresAcknowledgement === true)) throw new Error(`${ruleId}: needsAcknowledgement wrong`);
  }
  return findings.map(({ needsAcknowledgement: _flag, ...rest }) => rest);
}
