import { KEY_AREAS, OPEN_CATEGORIES, type AgencyGuide, type OpenCategory } from '@hall/contracts';
import { CATEGORY_CODES, formatIndexNo } from '../items/index-number.js';
import { KEY_AREA_NAMES, type AgencyDetail } from '../agencies/agencies.js';

/** 依申请公开: answer within 20 working days of receipt, one extension of up to 20 (《政府信息公开条例》 art. 33). */
export const ANSWER_WORKING_DAYS = 20;
export const EXTENSION_WORKING_DAYS = 20;
/** 行政复议法 art. 20: 60 days from knowing the act; 行政诉讼法 art. 46: 6 months. */
const REVIEW_DAYS = 60;
const LITIGATION_MONTHS = 6;

const SCOPES: Readonly<Record<OpenCategory, string>> = Object.freeze({
  decision: '规范性文件、政策文件及其政策解读，重大决策的草案征求意见和采纳情况，部门预算',
  execution: '重点工作和专项行动的实施方案、推进情况和督查结果',
  management: '机构职能、内设机构、行政执法事项清单、“双随机、一公开”抽查计划',
  service: '办事指南、服务事项清单、办事流程和收费标准',
  result: '抽检和执法检查结果、行政处罚和行政许可结果、决算和“三公”经费、年度工作报告',
});

/**
 * The 政府信息公开指南 of an agency (《政府信息公开条例》 art. 24), built from its agency record: the 分类与编排体系
 * (五公开 categories with the 索引号 codes, the key-area 专栏, its 主题分类), how to get proactively published
 * information, how to file a request and by when it is answered, fees, remedies and the office.
 */
export function guideOf(agency: AgencyDetail): AgencyGuide {
  const { record } = agency;
  const name = agency.departmentName;
  return {
    departmentCode: agency.departmentCode,
    departmentName: name,
    agencyCode: agency.agencyCode,
    editedOn: record.guideEditedOn,
    office: {
      name: record.officeName,
      address: record.address,
      postcode: record.postcode,
      hours: agency.hours,
      phone: record.phone,
      email: record.email,
    },
    scheme: {
      indexNoPattern: '机构代码/年份-类别代码-五位流水号',
      indexNoExample: formatIndexNo(agency.agencyCode, 2026, 'decision', 1),
      categories: OPEN_CATEGORIES.map((category) => ({
        category,
        code: CATEGORY_CODES[category],
        scope: SCOPES[category],
      })),
      keyAreas: [...KEY_AREAS],
      topics: [...record.topics],
    },
    access: [
      `在“一网通办”网上办事大厅的“政务公开”栏目按发布机构（${name}）、五公开类别、重点领域或关键词（汉字、全拼或拼音首字母）检索，无需登录`,
      '在政务服务中心、市档案馆和市图书馆设置的政府信息查阅点查阅',
      '属于主动公开范围的信息，自形成或者变更之日起20个工作日内公开',
      `重点领域信息在各自的政府信息公开专栏集中发布（${KEY_AREAS.map((a) => KEY_AREA_NAMES[a]).join('、')}）`,
    ],
    request: {
      channels: [
        {
          channel: 'online',
          how: '登录“一网通办”网上办事大厅，在“政务公开”栏目填写政府信息公开申请表在线提交；提交之日为收到申请之日',
        },
        {
          channel: 'in-person',
          how: `到${record.address}（${record.officeName}）当面提交书面申请表，当场出具登记回执；书写确有困难的，可以口头提出，由工作人员代为填写`,
        },
        {
          channel: 'post',
          how: `邮寄至${record.address}，邮编${record.postcode}，信封左下角注明“政府信息公开申请”；以签收之日为收到申请之日`,
        },
      ],
      contents: [
        '申请人的姓名或者名称、身份证明、联系方式（法人或者其他组织提供统一社会信用代码）',
        '申请公开的政府信息的名称、文号或者便于查询的其他特征性描述',
        '申请公开的政府信息的形式要求，包括获取信息的方式、途径',
      ],
      answerWorkingDays: ANSWER_WORKING_DAYS,
      extensionWorkingDays: EXTENSION_WORKING_DAYS,
      feeCharged: false,
      fee: '依申请提供政府信息不收取费用。申请公开政府信息的数量、频次明显超过合理范围的，可依照《政府信息公开信息处理费管理办法》收取信息处理费',
    },
    remedies: {
      reviewBody: '杭州市人民政府',
      reviewDays: REVIEW_DAYS,
      litigationMonths: LITIGATION_MONTHS,
      complaintBody: '杭州市人民政府办公厅（政务公开办公室）',
    },
  };
}
