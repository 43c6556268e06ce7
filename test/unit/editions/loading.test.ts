import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * The editions module must cost nothing at cold start until a PDF is rendered: bundled the way a
 * Lambda is (esbuild, ESM, code splitting), pdfkit and fontkit sit only behind the dynamic import.
 */
describe("loading the editions module", () => {
  it("keeps pdfkit and fontkit out of the statically imported code", async () => {
    const result = await build({
      entryPoints: [new URL("../../../functions/report/render/editions/index.ts", import.meta.url).pathname],
      bundle: true,
      platform: "node",
      format: "esm",
      splitting: true,
      outdir: "/tmp/editions-bundle-check",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint !== undefined)!;
    const reachable = (from: string, kinds: readonly string[]): Set<string> => {
      const seen = new Set([from]);
      const queue = [from];
      while (queue.length > 0) {
        for (const imported of outputs[queue.pop()!]!.imports) {
          if (kinds.includes(imported.kind) && imported.path in outputs && !seen.has(imported.path)) {
            seen.add(imported.path);
            queue.push(imported.path);
          }
        }
      }
      return seen;
    };
    const inputsOf = (files: Set<string>) => [...files].flatMap((file) => Object.keys((outputs[file] as Metafile["outputs"][string]).inputs));
    const staticInputs = inputsOf(reachable(entry, ["import-statement"]));
    const allInputs = inputsOf(reachable(entry, ["import-statement", "dynamic-import"]));
    const heavy = (input: string) => /node_modules\/(pdfkit|fontkit|brotli|linebreak)\//.test(input);
    expect(staticInputs.filter(heavy)).toEqual([]);
    expect(staticInputs.some((input) => input.includes("node_modules/fflate/"))).toBe(true);
    expect(allInputs.some((input) => input.includes("node_modules/pdfkit/"))).toBe(true);
  });
});
