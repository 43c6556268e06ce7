import type { Finding, RuleContext } from "../../../functions/report/findings";
import { ruleById } from "../../../functions/report/rules";

/** Runs one rule by its ID (failing loudly if the ID is unknown). */
export function check(ruleId: string, context: RuleContext): Finding[] {
  const rule = ruleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return rule.check(context);
}
