import type { ImportResult } from "../report/import";
import { AppError, UnsupportedMediaTypeError } from "./errors";

/** A document that is not an importable report (no recognisable tables, corrupt, wrongly encoded). */
export class DocumentRejectedError extends AppError {
  constructor(message: string, reason: string) {
    super("DOCUMENT_REJECTED", message, [{ path: "body", label: "上传的文件", message: reason }]);
  }
}

/**
 * POST /v1/imports: a published report in, its sections out, nothing stored. The importer and its
 * parsers (pdf.js, htmlparser2, fflate, iconv-lite) load here, on the first import a container
 * serves, never at the api's cold start.
 */
export async function previewImport(bytes: Uint8Array, contentType: string): Promise<ImportResult> {
  const importer = await import("../report/import");
  try {
    return await importer.importReport(bytes, contentType);
  } catch (error) {
    if (error instanceof importer.UnsupportedFormatError) {
      throw Object.assign(new UnsupportedMediaTypeError(`${error.message}；可导入 HTML、PDF、DOCX 或纯文本`), { cause: error });
    }
    if (error instanceof importer.ImportError) throw Object.assign(new DocumentRejectedError(error.message, error.code), { cause: error });
    throw error;
  }
}
