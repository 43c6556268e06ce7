import type { Finding, Rule, RuleContext, Severity } from "../findings";

/** What a rule reports; the rule's id and severity are added by `defineRule`. */
export interface FindingDraft {
  path: string;
  expected?: string;
  actual?: string;
  message: string;
}

export interface RuleDefinition {
  id: string;
  severity: Severity;
  requiresAcknowledgement?: boolean;
  description: string;
  /** Yields one draft per offending cell, column or field; must never throw on malformed data. */
  findings(context: RuleContext): Iterable<FindingDraft>;
}

/** Builds a Rule whose findings always carry the rule's own id and severity. */
export function defineRule(definition: RuleDefinition): Rule {
  const { findings, ...meta } = definition;
  return {
    id: meta.id,
    severity: meta.severity,
    requiresAcknowledgement: meta.requiresAcknowledgement ?? false,
    description: meta.description,
    check(context: RuleContext): Finding[] {
      return Array.from(findings(context), (draft) => ({
        ruleId: meta.id,
        severity: meta.severity,
        path: draft.path,
        ...(draft.expected === undefined ? {} : { expected: draft.expected }),
        ...(draft.actual === undefined ? {} : { actual: draft.actual }),
        message: draft.message,
        needsAcknowledgement: meta.requiresAcknowledgement === true,
      }));
    },
  };
}
