import { Role, type CurrentUser } from '@hall/auth';
import type { ItemsService } from '../items/items.service.js';

/**
 * Demo 主动公开 items for the embedded hall's first start (`seedDemoData`): the 政府信息公开目录 of one agency,
 * 市场监督管理局 — items of all five 五公开 categories, every key-area 专栏 (财政预决算, "三公"经费, 保障性住房,
 * 食品药品, 环境保护, 安全生产, 价格收费, 征地拆迁) and policies published together with their 政策解读. Written by
 * the department's officer and approved in 保密审查 by its head, as the workflow records them (rows, history,
 * published events), in one transaction (`ItemsService.publishSeed`); no attachment, no PDF. Ids are those of the
 * demo accounts `approver.market` and `head.market` (the dev identity provider's stable subjects). Titles and texts
 * are written for the demo; figures are invented.
 */
const AUTHOR: CurrentUser = Object.freeze({
  id: '5fb651bd-cff7-4011-b685-9d706f1af348',
  username: 'approver.market',
  name: '陈明',
  roles: [Role.Approver],
  department: 'market-regulation',
  departmentRole: 'officer',
  region: '330100',
  tokenExp: 0, // no token: the seed acts in-process
});
const REVIEWER: CurrentUser = Object.freeze({
  id: '2bb5144e-92f0-4eba-b30e-36bfc63b2083',
  username: 'head.market',
  name: '周建国',
  roles: [Role.Approver],
  department: 'market-regulation',
  departmentRole: 'head',
  region: '330100',
  tokenExp: 0, // no token: the seed acts in-process
});

type Seed = Parameters<ItemsService['publishSeed']>[2][number];
type Fields = Pick<Seed, 'title' | 'body' | 'writtenOn' | 'topic' | 'openCategory'> & Partial<Seed>;

const item = (d: Fields): Seed => ({
  keyArea: null,
  kind: 'general',
  interpretsId: null,
  lagWorkingDays: 3,
  ...d,
});

/** Index in {@link DEMO_ITEMS} of the policy an interpretation follows (policies come before their 解读). */
const FOOD_RULES = 0;
const PRICE_RULES = 2;
const EQUIPMENT_RULES = 4;

