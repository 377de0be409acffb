import { Role, type CurrentUser } from '@hall/auth';
import { ManualClock } from '@hall/calendar';
import type { AnswerBody, RegisterRequestBody, RemedyBody } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { z } from 'zod';
import type { DisclosureStore } from '../disclosure.store.js';
import { RequestsService } from '../requests/requests.service.js';

/**
 * Demo 依申请公开 requests of 市场监督管理局 for the year 2026 (two carried in from December 2025), so the demo
 * 政府信息公开工作年度报告 has figures in every part of tables 三 and 四: persons and 法人或其他组织 of every kind (商业企业,
 * 科研机构, 社会公益组织, 法律服务机构, 其他), every answer type, a deemed withdrawal, a third-party consultation, fees, 行政复议 and
 * 行政诉讼 and three requests still open at the year's end. Each step runs through the real `RequestsService` on its
 * own clock set to the step's date, so rows, notices and events are those of the workflow. Names, ID numbers and
 * USCCs are invented (check digits valid). The hand count of the resulting report is in
 * `apps/disclosure/test/disclosure-report.e2e-spec.ts`.
 */
const OFFICER: CurrentUser = Object.freeze({
  id: '5fb651bd-cff7-4011-b685-9d706f1af348',
  username: 'approver.market',
  name: '陈明',
  roles: [Role.Approver],
  department: 'market-regulation',
  departmentRole: 'officer',
  region: '330100',
  tokenExp: 0, // no token: the seed acts in-process
});

type Registered = z.output<typeof RegisterRequestBody>;
type Answer = z.output<typeof AnswerBody>;
type Remedy = z.output<typeof RemedyBody>;

interface Step {
  /** China date of filing (10:00). */
  on: string;
  channel: Registered['channel'];
  applicant: Registered['applicant'];
  description: string;
  /** 补正 sent the next day and never answered: deemed withdrawn (art. 30). */
  unansweredCorrection?: true;
  /** Third-party consultation: [start, end (omitted: still consulting)]. */
  consultation?: [string, string?];
  /** The answer and its date (omitted: still being processed). */
  answer?: [string, Answer | ((nos: string[]) => Answer)];
  /** An answer with a 信息处理费 first sends a 收费通知: the day the officer records its payment (then it is answered). */
  feePaidOn?: string;
  remedies?: Remedy[];
}

const person = (name: string, idNumber: string): Registered['applicant'] => ({
  kind: 'person',
  name,
  idNumber,
});
const org = (
  name: string,
  idNumber: string,
  organisationType: NonNullable<Registered['applicant']['organisationType']>,
): Registered['applicant'] => ({
  kind: 'business',
  name,
  idNumber,
  organisationType,
});

const noFee = { method: 'none' } as const;
const note = undefined;

