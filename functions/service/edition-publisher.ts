import type { EditionView } from "../report/render/editions/document";
import { logger } from "../log";
import type { EditionRenderer, PublishQueue, PublishRepository, SiteStore } from "./ports";
import { readPublishedView } from "./published-files";
import { CONTENT_TYPES, siteKeys } from "./site-layout";

/** What rendering one version's editions did: written now, or found already there (a repeated message). */
export interface EditionsOutcome {
  kind: "editions";
  agencyId: string;
  year: number;
  version: number;
  written: boolean;
  /** The version whose editions report.docx / report.pdf now hold (the report's latest). */
  latest: number;
}

interface EditionFiles {
  docx: Uint8Array;
  pdf: Uint8Array;
}

/**
 * The Word and PDF editions of published versions (issue 12 point 2): `v{n}.docx` and `v{n}.pdf`
 * beside `v{n}.html`, and `report.docx` / `report.pdf` beside `index.html` for the latest version.
 *
 * They are rendered from the version's own immutable open data (`v{n}.json`, which holds its whole
 * content), not from the report as it is now: a report reopened for a correction right after
 * publishing still gets the files of what was published. The PDF code (pdfkit, fontkit, 21 MB of
 * fonts) is only in the publish worker: a process without a renderer (the api) enqueues the work.
 * Idempotent: a version's files that exist are never written again, so a repeated message changes
 * nothing and the immutable files stay as first written.
 */
export class EditionPublisher {
  constructor(
    private readonly repository: Pick<PublishRepository, "getReport">,
    private readonly site: SiteStore,
    private readonly renderer: EditionRenderer | undefined,
    private readonly queue: () => PublishQueue | undefined,
  ) {}

  /** After a publish: render here if this process can, otherwise leave it to the worker. */
  async request(agencyId: string, year: number, version: number): Promise<void> {
    if (this.renderer) {
      await this.render(agencyId, year, version);
      return;
    }
    const queue = this.queue();
    if (!queue) throw new Error("editions: neither a renderer nor a publish queue in this process");
    await queue.enqueue([{ kind: "editions", agencyId, year, version }]);
  }

  async render(agencyId: string, year: number, version: number): Promise<EditionsOutcome> {
    // Each version is rendered once per message, for its own files and for the latest ones.
    const rendered = new Map<number, Promise<EditionFiles>>();
    const filesOf = (v: number) => {
      let files = rendered.get(v);
      if (!files) rendered.set(v, (files = this.renderVersion(agencyId, year, v)));
      return files;
    };
    const written = await this.writeVersionEditions(year, agencyId, version, filesOf);
    const latest = await this.writeLatestEditions(agencyId, year, version, filesOf);
    return { kind: "editions", agencyId, year, version, written, latest };
  }

  private async writeVersionEditions(year: number, agencyId: string, version: number, filesOf: (version: number) => Promise<EditionFiles>): Promise<boolean> {
    const docxKey = siteKeys.versionDocx(year, agencyId, version);
    const pdfKey = siteKeys.versionPdf(year, agencyId, version);
    // The PDF is written last, so its presence means both are there.
    if (await this.site.exists(pdfKey)) return false;
    const files = await filesOf(version);
    await this.site.put(docxKey, files.docx, CONTENT_TYPES.docx, { immutable: true });
    await this.site.put(pdfKey, files.pdf, CONTENT_TYPES.pdf, { immutable: true });
    return true;
  }

  /**
   * report.docx / report.pdf follow the report's latest version. Two messages of successive versions
   * may run at once: each writes what is latest when it looks and looks again after writing, so the
   * files end as the newest version's whichever finishes last.
   */
  private async writeLatestEditions(agencyId: string, year: number, version: number, filesOf: (version: number) => Promise<EditionFiles>): Promise<number> {
    let latest = await this.latestVersion(agencyId, year);
    // A message for an older version does not touch the latest files: the newer one's message does.
    if (latest !== version) return latest;
    for (;;) {
      const files = await filesOf(latest);
      await this.site.put(siteKeys.reportDocx(year, agencyId), files.docx, CONTENT_TYPES.docx);
      await this.site.put(siteKeys.reportPdf(year, agencyId), files.pdf, CONTENT_TYPES.pdf);
      const now = await this.latestVersion(agencyId, year);
      if (now === latest) return latest;
      logger.info("a newer version was published while writing the latest editions", { agencyId, year, wrote: latest, latest: now });
      latest = now;
    }
  }

  private async latestVersion(agencyId: string, year: number): Promise<number> {
    const report = await this.repository.getReport(agencyId, year);
    return report?.versions.at(-1)?.version ?? 0;
  }

  private async renderVersion(agencyId: string, year: number, version: number): Promise<EditionFiles> {
    if (!this.renderer) throw new Error("editions: no renderer in this process");
    const view = await this.versionView(agencyId, year, version);
    // Both are rendered before either is written: a failed PDF leaves no Word file alone behind.
    const docx = this.renderer.docx(view);
    const pdf = await this.renderer.pdf(view);
    return { docx, pdf };
  }

  private async versionView(agencyId: string, year: number, version: number): Promise<EditionView> {
    const key = siteKeys.versionJson(year, agencyId, version);
    const view = await readPublishedView(this.site, key);
    // Written before the commit that made the version exist: missing means the message is wrong (or
    // the bucket was altered), which retrying will not mend, but the DLQ keeps it for a look.
    if (!view) throw new Error(`editions: ${key} does not exist`);
    return view;
  }
}
