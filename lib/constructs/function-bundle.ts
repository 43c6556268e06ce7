import { cpSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { BuildOptions, Plugin } from "esbuild";
import { BUNDLED_FONT_FOLDER, EDITION_FONT_FILES, packageFontPath } from "../../functions/report/render/editions/fonts";

/**
 * How a Lambda entry is bundled, in one place: the CDK stack (service-function.ts) and the bench
 * (bench/bundles.ts) both build with these options, so what the bench measures is what ships.
 *
 * Code splitting: `index.mjs` holds what the function loads at init, and every module it only
 * imports dynamically (the importer, the toolkit, the route schemas, the Word/PDF renderer, the body
 * schemas) is a chunk of its own beside it, read and parsed on its first use. In one file those are
 * parsed at every cold start although most containers never run them (docs/performance.md).
 */

/** Lambda entry files, the contract with functions/. */
export const ENTRIES = {
  api: "functions/api.ts",
  publishWorker: "functions/publish-worker.ts",
  yearlyJob: "functions/yearly-job.ts",
} as const;

/**
 * ESM output needs a real `require` for the CommonJS dependencies esbuild keeps as require() calls.
 * The import is aliased: the banner is pasted above the bundle verbatim, and a bundled module that
 * imports createRequire itself (the importer does) would otherwise declare the name twice. Every
 * chunk gets it too (each is its own module).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __bannerCreateRequire } from 'module'; const require = __bannerCreateRequire(import.meta.url);";

/** SDK clients left out of the bundles and loaded from the Node.js 24 runtime when first needed. */
export const RUNTIME_PROVIDED_SDK_MODULES = ["@aws-sdk/client-s3", "@aws-sdk/client-sqs", "@aws-sdk/client-sesv2"] as const;

/**
 * pdf.js (the importer's PDF parser) is left out of every function's bundle and shipped beside it, in the
 * asset's node_modules: bundled, its 1.5 MB would be parsed at every cold start although only an
 * import (POST /v1/imports) ever loads it. Only the files the importer reads are copied: the legacy
 * build for Node, its worker module, the character maps and the standard fonts.
 */
export const SHIPPED_PACKAGES = {
  "pdfjs-dist": ["package.json", "legacy/build/pdf.mjs", "legacy/build/pdf.worker.mjs", "cmaps", "standard_fonts"],
} as const;

/**
 * fontkit imports a Brotli decoder only to read WOFF2 fonts, and its dictionary is 1.3 MB of the
 * bundle; the editions embed TrueType, so it is replaced by a stub (functions/report/render/editions/no-woff2.ts).
 */
export const BUNDLE_ALIASES = {
  "brotli/decompress.js": "./functions/report/render/editions/no-woff2.ts",
} as const;

/** Where the chunks go, beside index.mjs. */
export const CHUNK_FOLDER = "chunks";

export interface FunctionBundleOptions {
  /** Repository root: the entry and the aliases are relative to it. */
  projectRoot: string;
  /** Entry file, relative to the project root. */
  entry: string;
  outdir: string;
  /** Default: the stack's (the runtime's SDK clients and the shipped packages). */
  external?: readonly string[];
  /** Linked source maps (index.mjs.map beside index.mjs), as the stack ships them. Default true. */
  sourcemap?: boolean;
  /** Readable output (not minified, names kept): for the bench's CPU profiles only. */
  readable?: boolean;
  plugins?: Plugin[];
}

export const STACK_EXTERNALS: readonly string[] = [...RUNTIME_PROVIDED_SDK_MODULES, ...Object.keys(SHIPPED_PACKAGES)];

export function functionBuildOptions(options: FunctionBundleOptions): BuildOptions {
  const readable = options.readable ?? false;
  return {
    entryPoints: { index: resolve(options.projectRoot, options.entry) },
    outdir: options.outdir,
    outExtension: { ".js": ".mjs" },
    chunkNames: `${CHUNK_FOLDER}/[name]-[hash]`,
    splitting: true,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node24",
    minify: !readable,
    keepNames: readable,
    // Linked: index.mjs.map and its sourceMappingURL comment, what --enable-source-maps reads.
    sourcemap: (options.sourcemap ?? true) ? "linked" : false,
    sourcesContent: false,
    metafile: true,
    mainFields: ["module", "main"],
    banner: { js: ESM_REQUIRE_BANNER },
    alias: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [from, resolve(options.projectRoot, to)])),
    // The DynamoDB client is bundled (the version package-lock.json pins is the one that runs). The S3,
    // SQS and SES clients come from the Lambda runtime's SDK and are imported on first use
    // (functions/store/lazy-adapters.ts): parsing them would otherwise dominate every cold start.
    external: [...(options.external ?? STACK_EXTERNALS)],
    plugins: options.plugins ?? [],
    logLevel: "error",
  };
}

/** The files a function needs beside its bundle: the shipped packages, and the fonts for the one that renders editions. */
export function copyBesideBundle(projectRoot: string, outdir: string, withFonts: boolean): void {
  for (const [name, files] of Object.entries(SHIPPED_PACKAGES)) {
    for (const file of files) {
      const target = join(outdir, "node_modules", name, file);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(join(projectRoot, "node_modules", name, file), target, { recursive: true });
    }
  }
  if (!withFonts) return;
  const fonts = join(outdir, BUNDLED_FONT_FOLDER);
  mkdirSync(fonts, { recursive: true });
  for (const weight of Object.keys(EDITION_FONT_FILES) as (keyof typeof EDITION_FONT_FILES)[]) {
    cpSync(packageFontPath(weight), join(fonts, EDITION_FONT_FILES[weight]));
  }
}
