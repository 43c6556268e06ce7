/**
 * The label catalogue of the 2021 template (国办公开办函〔2021〕30号): every heading, row and column
 * of tables 二, 三 and 四 with its key, exact label and render spans. This module is the only place
 * a template label is written; schemas, rules and renderers read it so labels can never drift.
 * Source: format-spec.md §2.3, §3.1, §4, §5.
 */

export const TEMPLATE_VERSION = "2021" as const;
export const TEMPLATE_BASIS = "国办公开办函〔2021〕30号";

export const SECTION_NAMES = [
  "preamble",
  "overview",
  "activeDisclosure",
  "applications",
  "reviewLitigation",
  "problemsAndImprovements",
  "otherMatters",
] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** The six numbered parts, headings exactly as the template writes them. */
export const SECTION_HEADINGS = {
  overview: "一、总体情况",
  activeDisclosure: "二、主动公开政府信息情况",
  applications: "三、收到和处理政府信息公开申请情况",
  reviewLitigation: "四、政府信息公开行政复议、行政诉讼情况",
  problemsAndImprovements: "五、存在的主要问题及改进情况",
  otherMatters: "六、其他需要报告的事项",
} as const satisfies Record<Exclude<SectionName, "preamble">, string>;

/** Names the UI and error messages use for each writable section. */
export const SECTION_TITLES: Record<SectionName, string> = {
  preamble: "导语",
  ...SECTION_HEADINGS,
};

/** Ordinal of each numbered part (“第三部分”) used in finding messages. */
export const SECTION_ORDINALS = {
  overview: "第一部分",
  activeDisclosure: "第二部分",
  applications: "第三部分",
  reviewLitigation: "第四部分",
  problemsAndImprovements: "第五部分",
  otherMatters: "第六部分",
} as const satisfies Record<keyof typeof SECTION_HEADINGS, string>;

export function reportTitle(fullName: string, year: number): string {
  return `${fullName}${year}年政府信息公开工作年度报告`;
}

// ---------------------------------------------------------------- text fields

export const PREAMBLE_FIELDS = {
  basisText: "编制依据",
  statisticsPeriod: "统计期限",
  downloadNote: "电子版获取方式",
  contact: "联系方式",
} as const;

export const CONTACT_FIELDS = {
  organ: "联系机构",
  address: "地址",
  postcode: "邮编",
  phone: "电话",
  fax: "传真",
  email: "电子邮箱",
} as const;

/** Section 一 subheadings; the five aspects of the template's （一）总体情况. */
export const OVERVIEW_FIELDS = {
  intro: "",
  proactiveDisclosure: "（一）主动公开",
  requestDisclosure: "（二）依申请公开",
  informationManagement: "（三）政府信息管理",
  platformBuilding: "（四）政府信息公开平台建设",
  supervisionAndGuarantee: "（五）监督保障",
} as const;
export const OVERVIEW_REQUIRED_FIELDS = [
  "proactiveDisclosure",
  "requestDisclosure",
  "informationManagement",
  "platformBuilding",
  "supervisionAndGuarantee",
] as const;

/** Unnumbered: the renderer numbers the parts present（一）（二）… as real reports do. */
export const PROBLEMS_FIELDS = {
  previousYearRectification: "上年度问题整改情况",
  problems: "存在的主要问题",
  improvements: "改进情况",
} as const;

export const OTHER_MATTERS_FIELDS = {
  processingFee: "信息处理费收取情况",
  superiorWorkPoints: "落实上级年度政务公开工作要点情况",
  deputyProposals: "人大代表建议和政协提案办理结果公开情况",
  innovations: "年度政务公开工作创新情况",
  other: "其他",
} as const;

export const PROCESSING_FEE_FIELDS = {
  charged: "是否收取",
  amountYuan: "收取金额（元）",
  chargedRequests: "收费件数",
  feeNoticesIssued: "发出收费通知件数",
  statement: "表述",
} as const;

// ---------------------------------------------------------------- table 二

export const ACTIVE_DISCLOSURE_ITEM_LABEL = "信息内容";