export const DEMO_ITEMS: readonly Seed[] = [
  // ——— 决策公开: policies with their 政策解读, budget, drafts for comment ———
  item({
    title: '杭州市餐饮服务食品安全操作规范实施细则',
    body: '第一条 为规范餐饮服务经营行为，保障消费者饮食安全，根据《中华人民共和国食品安全法》及有关规定，结合本市实际，制定本细则。第二条 本细则适用于本市行政区域内的餐饮服务提供者。第三条 餐饮服务提供者应当建立食品安全自查制度，每周至少开展一次自查并留存记录。',
    writtenOn: '2026-11-12',
    topic: '食品安全',
    openCategory: 'decision',
    keyArea: 'food-drug',
    kind: 'policy',
  }),
  item({
    title: '《杭州市餐饮服务食品安全操作规范实施细则》政策解读',
    body: '一、制定背景：近年来本市餐饮单位数量增长较快，需要统一操作要求。二、主要内容：明确了原料采购查验、加工制作、餐用具清洗消毒和从业人员健康管理等要求。三、适用对象：全市餐饮服务提供者。四、施行时间：自发布之日起施行。',
    writtenOn: '2026-11-12',
    topic: '食品安全',
    openCategory: 'decision',
    keyArea: 'food-drug',
    kind: 'interpretation',
    interprets: FOOD_RULES,
  }),
  item({
    title: '杭州市经营者明码标价行为规范指引',
    body: '一、经营者销售商品或者提供服务，应当在显著位置标明价格，做到价签价目齐全、标价内容真实明确、字迹清晰。二、网络交易经营者应当在商品详情页标明最终支付价格，不得在结算环节另行加收费用。三、实行政府定价、政府指导价的，应当同时标明定价依据。',
    writtenOn: '2026-06-15',
    topic: '价格监管',
    openCategory: 'decision',
    keyArea: 'pricing',
    kind: 'policy',
  }),
  item({
    title: '《杭州市经营者明码标价行为规范指引》政策解读',
    body: '为什么制定：群众反映“标价模糊”“结账加价”较多。主要变化：把网络交易、直播带货纳入明码标价范围，明确最终支付价格的标示要求。对经营者的影响：已按规定标价的无需调整；未标示最终价格的，应在三个月内整改到位。',
    writtenOn: '2026-06-15',
    topic: '价格监管',
    openCategory: 'decision',
    keyArea: 'pricing',
    kind: 'interpretation',
    interprets: PRICE_RULES,
  }),
  item({
    title: '杭州市电梯使用单位安全管理责任规定',
    body: '第一条 为落实电梯使用单位安全主体责任，预防电梯事故，制定本规定。第二条 电梯使用单位应当配备电梯安全管理员，建立日常巡查和应急救援制度。第三条 住宅小区电梯由物业服务企业履行使用单位责任，未委托物业服务的，由业主共同确定使用单位。',
    writtenOn: '2026-04-08',
    topic: '特种设备',
    openCategory: 'decision',
    keyArea: 'work-safety',
    kind: 'policy',
  }),
  item({
    title: '《杭州市电梯使用单位安全管理责任规定》政策解读',
    body: '本规定回答了“电梯坏了谁来管”的问题：住宅小区由物业服务企业负责，没有物业的由业主共同确定责任人。规定还要求电梯困人后30分钟内救援人员到场，并将每季度维保情况在轿厢内公示。',
    writtenOn: '2026-04-08',
    topic: '特种设备',
    openCategory: 'decision',
    keyArea: 'work-safety',
    kind: 'interpretation',
    interprets: EQUIPMENT_RULES,
  }),
  item({
    title: '杭州市市场监督管理局2026年部门预算',
    body: '根据预算法和本级人民代表大会批准的预算，现公开本局2026年部门预算，包括收支总表、一般公共预算支出表、政府性基金预算支出表及“三公”经费预算表，并对主要支出项目作出说明。',
    writtenOn: '2026-02-06',
    topic: '财政资金',
    openCategory: 'decision',
    keyArea: 'budget',
  }),
  item({
    title: '关于《杭州市网络餐饮服务监督管理办法（征求意见稿）》公开征求意见的公告',
    body: '为加强网络餐饮服务监管，本局起草了《杭州市网络餐饮服务监督管理办法（征求意见稿）》，现向社会公开征求意见。公众可在本公告发布之日起30日内通过电子邮件或信函提出意见，本局将在办法发布时说明意见采纳情况。',
    writtenOn: '2026-08-19',
    topic: '食品安全',
    openCategory: 'decision',
    keyArea: 'food-drug',
  }),
  // ——— 执行公开: plans and campaigns ———
  item({
    title: '特种设备安全专项整治行动实施方案',
    body: '为防范特种设备安全事故，自即日起至年底，在全市开展电梯、气瓶、压力管道等特种设备安全专项整治，重点检查使用登记、定期检验和作业人员持证情况，发现隐患限期整改。',
    writtenOn: '2026-11-09',
    topic: '特种设备',
    openCategory: 'execution',
    keyArea: 'work-safety',
  }),
  item({
    title: '2026年燃气用具产品质量安全专项整治工作方案',
    body: '针对瓶装液化气调压器、燃气软管和灶具质量问题，开展生产、销售和使用环节全链条检查。各区局应于每月5日前报送检查进度，对不合格产品依法下架并追溯源头。',
    writtenOn: '2026-05-11',
    topic: '质量监督',
    openCategory: 'execution',
    keyArea: 'work-safety',
  }),
  item({
    title: '商品过度包装和塑料污染治理专项执法行动方案',
    body: '围绕月饼、粽子、茶叶等重点商品和外卖平台一次性塑料制品，开展过度包装和禁限塑执法检查。检查结果纳入经营者信用记录，情节严重的依法公开曝光。',
    writtenOn: '2026-07-20',
    topic: '质量监督',
    openCategory: 'execution',
    keyArea: 'environment',
  }),
  item({
    title: '机动车排放检验机构专项监督检查工作方案',
    body: '对全市机动车排放检验机构开展全覆盖检查，重点查处不按标准检验、出具虚假检验报告等行为，配合生态环境部门共同改善大气环境质量。检查分自查、抽查和复查三个阶段进行。',
    writtenOn: '2026-03-16',
    topic: '质量监督',
    openCategory: 'execution',
    keyArea: 'environment',
  }),
  item({
    title: '2026年春季开学季学校周边食品安全专项检查工作安排',
    body: '开学前后组织对中小学、幼儿园周边小餐饮、小食杂店开展专项检查，重点检查过期食品、“三无”食品和散装食品标签标识。检查覆盖率须达到100%。',
    writtenOn: '2026-02-16',
    topic: '食品安全',
    openCategory: 'execution',
    keyArea: 'food-drug',
  }),
  item({
    title: '药品零售企业质量管理规范执行情况专项检查工作方案',
    body: '对全市药品零售连锁门店和单体药店开展检查，重点核查执业药师在岗、处方药凭处方销售和冷链药品储存情况。检查中发现的问题一律限期整改，拒不整改的依法处理。',
    writtenOn: '2026-09-07',
    topic: '药品监管',
    openCategory: 'execution',
    keyArea: 'food-drug',
  }),
  // ——— 管理公开: organisation, enforcement lists, random inspections ———
  item({
    title: '杭州市市场监督管理局机构职能和内设机构',
    body: '本局负责全市市场综合监督管理、市场主体统一登记注册、食品药品安全监管、特种设备安全监察、价格监督检查和知识产权保护等工作。内设办公室、法规处、登记注册处、食品经营监管处、特种设备安全监察处、价格监督检查处等处室。',
    writtenOn: '2026-01-12',
    topic: '机构职能',
    openCategory: 'management',
  }),
  item({
    title: '杭州市市场监督管理局行政执法事项清单（2026年版）',
    body: '本清单列明本局行政处罚、行政检查、行政强制等执法事项共计412项，逐项载明执法依据、执法主体和承办机构。清单实行动态调整，法律法规修改后30日内更新。',
    writtenOn: '2026-03-02',
    topic: '机构职能',
    openCategory: 'management',
  }),
  item({
    title: '2026年度“双随机、一公开”部门联合抽查计划',
    body: '本年度共安排部门联合抽查任务18项，涉及食品生产、药品经营、特种设备、产品质量等领域。抽查对象从检查对象名录库中随机抽取，执法人员随机选派，抽查结果在20个工作日内公示。',
    writtenOn: '2026-03-23',
    topic: '登记注册',
    openCategory: 'management',
  }),
  item({
    title: '杭州市市场监督管理局行政执法人员名单公示',
    body: '根据行政执法公示制度的要求，现将本局持有行政执法证件的执法人员姓名、执法证号和执法类别予以公示，接受社会监督。执法人员执法时应当主动出示证件。',
    writtenOn: '2026-05-25',
    topic: '机构职能',
    openCategory: 'management',
  }),
  // ——— 服务公开: guides and convenience measures ———
  item({
    title: '关于公布市场监管领域行政许可事项办事指南的公告',
    body: '本局行政许可事项的办事指南已在“一网通办”网上办事大厅统一发布，包括受理条件、申请材料、办理流程、办理时限和收费标准。申请人可在线申报，也可到各级政务服务中心综合窗口办理。',
    writtenOn: '2026-11-23',
    topic: '政务服务',
    openCategory: 'service',
  }),
  item({
    title: '食品经营许可办理流程和材料清单',
    body: '申请食品经营许可，应当提交申请书、营业执照复印件、经营场所平面图、食品安全管理制度等材料。材料齐全、符合法定形式的当场受理，需要现场核查的，自受理之日起10个工作日内作出决定。',
    writtenOn: '2026-04-20',
    topic: '政务服务',
    openCategory: 'service',
    keyArea: 'food-drug',
  }),
  item({
    title: '关于因征地拆迁迁址的个体工商户和企业办理住所变更登记有关事项的公告',
    body: '因城市更新项目征地拆迁需要迁移经营场所的个体工商户和企业，可凭拆迁协议或征收部门出具的证明，通过“一网通办”申请住所变更登记，当日办结；原食品经营许可证在过渡期内继续有效，迁址后30日内申请变更。',
    writtenOn: '2026-06-29',
    topic: '登记注册',
    openCategory: 'service',
    keyArea: 'land-expropriation',
  }),
  item({
    title: '市场监管领域涉企收费目录清单',
    body: '本局及所属单位涉企收费项目共3项，均为依法设立的检验检测服务收费，收费标准按照省物价主管部门核定的标准执行。清单以外不得向企业收取任何费用，欢迎社会监督。',
    writtenOn: '2026-01-26',
    topic: '价格监管',
    openCategory: 'service',
    keyArea: 'pricing',
  }),
  item({
    title: '消费投诉举报受理渠道和处理时限公告',
    body: '消费者可通过12315热线、全国12315平台或“一网通办”提交投诉举报。投诉自收到之日起7个工作日内决定是否受理，受理后60日内终结调解；举报自收到之日起15个工作日内决定是否立案。',
    writtenOn: '2026-03-09',
    topic: '政务服务',
    openCategory: 'service',
  }),
  // ——— 结果公开: results, accounts, reports ———
  item({
    title: '2026年第三季度食品安全监督抽检结果公告',
    body: '本季度共抽检餐饮环节、流通环节食品样品1,260批次，合格1,241批次，不合格19批次。不合格产品已依法责令下架、召回，相关经营者已立案调查。抽检结果明细见附表，市民可在本页查询。',
    writtenOn: '2026-11-02',
    topic: '食品安全',
    openCategory: 'result',
    keyArea: 'food-drug',
  }),
  item({
    title: '2025年度“三公”经费决算情况说明',
    body: '2025年度本局“三公”经费决算支出合计86.4万元，比预算减少12.1万元。其中因公出国（境）费0元，公务用车购置及运行维护费61.2万元，公务接待费25.2万元。减少的主要原因是严格执行厉行节约规定。',
    writtenOn: '2026-07-28',
    topic: '财政资金',
    openCategory: 'result',
    keyArea: 'three-public',
  }),
  item({
    title: '杭州市市场监督管理局2025年度部门决算',
    body: '2025年度本局收入合计3.82亿元，支出合计3.79亿元，其中一般公共服务支出、市场监督管理事务支出占主要部分。年末结转和结余0.03亿元。决算表格及说明附后。',
    writtenOn: '2026-07-28',
    topic: '财政资金',
    openCategory: 'result',
    keyArea: 'budget',
  }),
  item({
    title: '2027年度“三公”经费预算安排说明（草案公示）',
    body: '2027年度本局“三公”经费预算拟安排80.0万元，比上年预算减少6.4万元，其中不安排因公出国（境）费，公务用车运行维护费57.0万元，公务接待费23.0万元。',
    writtenOn: '2026-11-30',
    topic: '财政资金',
    openCategory: 'decision',
    keyArea: 'three-public',
    lagWorkingDays: 1,
  }),
  item({
    title: '明码标价和禁止价格欺诈规定执行情况检查通报',
    body: '10月份对商场超市、农贸市场和餐饮单位开展价格检查，共检查经营者532家，责令整改明码标价不规范问题47家，对3起价格欺诈行为依法立案查处。',
    writtenOn: '2026-11-16',
    topic: '价格监管',
    openCategory: 'result',
    keyArea: 'pricing',
  }),
  item({
    title: '保障性住房建设项目用建筑材料产品质量监督抽查结果',
    body: '对全市在建保障性租赁住房项目使用的钢筋、水泥、防水卷材和电线电缆开展监督抽查，共抽查产品146批次，不合格4批次，已责令停止使用并通报住房城乡建设部门。',
    writtenOn: '2026-09-14',
    topic: '质量监督',
    openCategory: 'result',
    keyArea: 'housing',
  }),
  item({
    title: '保障性租赁住房租金和物业服务收费明码标价检查情况',
    body: '对已投入使用的28个保障性租赁住房项目开展租金和物业服务收费检查，发现未公示收费依据、擅自增加收费项目等问题6起，均已督促整改并退还多收费用。',
    writtenOn: '2026-10-19',
    topic: '价格监管',
    openCategory: 'result',
    keyArea: 'housing',
  }),
  item({
    title: '2026年上半年特种设备安全状况通报',
    body: '截至6月底，全市在用特种设备约21.6万台，其中电梯14.3万台。上半年未发生特种设备较大以上事故，检验合格率99.2%，排查整治隐患1,835处。',
    writtenOn: '2026-07-13',
    topic: '特种设备',
    openCategory: 'result',
    keyArea: 'work-safety',
  }),
  item({
    title: '征地拆迁区域农贸市场过渡经营点食品安全检查结果',
    body: '对因征地拆迁设立的5个农贸市场过渡经营点开展食品安全检查，重点检查进货查验、快检室运行和活禽交易管理，发现问题12项，已全部整改完毕。',
    writtenOn: '2026-08-31',
    topic: '食品安全',
    openCategory: 'result',
    keyArea: 'land-expropriation',
  }),
  item({
    title: '重点排污单位用计量器具专项监督检查结果',
    body: '对全市62家重点排污单位使用的在线监测计量器具开展检定情况检查，发现未按期检定器具9台，已责令限期检定；对1家篡改计量数据的单位依法立案查处。',
    writtenOn: '2026-10-12',
    topic: '质量监督',
    openCategory: 'result',
    keyArea: 'environment',
  }),
  item({
    title: '杭州市市场监督管理局2025年法治政府建设年度报告',
    body: '2025年，本局围绕法治政府建设目标，修订规范性文件7件，办理行政复议案件21件、行政诉讼案件9件，行政执法案卷评查优秀率达到92%，全年未发生行政执法重大过错。',
    writtenOn: '2026-03-30',
    topic: '机构职能',
    openCategory: 'result',
  }),
];

/** Publishes the demo items in one transaction; returns how many were published. */
export async function seedDemoItems(items: ItemsService): Promise<number> {
  return (await items.publishSeed(AUTHOR, REVIEWER, DEMO_ITEMS)).length;
}
