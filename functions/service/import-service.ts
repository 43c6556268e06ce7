import type { ImportResult } from "../report/import";
import { DocumentRejectedError, UnsupportedMediaTypeError } from "./errors";

/**
 * POST /v1/imports: a published report in, its sections out, nothing stored. The importer and its
 * parsers (pdf.js, htmlparser2, fflate) load here, on the first import a container
 * serves, never at the api's cold start.
 */
export async function previewImport(bytes: Uint8Array, contentType: string): Promise<ImportResult> {
  const importer = await import("../report/import");
  try {
    return await importer.importReport(bytes, contentType);
  } catch (error) {
    if (error instanceof importer.UnsupportedFormatError) {
      throw new UnsupportedMediaTypeError(error.message, { cause: error });
    }
    if (error instanceof importer.ImportError) throw new DocumentRejectedError(error.message, { cause: error });
    throw error;
  }
}
