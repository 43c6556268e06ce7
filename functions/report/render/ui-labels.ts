import { REPORT_STATUS_LABELS } from "../catalogue";

/**
 * Page chrome that is not part of the national template (navigation, banners, the index page's
 * publication status). Template labels — headings, table labels, field names — come from
 * ../catalogue.ts only; nothing here repeats one of them.
 */
export const UI = {
  notFilled: "（未填写）",
  /** A cell or field of an imported report that the importer could not read from the published document. */
  unreadCell: "原文未能读取",
  unreadCellsNote: "注：表中空白单元格为导入时未能从原文读取的数据（原文空白或无法确定），不表示0。",
  unreadText: "（原文未能读取）",
  previewBanner: "预览（草稿）：本页为尚未发布的报告预览，内容以正式发布版本为准。",
  previewTitleSuffix: "（预览）",
  correctionNote: "更正说明",
  versionHistory: "历史版本",
  currentVersion: "当前版本",
  version: (n: number) => `第${n}版`,
  publishedOn: "发布日期",
  generatedAt: "更新时间",
  deadline: "发布期限",
  status: "状态",
  agencyName: "机关名称",
  correctedTimes: (n: number) => `已更正${n}次`,
  none: "（无）",
  yearIndex: "本年度各机关年度报告",
  agencyHistory: "本机关历年年度报告",
  openData: "开放数据（JSON）",
  siteNav: "网站导航",
  tableScrollHint: "（表格可左右滑动查看）",
  yearIndexTitle: (countyName: string, year: number) => `${countyName}${year}年政府信息公开工作年度报告目录`,
  agencyHistoryTitle: (fullName: string) => `${fullName}政府信息公开工作年度报告`,
  yearHeading: (year: number) => `${year}年`,
  latestVersion: "最新版本",
  viewLatest: "查看本报告的最新版本",
  thisPage: "本页",
  thisPageVersion: "本页版本",
  archivedTitleSuffix: (n: number) => `（第${n}版）`,
  archivedNotice: (n: number, publishedOn: string) =>
    `本页是本报告第${n}版${publishedOn ? `（${publishedOn}发布）` : ""}的存档，发布后不再改动；本报告可能已有更正后的版本。`,
  openDataCsv: "开放数据（CSV，全部机关）",
  openDataIndexJson: "开放数据（JSON，本年度目录）",
  siteRootTitle: (countyName: string) => `${countyName}政府信息公开工作年度报告`,
  siteRootIntro: (countyName: string) => `${countyName}各机关历年政府信息公开工作年度报告，按报告年度列出。`,
  reportYears: "报告年度",
  yearIndexLink: (year: number) => `${year}年度报告目录`,
  notFoundTitle: "页面不存在",
  notFoundText: "您访问的页面不存在，可能已被移动或地址有误。",
  notFoundHome: "返回年度报告首页",
  siteRootLink: "历年年度报告目录",
  importedNote: "本报告由原发布文件导入，表格数字按原文照录（未作更正）；原文空白或无法确定的单元格留空。",
  /** The published page's links to the same version as files (issue 12 point 2). */
  downloadEditions: "下载本报告：",
  docxEdition: "Word 版（.docx）",
  pdfEdition: "PDF 版",
  importedSourceLink: (format: string) => `查看原发布文件（${format.toUpperCase()}）`,
  publishedCount: (published: number, total: number) => `已发布${published}份，共${total}个机关。`,
} as const;

/** Publication status shown on the year index (format-spec §7: 已发布 / 未发布 / 逾期). */
export const PUBLICATION_STATUS_LABELS = {
  published: REPORT_STATUS_LABELS.published,
  unpublished: "未发布",
  late: "逾期",
} as const;
