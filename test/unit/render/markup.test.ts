import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { everyPageType } from "./pages";

/** html-validate's recommended rules on every page type the site publishes: no error, no warning. */
const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

describe("valid markup (html-validate, recommended rules)", () => {
  for (const [name, html] of Object.entries(everyPageType())) {
    it(`${name}: 0 errors`, async () => {
      const report = await validator.validateString(html);
      const messages = report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`));
      expect(messages).toEqual([]);
      expect(report.valid).toBe(true);
    });
  }

  it("is a real check: the markup the issue found (role=region on a div) is reported", async () => {
    const report = await validator.validateString(
      `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body><main><div role="region" aria-label="表" tabindex="0"><p>x</p></div></main></body></html>`,
    );
    expect(report.results.flatMap((r) => r.messages.map((m) => m.ruleId))).toContain("prefer-native-element");
  });
});
