import type { Finding, Rule, RuleContext, Severity } from "../findings";
import type { TemplateVersion } from "../schemas";
import { templateOf } from "./read";

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
  /**
   * The templates the rule has a meaning on (format-spec §6). Default: the 2021 template only, the
   * one reports are authored on; a rule that also holds for imported 2019-template history says so.
   */
  templates?: readonly TemplateVersion[];
  /** Yields one draft per offending cell, column or field; must never throw on malformed data. */
  findings(context: RuleContext): Iterable<FindingDraft>;
}

const AUTHORING_TEMPLATES: readonly TemplateVersion[] = ["2021"];

/** Builds a Rule whose findings always carry the rule's own id and severity. */
export function defineRule(definition: RuleDefinition): Rule {
  const { findings, ...meta } = definition;
  const templates = meta.templates ?? AUTHORING_TEMPLATES;
  return {
    id: meta.id,
    severity: meta.severity,
    requiresAcknowledgement: meta.requiresAcknowledgement ?? false,
    description: meta.description,
    templates,
    check(context: RuleContext): Finding[] {
      // A rule of the other template has nothing to say about this report (e.g. T2-02 on 2019 table 二).
      if (!templates.includes(templateOf(context.report))) return [];
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
