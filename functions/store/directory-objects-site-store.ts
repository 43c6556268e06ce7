import type { SiteStore } from "../service/ports";

const INDEX_PAGE = "index.html";

/**
 * In the China Regions CloudFront has no Functions to rewrite `…/` to `…/index.html`, so every
 * directory page is also written under its directory key (`reports/2024/` beside
 * `reports/2024/index.html`, the site root under `index.html` only, which CloudFront serves as the
 * default root object). The publisher keeps writing index pages as everywhere else; this adapter adds
 * the copy, with the same bytes and content type.
 */
export class DirectoryObjectsSiteStore implements SiteStore {
  constructor(private readonly site: SiteStore) {}

  async put(key: string, body: string | Uint8Array, contentType: string, options?: { immutable?: boolean }): Promise<void> {
    await this.site.put(key, body, contentType, options);
    const directory = key.endsWith(`/${INDEX_PAGE}`) ? key.slice(0, -INDEX_PAGE.length) : undefined;
    if (directory) await this.site.put(directory, body, contentType, options);
  }

  get(key: string): Promise<string | undefined> {
    return this.site.get(key);
  }

  getBytes(key: string): Promise<Uint8Array | undefined> {
    return this.site.getBytes(key);
  }

  exists(key: string): Promise<boolean> {
    return this.site.exists(key);
  }
}
