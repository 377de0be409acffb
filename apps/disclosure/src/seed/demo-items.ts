import { Role, type CurrentUser } from '@hall/auth';
import type { ItemDraftBody } from '@hall/contracts';
import type { ItemsService } from '../items/items.service.js';

/**
 * Demo 主动公开 items for the embedded hall's first start (`seedDemoData`): written by the market regulator's officer
 * and published through the real workflow (submit → 保密审查 by the department head), so the public 政务公开 pages,
 * the 目录 counts and a 专栏 have something in them. Ids are those of the demo accounts `approver.market` and
 * `head.market` (the dev identity provider's stable subjects).
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

type Draft = Parameters<ItemsService['create']>[1];
const draft = (d: ItemDraftBody): Draft => ({
  keyArea: null,
  kind: 'general',
  interpretsId: null,
  ...d,
});

const GENERAL: readonly Draft[] = [
  draft({
    title: '2026年第三季度食品安全监督抽检结果公告',
    body: '本季度共抽检餐饮环节、流通环节食品样品1,260批次，合格1,241批次，不合格19批次。不合格产品已依法责令下架、召回，相关经营者已立案调查。抽检结果明细见附表，市民可在本页查询。',
    writtenOn: '2026-11-02',
    topic: '食品安全',
    openCategory: 'result',
    keyArea: 'food-drug',
  }),
  draft({
    title: '杭州市市场监督管理局2026年部门预算',
    body: '根据预算法和本级人民代表大会批准的预算，现公开本局2026年部门预算，包括收支总表、一般公共预算支出表、政府性基金预算支出表及“三公”经费预算表，并对主要支出项目作出说明。',
    writtenOn: '2026-10-20',
    topic: '财政资金',
    openCategory: 'decision',
    keyArea: 'budget',
  }),
  draft({
    title: '2025年度“三公”经费决算情况说明',
    body: '2025年度本局“三公”经费决算支出合计86.4万元，比预算减少12.1万元。其中因公出国（境）费0元，公务用车购置及运行维护费61.2万元，公务接待费25.2万元。减少的主要原因是严格执行厉行节约规定。',
    writtenOn: '2026-10-28',
    topic: '财政资金',
    openCategory: 'result',
    keyArea: 'three-public',
  }),
  draft({
    title: '特种设备安全专项整治行动实施方案',
    body: '为防范特种设备安全事故，自即日起至年底，在全市开展电梯、气瓶、压力管道等特种设备安全专项整治，重点检查使用登记、定期检验和作业人员持证情况，发现隐患限期整改。',
    writtenOn: '2026-11-09',
    topic: '安全生产',
    openCategory: 'execution',
    keyArea: 'work-safety',
  }),
  draft({
    title: '明码标价和禁止价格欺诈规定执行情况检查通报',
    body: '10月份对商场超市、农贸市场和餐饮单位开展价格检查，共检查经营者532家，责令整改明码标价不规范问题47家，对3起价格欺诈行为依法立案查处。',
    writtenOn: '2026-11-16',
    topic: '价格监管',
    openCategory: 'result',
    keyArea: 'pricing',
  }),
  draft({
    title: '关于公布市场监管领域行政许可事项办事指南的公告',
    body: '本局行政许可事项的办事指南已在“一网通办”网上办事大厅统一发布，包括受理条件、申请材料、办理流程、办理时限和收费标准。申请人可在线申报，也可到各级政务服务中心综合窗口办理。',
    writtenOn: '2026-11-23',
    topic: '政务服务',
    openCategory: 'service',
  }),
];

const POLICY = draft({
  title: '杭州市餐饮服务食品安全操作规范实施细则',
  body: '第一条 为规范餐饮服务经营行为，保障消费者饮食安全，根据《中华人民共和国食品安全法》及有关规定，结合本市实际，制定本细则。第二条 本细则适用于本市行政区域内的餐饮服务提供者。第三条 餐饮服务提供者应当建立食品安全自查制度……',
  writtenOn: '2026-11-12',
  topic: '食品安全',
  openCategory: 'decision',
  keyArea: 'food-drug',
  kind: 'policy',
});
const INTERPRETATION = (policyId: string) =>
  draft({
    title: '《杭州市餐饮服务食品安全操作规范实施细则》政策解读',
    body: '一、制定背景：近年来本市餐饮单位数量增长较快，需要统一操作要求。二、主要内容：明确了原料采购查验、加工制作、餐用具清洗消毒和从业人员健康管理等要求。三、适用对象：全市餐饮服务提供者。四、施行时间：自发布之日起施行。',
    writtenOn: '2026-11-12',
    topic: '食品安全',
    openCategory: 'decision',
    keyArea: 'food-drug',
    kind: 'interpretation',
    interpretsId: policyId,
  });

/** Creates and publishes the demo items; returns how many were published. */
export async function seedDemoItems(items: ItemsService): Promise<number> {
  const publish = async (d: Draft) => {
    const created = await items.create(AUTHOR, d);
    await items.submit(AUTHOR, created.id);
    return created.id;
  };
  let published = 0;
  for (const d of GENERAL) {
    await items.review(REVIEWER, await publish(d), { decision: 'approve' });
    published += 1;
  }
  // A policy goes out together with its 政策解读 (同步审签、同步发布).
  const policy = await items.create(AUTHOR, POLICY);
  const interpretation = await publish(INTERPRETATION(policy.id));
  await items.submit(AUTHOR, policy.id);
  await items.review(REVIEWER, policy.id, { decision: 'approve' });
  await items.review(REVIEWER, interpretation, { decision: 'approve' });
  return published + 2;
}