export interface ActiveDisclosureRow {
  key: "regulations" | "normativeDocuments" | "administrativeLicensing" | "administrativePenalty" | "administrativeCoercion" | "administrativeFees";
  label: string;
}
export interface ActiveDisclosureColumn {
  key: "issued" | "repealed" | "inForce" | "decisions" | "amountWanYuan";
  label: string;
}
export interface ActiveDisclosureBlock {
  /** Full-width title row (colspan = table width). */
  title: string;
  /** Data columns of the block; a block with one column spans it over the three data cells. */
  columns: readonly ActiveDisclosureColumn[];
  rows: readonly ActiveDisclosureRow[];
}

/** Table 二 is four columns wide: the item label plus three data columns. */
export const ACTIVE_DISCLOSURE_WIDTH = 4;
export const ACTIVE_DISCLOSURE_DATA_WIDTH = 3;

export const ACTIVE_DISCLOSURE_BLOCKS = [
  {
    title: "第二十条第（一）项",
    columns: [
      { key: "issued", label: "本年制发件数" },
      { key: "repealed", label: "本年废止件数" },
      { key: "inForce", label: "现行有效件数" },
    ],
    rows: [
      { key: "regulations", label: "规章" },
      { key: "normativeDocuments", label: "行政规范性文件" },
    ],
  },
  {
    title: "第二十条第（五）项",
    columns: [{ key: "decisions", label: "本年处理决定数量" }],
    rows: [{ key: "administrativeLicensing", label: "行政许可" }],
  },
  {
    title: "第二十条第（六）项",
    columns: [{ key: "decisions", label: "本年处理决定数量" }],
    rows: [
      { key: "administrativePenalty", label: "行政处罚" },
      { key: "administrativeCoercion", label: "行政强制" },
    ],
  },
  {
    title: "第二十条第（八）项",
    columns: [{ key: "amountWanYuan", label: "本年收费金额（单位：万元）" }],
    rows: [{ key: "administrativeFees", label: "行政事业性收费" }],
  },
] as const satisfies readonly ActiveDisclosureBlock[];

export const DOC_COUNT_KEYS = ["issued", "repealed", "inForce"] as const;
export const DOC_ROW_KEYS = ["regulations", "normativeDocuments"] as const;

export function activeDisclosureLabel(key: ActiveDisclosureRow["key"]): string {
  for (const block of ACTIVE_DISCLOSURE_BLOCKS) {
    for (const row of block.rows) if (row.key === key) return row.label;
  }
  throw new Error(`unknown table 二 row ${key}`);
}
export function docCountLabel(key: (typeof DOC_COUNT_KEYS)[number]): string {
  return ACTIVE_DISCLOSURE_BLOCKS[0].columns.find((c) => c.key === key)!.label;
}

// ---------------------------------------------------------------- table 三

export const APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
export const APPLICANT_HEADING = "申请人情况";
export const LEGAL_PERSON_HEADING = "法人或其他组织";

export const APPLICANT_COLUMNS = [
  { key: "naturalPerson", label: "自然人" },
  { key: "commercialEnterprise", label: "商业企业" },
  { key: "researchInstitution", label: "科研机构" },
  { key: "publicWelfareOrganization", label: "社会公益组织" },
  { key: "legalServiceOrganization", label: "法律服务机构" },
  { key: "otherOrganization", label: "其他" },
] as const;
export const APPLICATION_TOTAL_COLUMN = { key: "total", label: "总计" } as const;
/** All seven data columns of table 三, in render order. */
export const APPLICATION_COLUMNS = [...APPLICANT_COLUMNS, APPLICATION_TOTAL_COLUMN] as const;
export type ApplicationColumnKey = (typeof APPLICATION_COLUMNS)[number]["key"];
/** Columns 2–6 sit under 法人或其他组织. */
export const LEGAL_PERSON_COLUMN_KEYS = APPLICANT_COLUMNS.slice(1).map((c) => c.key);

export const RESULTS_GROUP_LABEL = "三、本年度办理结果";

