import { describe, expect, it } from "vitest";
import { mayBeSimilar, narrativeSignatures, sectionText } from "../../../functions/report/rules/similarity";
import { CANDIDATE_ESTIMATE, estimatedJaccard, SIGNATURE_FUNCTIONS, shingleSignature } from "../../../functions/report/toolkit/min-hash";
import { shingleSet, textSimilarity } from "../../../functions/report/toolkit/similarity";
import { buildReport, sectionsOf } from "../rules/report-builder";
import { BOILERPLATE_PROBLEMS, REWRITTEN_OVERVIEW, REWRITTEN_PROBLEMS } from "./texts";

const signatureOf = (text: string) => shingleSignature(shingleSet(text));
const joined = (fields: object) => Object.values(fields).filter((value): value is string => typeof value === "string").join("\n");

/** Deterministic pseudo-random Chinese text: a fixed linear congruential walk over 400 common characters. */
function pseudoText(seed: number, length: number): string {
  const alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质";
  let state = seed;
  let text = "";
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += alphabet[state % alphabet.length];
  }
  return text;
}

describe("MinHash signatures of shingle sets", () => {
  it("is 128 16-bit values, the same for the same text in any process", () => {
    const signature = signatureOf(joined(BOILERPLATE_PROBLEMS));
    expect(Buffer.from(signature, "base64")).toHaveLength(SIGNATURE_FUNCTIONS * 2);
    expect(signatureOf(joined(BOILERPLATE_PROBLEMS))).toBe(signature);
    expect(estimatedJaccard(signature, signature)).toBe(1);
  });

  it("estimates the exact Jaccard within a few standard deviations, from copied to rewritten", () => {
    const base = pseudoText(7, 600);
    const pairs: [string, string][] = [
      [base, base.slice(0, 450) + pseudoText(8, 150)],
      [base, base.slice(0, 300) + pseudoText(9, 300)],
      [base, base.slice(0, 150) + pseudoText(10, 450)],
      [joined(BOILERPLATE_PROBLEMS), joined(REWRITTEN_PROBLEMS)],
      [joined(REWRITTEN_OVERVIEW), joined(BOILERPLATE_PROBLEMS)],
    ];
    for (const [a, b] of pairs) {
      const exact = textSimilarity(a, b);
      const estimate = estimatedJaccard(signatureOf(a), signatureOf(b))!;
      const deviation = Math.sqrt(Math.max(exact * (1 - exact), 0.01) / SIGNATURE_FUNCTIONS);
      expect(Math.abs(estimate - exact), `exact ${exact}, estimated ${estimate}`).toBeLessThan(4 * deviation);
    }
  });

  it("does not read something that is not a signature", () => {
    expect(estimatedJaccard("abc", signatureOf(joined(BOILERPLATE_PROBLEMS)))).toBeUndefined();
  });
});

describe("choosing the reports N-06 reads", () => {
  it("keeps a copy and a lightly edited copy, and leaves a rewritten text out", () => {
    const own = buildReport();
    sectionsOf(own).problemsAndImprovements = structuredClone(BOILERPLATE_PROBLEMS);
    const copy = buildReport();
    sectionsOf(copy).problemsAndImprovements = structuredClone(BOILERPLATE_PROBLEMS);
    sectionsOf(copy).overview = structuredClone(REWRITTEN_OVERVIEW);
    const edited = structuredClone(copy);
    sectionsOf(edited).problemsAndImprovements.problems = BOILERPLATE_PROBLEMS.problems.replace("政策解读形式较为单一", "依申请公开答复文书不够规范");
    const rewritten = structuredClone(copy);
    sectionsOf(rewritten).problemsAndImprovements = structuredClone(REWRITTEN_PROBLEMS);

    const signatures = narrativeSignatures(own);
    expect(Object.keys(signatures).sort()).toEqual(["overview", "problemsAndImprovements"]);
    expect(mayBeSimilar(signatures, narrativeSignatures(copy))).toBe(true);
    expect(mayBeSimilar(signatures, narrativeSignatures(edited))).toBe(true);
    // The precondition of leaving it out: its exact figures are far below the threshold.
    expect(textSimilarity(sectionText(own, "problemsAndImprovements"), sectionText(rewritten, "problemsAndImprovements"))).toBeLessThan(CANDIDATE_ESTIMATE);
    expect(textSimilarity(sectionText(own, "overview"), sectionText(rewritten, "overview"))).toBeLessThan(CANDIDATE_ESTIMATE);
    expect(mayBeSimilar(signatures, narrativeSignatures(rewritten))).toBe(false);
  });

  it("keeps a report whose signature cannot be read, and has no signature for a section too short to compare", () => {
    const own = buildReport();
    expect(mayBeSimilar(narrativeSignatures(own), { overview: "not a signature" })).toBe(true);
    sectionsOf(own).problemsAndImprovements = { previousYearRectification: "无", problems: "无", improvements: "无" };
    expect(narrativeSignatures(own).problemsAndImprovements).toBeUndefined();
  });
});
