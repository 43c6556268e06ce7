import { publishedViewOfOpenData, type ReportOpenData, type ReportOpenDataView } from "../report/render/open-data";
import type { AnyReportContent } from "../report/schemas";
import type { SiteStore } from "./ports";

/**
 * A published version as its own open-data file on the site says it (`v{n}.json`, or the latest's
 * `report.json`): what was published, whatever the report holds now (a correction may be open).
 * Undefined when the file does not exist.
 */
export async function readPublishedView<Content extends AnyReportContent = AnyReportContent>(
  site: Pick<SiteStore, "get">,
  key: string,
): Promise<ReportOpenDataView<Content> | undefined> {
  const text = await site.get(key);
  return text === undefined ? undefined : publishedViewOfOpenData(JSON.parse(text) as ReportOpenData<Content>);
}
