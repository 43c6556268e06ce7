/**
 * Narrative texts for the similarity tests: a genuinely rewritten 一 and 五 on the same topics as the
 * base report (so they share the vocabulary of 政务公开 but not its sentences), and a boilerplate 五
 * that two agencies share.
 */
import type { Overview, ProblemsAndImprovements } from "../../../functions/report/schemas";

export const REWRITTEN_OVERVIEW: Overview = {
  intro: "这一年，镇党委、镇政府把公开透明作为转变作风的抓手，按照县里部署，围绕乡村振兴和民生实事安排公开事项，群众关心的事情做到了看得见、查得到。",
  proactiveDisclosure: "主动公开方面，全镇通过门户网站专栏和微信公众号发布财政预决算、惠农补贴发放名单、道路硬化工程招标结果等事项。每月初汇总各村上报的低保、特困供养变动情况，在便民服务大厅电子屏滚动展示。对防汛、秸秆禁烧等季节性工作，提前一周发布通告，并组织网格员逐户告知。",
  requestDisclosure: "依申请公开方面，镇党政办设立受理窗口，公布受理电话和邮寄地址，申请材料当场登记、编号流转。对涉及土地征收补偿的申请，会同自然资源所逐项核对档案，答复书由分管领导签发后送达申请人。",
  informationManagement: "信息管理方面，党政办牵头对历年文件进行清理，列出继续有效、已经失效和已经废止三类清单，在网站逐件标注。拟发布稿件实行科室初审、办公室复审、分管领导终审，涉及个人身份证号码、住址的一律作遮挡处理。",
  platformBuilding: "平台建设方面，对照县政务公开办的栏目规范，合并了重复设置的专题栏目，新增村务公开子栏目，把十八个行政村的公开栏照片按月上传，方便外出务工人员在手机上查看。",
  supervisionAndGuarantee: "监督保障方面，把公开工作纳入各科室年终考评，邀请人大代表和村民代表对公开栏进行评议，对两起超期未更新的情况进行通报批评，并限期补正。",
};

export const REWRITTEN_PROBLEMS: ProblemsAndImprovements = {
  previousYearRectification: "去年报告提出的村务公开栏内容陈旧问题，已由各管区书记督促，全部更换为当月内容。",
  problems: "部分村级公开栏仍有更新滞后现象，偏远村的群众反映看不到惠农补贴明细；网站附件多为扫描图片，老年人用手机放大阅读困难。",
  improvements: "明年起由管区干部每月最后一周拍照核查村级公开栏，发现滞后当周整改；新上传的文件一律提供可复制的文字版，并在便民服务大厅配备专人帮助群众查询。",
};

/** Boilerplate many agencies paste into 五: long enough to be compared, generic enough to be shared. */
export const BOILERPLATE_PROBLEMS: ProblemsAndImprovements = {
  previousYearRectification: "针对上年度存在的问题，我单位认真对照检查，逐项制定整改措施，已全部整改到位。",
  problems:
    "一是政务公开工作人员业务能力有待进一步提高，对政策把握不够准确。二是信息发布的及时性和准确性还需加强，部分栏目更新不够及时。三是政策解读形式较为单一，解读质量有待提升。",
  improvements:
    "一是加强业务培训，组织工作人员认真学习《中华人民共和国政府信息公开条例》，不断提高业务水平。二是完善工作机制，明确专人负责信息发布，确保信息公开及时准确。三是丰富解读形式，采用图片、视频等方式提高政策解读质量。",
};