/** Outcome sub-groups of 三, each a rowspan cell left of its items. */
export const APPLICATION_SUBGROUPS = {
  denied: "（三）不予公开",
  unable: "（四）无法提供",
  notProcessed: "（五）不予处理",
  other: "（六）其他处理",
} as const;
export type ApplicationSubgroup = keyof typeof APPLICATION_SUBGROUPS;

export interface ApplicationRow {
  key: string;
  label: string;
  /** Nesting: a top-level row (一、二、四), a result row of 三 (（一）…（七）), or an item under a subgroup. */
  level: "top" | "result" | "item";
  subgroup?: ApplicationSubgroup;
  /** Counted in （七）总计 (T3-02). */
  isOutcome: boolean;
}

export const APPLICATION_ROWS = [
  { key: "newReceived", label: "一、本年新收政府信息公开申请数量", level: "top", isOutcome: false },
  { key: "carriedOver", label: "二、上年结转政府信息公开申请数量", level: "top", isOutcome: false },
  { key: "granted", label: "（一）予以公开", level: "result", isOutcome: true },
  { key: "partiallyGranted", label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", level: "result", isOutcome: true },
  { key: "deniedStateSecret", label: "1.属于国家秘密", level: "item", subgroup: "denied", isOutcome: true },
  { key: "deniedProhibitedByLaw", label: "2.其他法律行政法规禁止公开", level: "item", subgroup: "denied", isOutcome: true },
  { key: "deniedThreeSecuritiesOneStability", label: "3.危及“三安全一稳定”", level: "item", subgroup: "denied", isOutcome: true },
  { key: "deniedThirdPartyRights", label: "4.保护第三方合法权益", level: "item", subgroup: "denied", isOutcome: true },
  { key: "deniedInternalAffairs", label: "5.属于三类内部事务信息", level: "item", subgroup: "denied", isOutcome: true },
  { key: "deniedProcessInformation", label: "6.属于四类过程性信息", level: "item", subgroup: "denied", isOutcome: true },
  { key: "deniedEnforcementFile", label: "7.属于行政执法案卷", level: "item", subgroup: "denied", isOutcome: true },
  { key: "deniedAdministrativeQuery", label: "8.属于行政查询事项", level: "item", subgroup: "denied", isOutcome: true },
  { key: "unableNotHeld", label: "1.本机关不掌握相关政府信息", level: "item", subgroup: "unable", isOutcome: true },
  { key: "unableNeedsCreation", label: "2.没有现成信息需要另行制作", level: "item", subgroup: "unable", isOutcome: true },
  { key: "unableUnclearAfterCorrection", label: "3.补正后申请内容仍不明确", level: "item", subgroup: "unable", isOutcome: true },
  { key: "notProcessedPetitionComplaint", label: "1.信访举报投诉类申请", level: "item", subgroup: "notProcessed", isOutcome: true },
  { key: "notProcessedDuplicate", label: "2.重复申请", level: "item", subgroup: "notProcessed", isOutcome: true },
  { key: "notProcessedPublication", label: "3.要求提供公开出版物", level: "item", subgroup: "notProcessed", isOutcome: true },
  { key: "notProcessedMassRepeated", label: "4.无正当理由大量反复申请", level: "item", subgroup: "notProcessed", isOutcome: true },
  { key: "notProcessedConfirmOrReissue", label: "5.要求行政机关确认或重新出具已获取信息", level: "item", subgroup: "notProcessed", isOutcome: true },
  { key: "otherNoCorrection", label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", level: "item", subgroup: "other", isOutcome: true },
  { key: "otherFeeUnpaid", label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", level: "item", subgroup: "other", isOutcome: true },
  { key: "otherOther", label: "3.其他", level: "item", subgroup: "other", isOutcome: true },
  { key: "totalProcessed", label: "（七）总计", level: "result", isOutcome: false },
  { key: "carriedForward", label: "四、结转下年度继续办理", level: "top", isOutcome: false },
] as const satisfies readonly ApplicationRow[];

export type ApplicationRowKey = (typeof APPLICATION_ROWS)[number]["key"];
export const APPLICATION_ROW_KEYS = APPLICATION_ROWS.map((r) => r.key) as ApplicationRowKey[];
export const OUTCOME_ROW_KEYS = APPLICATION_ROWS.filter((r) => r.isOutcome).map((r) => r.key) as ApplicationRowKey[];
/** Rows spanned by the 三、本年度办理结果 cell: （一） to （七）. */
export const RESULTS_ROW_SPAN = APPLICATION_ROWS.filter((r) => r.level !== "top").length;
/** The four items the header note refers to: 第一项 + 第二项 = 第三项 + 第四项. */
export const APPLICATION_IDENTITY = {
  first: "newReceived",
  second: "carriedOver",
  third: "totalProcessed",
  fourth: "carriedForward",
} as const satisfies Record<string, ApplicationRowKey>;

export function applicationRow(key: ApplicationRowKey): (typeof APPLICATION_ROWS)[number] {
  return APPLICATION_ROWS.find((r) => r.key === key)!;
}
/** Label with its group, e.g. “（三）不予公开 1.属于国家秘密”, for messages. */
export function applicationRowFullLabel(key: ApplicationRowKey): string {
  const row: ApplicationRow = applicationRow(key);
  return row.subgroup ? `${APPLICATION_SUBGROUPS[row.subgroup]}${row.label}` : row.label;
}
export function applicationColumnLabel(key: ApplicationColumnKey): string {
  return APPLICATION_COLUMNS.find((c) => c.key === key)!.label;
}

// ---------------------------------------------------------------- table 四

export const REVIEW_HEADING = "行政复议";
export const LITIGATION_HEADING = "行政诉讼";

export const RESULT_COLUMNS = [
  { key: "upheld", label: "结果维持" },
  { key: "corrected", label: "结果纠正" },
  { key: "otherResult", label: "其他结果" },
  { key: "pending", label: "尚未审结" },
] as const;
export const RESULT_TOTAL_COLUMN = { key: "total", label: "总计" } as const;
export const REVIEW_COLUMNS = [...RESULT_COLUMNS, RESULT_TOTAL_COLUMN] as const;
export type ResultColumnKey = (typeof REVIEW_COLUMNS)[number]["key"];

export const REVIEW_GROUPS = [
  { key: "review", label: "行政复议", parent: null },
  { key: "litigationDirect", label: "未经复议直接起诉", parent: LITIGATION_HEADING },
  { key: "litigationAfterReview", label: "复议后起诉", parent: LITIGATION_HEADING },
] as const;
export type ReviewGroupKey = (typeof REVIEW_GROUPS)[number]["key"];

export function reviewGroupFullLabel(key: ReviewGroupKey): string {
  const group = REVIEW_GROUPS.find((g) => g.key === key)!;
  return group.parent ? `${group.parent}·${group.label}` : group.label;
}
export function resultColumnLabel(key: ResultColumnKey): string {
  return REVIEW_COLUMNS.find((c) => c.key === key)!.label;
}

// ---------------------------------------------------------------- agencies

export const AGENCY_KINDS = ["countyGovernment", "countyDepartment", "town", "subdistrict"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  countyGovernment: "本级政府",
  countyDepartment: "部门",
  town: "乡镇",
  subdistrict: "街道",
};
/** Groups of the county's year index page (format-spec §7). */
export const INDEX_GROUPS = [
  { label: "本级政府", kinds: ["countyGovernment"] },
  { label: "部门", kinds: ["countyDepartment"] },
  { label: "乡镇（街道）", kinds: ["town", "subdistrict"] },
] as const satisfies readonly { label: string; kinds: readonly AgencyKind[] }[];

export const REPORT_STATUS_LABELS = {
  notStarted: "未开始",
  draft: "草稿",
  hasErrors: "有错误",
  submitted: "已提交",
  published: "已发布",
} as const;

/**
 * The note of a county government's report whose tables are the aggregate of its members' reports:
 * the aggregate's answer and the published page say the same words.
 */
export function aggregationNote(memberCount: number): string {
  const memberGroups = INDEX_GROUPS.filter((group) => !group.kinds.some((kind) => kind === "countyGovernment"))
    .map((group) => group.label)
    .join("和");
  return `本报告第二、三、四部分表格数据由本县${memberCount}份${memberGroups}政府信息公开工作年度报告汇总而成。`;
}