/** The steps in filing order; `answer` functions get the request numbers filed before them. */
export const DEMO_REQUESTS: readonly Step[] = [
  {
    on: '2025-12-22',
    channel: 'window',
    applicant: person('刘海洋', '330102198001010018'),
    description: '2025年本市农贸市场食品安全快检结果汇总',
    answer: [
      '2026-01-12',
      { type: 'granted', informationProvided: '2025年农贸市场快检结果汇总表一份', fee: noFee, note },
    ],
  },
  {
    on: '2025-12-29',
    channel: 'email',
    applicant: org('杭州示例食品有限公司', '91330100MA2H00001P', 'commercial'),
    description: '本公司2025年被抽检产品的检验报告',
    answer: [
      '2026-01-20',
      {
        type: 'partial',
        informationProvided: '检验结论及不合格项目',
        withheldParts: '检验机构内部审核意见',
        reason: '属于内部审核的过程性信息',
        legalBasis: '《中华人民共和国政府信息公开条例》第十六条第二款',
        fee: noFee,
        note,
      },
    ],
  },
  {
    on: '2026-02-03',
    channel: 'window',
    applicant: person('孙丽', '330106198503150024'),
    description: '2026年食品安全监督抽检计划',
    answer: [
      '2026-02-10',
      { type: 'already-public', publishedWhere: '本局政府信息公开专栏“食品药品”栏目', note },
    ],
  },
  {
    on: '2026-03-02',
    channel: 'window',
    applicant: person('赵强', '330105199006200033'),
    description: '2025年度特种设备安全监察年报全文',
    answer: [
      '2026-03-16',
      {
        type: 'granted',
        informationProvided: '特种设备安全监察年报（50页）',
        fee: { method: 'per-page', pages: 50 },
        note,
      },
    ],
    feePaidOn: '2026-03-18',
  },
  {
    on: '2026-03-16',
    channel: 'post',
    applicant: person('钱伟', '330104197811080040'),
    description: '某涉密专项检查的工作方案',
    answer: [
      '2026-03-30',
      {
        type: 'refused',
        reason: '所申请信息经依法确定为国家秘密',
        legalBasis: '《中华人民共和国政府信息公开条例》第十四条',
        ground: 'state-secret',
        note,
      },
    ],
    remedies: [
      { kind: 'review', filedOn: '2026-04-20', outcome: 'upheld', decidedOn: '2026-06-10', note },
      { kind: 'litigation', filedOn: '2026-06-20', outcome: 'upheld', decidedOn: '2026-11-10', note },
    ],
  },
  {
    on: '2026-04-07',
    channel: 'email',
    applicant: person('周敏', '330102199502020059'),
    description: '某企业的配方及工艺资料',
    answer: [
      '2026-04-21',
      {
        type: 'refused',
        reason: '涉及第三方商业秘密，第三方不同意公开',
        legalBasis: '《中华人民共和国政府信息公开条例》第十五条',
        note,
      },
    ],
    remedies: [
      { kind: 'review', filedOn: '2026-05-06', outcome: 'corrected', decidedOn: '2026-07-01', note },
    ],
  },
  {
    on: '2026-04-20',
    channel: 'window',
    applicant: person('吴刚', '330106198812120064'),
    description: '1998年本市个体工商户年检档案',
    answer: ['2026-04-30', { type: 'not-exist', reason: '经检索本机关档案，未保存该年度年检档案', note }],
  },
  {
    on: '2026-05-11',
    channel: 'window',
    applicant: person('郑华', '330105197007070075'),
    description: '按区县、按月份统计的2025年投诉举报分类数据',
    answer: [
      '2026-05-22',
      {
        type: 'not-exist',
        reason: '本机关未按所申请的口径统计，需另行加工制作',
        ground: 'needs-creation',
        note,
      },
    ],
  },
  {
    on: '2026-05-25',
    channel: 'fax',
    applicant: person('王芳', '330102198309190086'),
    description: '某小区物业服务收费标准的审批文件',
    answer: [
      '2026-06-03',
      {
        type: 'not-responsible',
        responsibleAgency: '杭州市发展和改革委员会',
        contact: '0571-8700 0000',
        note,
      },
    ],
  },
  {
    on: '2026-06-08',
    channel: 'window',
    applicant: person('冯磊', '330104199204300098'),
    description: '举报某超市销售过期食品，要求查处',
    answer: [
      '2026-06-12',
      { type: 'not-disclosure-request', redirectKind: 'complaint', redirectTo: '12315投诉举报平台', note },
    ],
  },
  {
    on: '2026-06-15',
    channel: 'window',
    applicant: person('吴刚', '330106198812120064'),
    description: '1998年本市个体工商户年检档案',
    answer: ['2026-06-22', (nos) => ({ type: 'repeated', previousRequestNo: nos[6] ?? '', note })],
  },
  {
    on: '2026-07-06',
    channel: 'window',
    applicant: person('陈静', '330102198705210106'),
    description: '有关部门的那个文件',
    unansweredCorrection: true,
  },
  {
    on: '2026-07-20',
    channel: 'window',
    applicant: person('褚明', '330106199308180118'),
    description: '某公司的工商登记档案',
    answer: [
      '2026-07-27',
      {
        type: 'special-rules',
        channel: '企业登记档案查询（登记窗口或网上查询）',
        legalBasis: '《中华人民共和国市场主体登记管理条例》',
        note,
      },
    ],
  },
  {
    on: '2026-08-03',
    channel: 'window',
    applicant: org('杭州示例餐饮管理有限公司', '91330100MA2H00002T', 'commercial'),
    description: '2026年餐饮服务食品安全等级评定标准',
    answer: ['2026-08-12', { type: 'granted', informationProvided: '等级评定标准文本', fee: noFee, note }],
  },
  {
    on: '2026-08-17',
    channel: 'email',
    applicant: org('杭州示例贸易有限公司', '91330100MA2H00003X', 'commercial'),
    description: '对本公司行政处罚案件的内部讨论记录',
    answer: [
      '2026-08-28',
      {
        type: 'refused',
        reason: '属于行政机关内部讨论记录',
        legalBasis: '《中华人民共和国政府信息公开条例》第十六条第二款',
        ground: 'process-information',
        note,
      },
    ],
    remedies: [{ kind: 'litigation', filedOn: '2026-09-20', outcome: 'pending', note }],
  },
  {
    on: '2026-09-01',
    channel: 'window',
    applicant: org('杭州市示例消费者权益保护促进会', '51330100MJ8800004K', 'public-welfare'),
    description: '2026年上半年消费投诉分析报告',
    answer: [
      '2026-09-11',
      {
        type: 'partial',
        informationProvided: '投诉分析报告（删除个人信息）',
        withheldParts: '投诉人的个人信息',
        reason: '涉及个人隐私',
        legalBasis: '《中华人民共和国政府信息公开条例》第十五条',
        fee: noFee,
        note,
      },
    ],
  },
  {
    on: '2026-09-14',
    channel: 'post',
    applicant: org('浙江示例律师事务所', '31330000MD0100005M', 'legal-service'),
    description: '某行政许可的审批依据和程序',
    answer: ['2026-09-25', { type: 'granted', informationProvided: '审批依据及办理流程', fee: noFee, note }],
  },
  {
    on: '2026-10-12',
    channel: 'window',
    applicant: org('杭州市示例检验检测中心', '12330100MB1600006U', 'other-organisation'),
    description: '2010年计量器具强制检定台账',
    answer: ['2026-10-23', { type: 'not-exist', reason: '该台账已按档案管理规定移交并销毁', note }],
  },
  {
    on: '2026-10-26',
    channel: 'window',
    applicant: org('杭州示例食品有限公司', '91330100MA2H00001P', 'commercial'),
    description: '同行业企业2026年抽检不合格情况',
    consultation: ['2026-10-28', '2026-11-04'],
    answer: [
      '2026-11-13',
      {
        type: 'partial',
        informationProvided: '抽检不合格产品名称及处置情况',
        withheldParts: '企业的生产工艺参数',
        reason: '涉及商业秘密，第三方不同意公开',
        legalBasis: '《中华人民共和国政府信息公开条例》第十五条',
        fee: { method: 'per-page', pages: 40 },
        note,
      },
    ],
    feePaidOn: '2026-11-16',
  },
  {
    on: '2026-11-09',
    channel: 'window',
    applicant: person('卫东', '33010519761225012X'),
    description: '本局党组会议纪要',
    answer: [
      '2026-11-20',
      {
        type: 'refused',
        reason: '属于行政机关内部事务信息',
        legalBasis: '《中华人民共和国政府信息公开条例》第十六条第一款',
        ground: 'internal-affairs',
        note,
      },
    ],
    remedies: [{ kind: 'review', filedOn: '2026-11-30', outcome: 'pending', note }],
  },
  {
    on: '2026-11-23',
    channel: 'window',
    applicant: person('孙丽', '330106198503150024'),
    description: '2026年第三季度食品抽检信息',
    answer: [
      '2026-11-27',
      { type: 'granted', informationProvided: '第三季度抽检信息通告', fee: noFee, note },
    ],
  },
  {
    on: '2026-12-01',
    channel: 'window',
    applicant: person('蒋涛', '330102199903110135'),
    description: '2026年广告监测报告',
  },
  {
    on: '2026-12-03',
    channel: 'window',
    applicant: org('杭州示例餐饮管理有限公司', '91330100MA2H00002T', 'commercial'),
    description: '本公司周边餐饮单位的检查记录',
    consultation: ['2026-12-04'],
  },
  {
    on: '2026-12-07',
    channel: 'window',
    applicant: org('浙江省示例食品研究院', '12330000MB07000076', 'research'),
    description: '2026年食品中非法添加物风险监测数据汇总',
    answer: [
      '2026-12-15',
      { type: 'granted', informationProvided: '风险监测数据汇总表一份', fee: noFee, note },
    ],
  },
  {
    on: '2026-12-10',
    channel: 'post',
    applicant: org('杭州市示例计量科学研究所', '12330100MB1700008L', 'research'),
    description: '本市加油机强制检定合格率统计',
  },
];

