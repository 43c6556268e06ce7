/**
 * Why a document cannot be imported at all. Cells that cannot be read are never errors: they go to the
 * review list. These classes are for documents that are not an annual report, cannot be opened, or lie
 * about their encoding; the HTTP layer maps every ImportError to 422.
 */
export abstract class ImportError extends Error {
  abstract readonly code: string;
}

/** The document opens but holds none of the report's tables (二、三、四). */
export class NotAReportError extends ImportError {
  readonly code = "NOT_A_REPORT";
  constructor(message = "文件中没有找到政府信息公开工作年度报告的表格（第二、三、四部分），无法导入") {
    super(message);
    this.name = "NotAReportError";
  }
}

/** A PDF or DOCX that its own format cannot read (truncated, damaged, encrypted). */
export class CorruptDocumentError extends ImportError {
  readonly code = "CORRUPT_DOCUMENT";
  constructor(formatName: string, detail?: string) {
    super(`${formatName} 文件已损坏或无法读取${detail ? `（${detail}）` : ""}`);
    this.name = "CorruptDocumentError";
  }
}

/** The bytes are not in the encoding the document declares (e.g. GBK bytes declared as UTF-8). */
export class EncodingMismatchError extends ImportError {
  readonly code = "ENCODING_MISMATCH";
  constructor(
    readonly declared: string,
    readonly found: { source?: string; offset?: number; readsAsGb18030?: boolean } = {},
  ) {
    const where = found.source ? `在 ${found.source} 中` : "";
    const at = found.offset !== undefined ? `第 ${found.offset + 1} 个字节起` : "";
    const actual = found.readsAsGb18030
      ? `内容按 GBK/GB18030 可以完整读出，应是 GBK 编码的文件。请把声明改为 charset=GBK，或将文件另存为 UTF-8 编码后再导入`
      : found.readsAsGb18030 === false
        ? `内容也不是有效的 GBK/GB18030 文本，文件可能已损坏或使用了其他编码，请按实际编码另存为 UTF-8 后再导入`
        : `可能是 GBK/GB18030 编码，请按实际编码另存后再导入`;
    super(`文件${where}声明的字符编码为 ${declared}，但${at}不是有效的 ${declared} 文本；${actual}`);
    this.name = "EncodingMismatchError";
  }
}

/** A content type the importer does not read. */
export class UnsupportedFormatError extends ImportError {
  readonly code = "UNSUPPORTED_FORMAT";
  constructor(contentType: string) {
    super(`不支持导入此类型的文件：${contentType || "（未注明类型）"}；可导入 HTML、PDF、Word（DOCX）或纯文本`);
    this.name = "UnsupportedFormatError";
  }
}