/** 10:00 China time of a date. */
const at = (day: string, hour = 2): string => `${day}T${String(hour).padStart(2, '0')}:00:00Z`;

/**
 * Files the demo requests through a `RequestsService` on a clock of its own (the steps' dates) and returns how many
 * were filed. Only for a database without requests (the embedded hall's first start, or a test).
 */
export async function seedDemoRequests(store: DisclosureStore): Promise<number> {
  const clock = new ManualClock();
  const service = new RequestsService(store, clock, () => {
    throw new AppError('STORAGE_UNAVAILABLE', 'the seed renders no PDF', 503);
  });
  const nos: string[] = [];
  for (const s of DEMO_REQUESTS) {
    clock.set(at(s.on));
    const filed = await service.register(OFFICER, {
      channel: s.channel,
      applicant: s.applicant,
      description: s.description,
      ...(s.channel === 'post' && { receivedOn: s.on }),
      deliveryForm: 'electronic',
      deliveryWay: 'online',
    });
    nos.push(filed.requestNo);
    const id = filed.id;
    if (s.unansweredCorrection) {
      clock.set(at(s.on, 6));
      await service.requestCorrection(OFFICER, id, {
        items: ['请写明所需文件的名称或文号'],
        replyWithinWorkingDays: 10,
      });
      clock.set(new Date(Date.parse(at(s.on)) + 30 * 86_400_000).toISOString());
      await service.sweepExpiredCorrections();
    }
    if (s.consultation) {
      const [start, end] = s.consultation;
      clock.set(at(start));
      await service.startConsultation(OFFICER, id, {
        thirdParty: '相关企业',
        matter: '是否同意公开涉及其商业秘密的信息',
      });
      if (end !== undefined) {
        clock.set(at(end));
        await service.endConsultation(OFFICER, id, { outcome: 'objected' });
      }
    }
    if (s.answer) {
      const [on, answer] = s.answer;
      clock.set(at(on));
      await service.answer(OFFICER, id, typeof answer === 'function' ? answer(nos) : answer);
    }
    if (s.feePaidOn !== undefined) {
      clock.set(at(s.feePaidOn));
      await service.recordFeePayment(OFFICER, id, {
        paidOn: s.feePaidOn,
        receiptNo: `FS${s.feePaidOn.replaceAll('-', '')}${String(nos.length).padStart(3, '0')}`,
      });
    }
    for (const m of s.remedies ?? []) {
      clock.set(at(m.filedOn));
      await service.addRemedy(OFFICER, id, m);
    }
  }
  return DEMO_REQUESTS.length;
}
