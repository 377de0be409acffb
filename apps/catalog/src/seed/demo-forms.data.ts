import type { FormField } from '@hall/contracts';

/**
 * 申请表 of the demo catalog: the fields each demo item asks, and which form field each licence type prints.
 *
 * One dictionary of fields (`FIELDS`, by form key) serves every form, so a licence type that prints 经营场所 finds the
 * same key (`premises`) in every item that issues it; `demo-catalog.spec.ts` checks that every licence field an item
 * can issue is filled by its form (with the examples as data). Forms follow the official 申请书 of each item
 * (e.g. 《食品经营许可申请书》, 《公共场所卫生许可申请表》); identity fields are prefilled from the real-name account
 * (国务院令第716号 art. 7) and asked only when the account does not hold them.
 */
type Field = FormField;
type FieldInput = Omit<Field, 'required' | 'type'> & Partial<Pick<Field, 'required' | 'type'>>;

const def = (f: FieldInput): Field => ({ type: 'text', required: true, ...f });

const FOOD_ITEMS = [
  '散装食品销售',
  '特殊食品销售',
  '热食类食品制售',
  '冷食类食品制售',
  '生食类食品制售',
  '半成品制售',
  '自制饮品制售',
  '其他类食品制售',
];

const FIELDS = {
  // ---------------------------------------------------------------------------------------- applicant (申请人)
  applicantName: def({
    key: 'applicantName',
    label: '申请人姓名',
    prefill: 'name',
    maxLength: 50,
    example: '张三',
  }),
  idNumber: def({
    key: 'idNumber',
    label: '公民身份号码',
    prefill: 'idNumber',
    pattern: '^\\d{17}[\\dX]$',
    patternMessage: '18位公民身份号码，末位可为X',
  }),
  // Personal numbers (个人信息) get no example: a sample number would travel with every catalog event.
  phone: def({ key: 'phone', label: '联系电话', type: 'phone', prefill: 'phone', required: false }),
  entityName: def({
    key: 'entityName',
    label: '单位名称',
    prefill: 'orgName',
    maxLength: 100,
    example: '杭州清河坊小馆',
  }),
  uscc: def({
    key: 'uscc',
    label: '统一社会信用代码',
    prefill: 'uscc',
    pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$',
    patternMessage: '18位统一社会信用代码',
    example: '92330102MA2KXN5L3R',
  }),
  legalRepresentative: def({
    key: 'legalRepresentative',
    label: '法定代表人（负责人）',
    maxLength: 50,
    example: '张三',
  }),
  principal: def({ key: 'principal', label: '主要负责人', maxLength: 50, example: '李明' }),
  residence: def({
    key: 'residence',
    label: '住所',
    type: 'address',
    maxLength: 200,
    example: '杭州市上城区清河坊 88 号',
  }),
  premises: def({
    key: 'premises',
    label: '经营场所',
    type: 'address',
    maxLength: 200,
    example: '杭州市上城区清河坊 88 号',
  }),
  area: def({
    key: 'area',
    label: '经营场所面积（平方米）',
    type: 'number',
    min: 1,
    max: 1000000,
    example: '60',
  }),
  businessScope: def({
    key: 'businessScope',
    label: '经营范围',
    type: 'textarea',
    maxLength: 1000,
    example: '餐饮服务；食品销售',
  }),
  registeredCapital: def({
    key: 'registeredCapital',
    label: '注册资本',
    maxLength: 40,
    example: '50万元人民币',
  }),
  previousLicenceIdentifier: def({
    key: 'previousLicenceIdentifier',
    label: '原许可证编号',
    required: false,
    maxLength: 60,
  }),
  // ---------------------------------------------------------------------------------------- 市场主体登记
  enterpriseType: def({
    key: 'enterpriseType',
    label: '企业类型',
    type: 'select',
    options: [
      '有限责任公司（自然人独资）',
      '有限责任公司（自然人投资或控股）',
      '股份有限公司（非上市）',
      '个人独资企业',
      '普通合伙企业',
    ],
    example: '有限责任公司（自然人独资）',
  }),
  // ---------------------------------------------------------------------------------------- 食品经营
  businessForm: def({
    key: 'businessForm',
    label: '主体业态',
    type: 'select',
    options: ['食品销售经营者', '餐饮服务经营者', '集中用餐单位食堂'],
    example: '餐饮服务经营者',
  }),
  businessItems: def({
    key: 'businessItems',
    label: '经营项目',
    type: 'multiselect',
    options: FOOD_ITEMS,
    example: '热食类食品制售、自制饮品制售',
  }),
  foodSafetyManager: def({
    key: 'foodSafetyManager',
    label: '食品安全管理人员',
    maxLength: 50,
    example: '王五',
  }),
  onlineSales: def({
    key: 'onlineSales',
    label: '是否网络经营',
    type: 'boolean',
    required: false,
    example: '否',
  }),
  changeItems: def({
    key: 'changeItems',
    label: '变更事项',
    type: 'multiselect',
    options: ['经营者名称', '法定代表人（负责人）', '住所', '经营项目', '食品安全管理人员'],
    example: '经营项目',
  }),
  cancelReason: def({
    key: 'cancelReason',
    label: '注销原因',
    type: 'select',
    options: ['主动申请注销', '营业执照已注销', '经营场所拆迁', '其他'],
    example: '主动申请注销',
  }),
  // ---------------------------------------------------------------------------------------- 药品、医疗、卫生
  qualityManager: def({
    key: 'qualityManager',
    label: '质量负责人',
    maxLength: 50,
    example: '赵敏（执业药师）',
  }),
  warehouseAddress: def({
    key: 'warehouseAddress',
    label: '仓库地址',
    type: 'address',
    required: false,
    maxLength: 200,
    example: '杭州市余杭区仓前街道 66 号',
  }),
  drugScope: def({
    key: 'drugScope',
    label: '经营范围（药品）',
    type: 'multiselect',
    options: ['中药饮片', '中成药', '化学药', '生物制品', '第二类精神药品', '体外诊断试剂（药品）'],
    example: '中成药、化学药',
  }),
  drugMode: def({
    key: 'drugMode',
    label: '经营方式',
    type: 'select',
    options: ['零售', '零售（连锁）', '批发'],
    example: '零售',
  }),
  ownership: def({
    key: 'ownership',
    label: '所有制形式',
    type: 'select',
    options: ['全民', '集体', '私营', '股份制', '中外合资（合作）', '其他'],
    example: '私营',
  }),
  clinicalDepartments: def({
    key: 'clinicalDepartments',
    label: '诊疗科目',
    type: 'multiselect',
    options: [
      '预防保健科',
      '全科医疗科',
      '内科',
      '外科',
      '妇产科',
      '儿科',
      '口腔科',
      '中医科',
      '医学检验科',
      '医学影像科',
    ],
    example: '全科医疗科、口腔科',
  }),
  beds: def({ key: 'beds', label: '床位（张）', type: 'number', min: 0, max: 100000, example: '0' }),
  hygieneItems: def({
    key: 'hygieneItems',
    label: '许可项目',
    type: 'multiselect',
    options: [
      '住宿场所',
      '沐浴场所',
      '美容美发场所',
      '游泳场所',
      '影剧院、歌舞厅等文化娱乐场所',
      '商场（店）、书店',
      '候车（机、船）室',
    ],
    example: '美容美发场所',
  }),
  employees: def({
    key: 'employees',
    label: '从业人员数',
    type: 'number',
    min: 1,
    max: 100000,
    example: '8',
  }),
  // ---------------------------------------------------------------------------------------- 消防
  placeName: def({ key: 'placeName', label: '场所名称', maxLength: 100, example: '清河坊小馆' }),
  placeUse: def({
    key: 'placeUse',
    label: '场所用途',
    type: 'select',
    options: [
      '餐饮场所',
      '歌舞娱乐场所',
      '商场、集贸市场',
      '宾馆、饭店',
      '体育场馆、会堂',
      '其他公众聚集场所',
    ],
    example: '餐饮场所',
  }),
  commitment: def({
    key: 'commitment',
    label: '采用告知承诺方式',
    type: 'boolean',
    required: false,
    example: '是',
  }),
  // ---------------------------------------------------------------------------------------- 工程建设
  projectName: def({
    key: 'projectName',
    label: '项目名称',
    maxLength: 100,
    example: '清河坊社区综合服务中心',
  }),
  projectAddress: def({
    key: 'projectAddress',
    label: '项目地址',
    type: 'address',
    maxLength: 200,
    example: '杭州市上城区清河坊街 12 号',
  }),
  projectCode: def({
    key: 'projectCode',
    label: '项目代码',
    pattern: '^\\d{4}-\\d{6}-\\d{2}-\\d{2}-\\d{6}$',
    patternMessage: '投资项目在线审批监管平台赋予的项目代码，如 2026-330102-47-01-000123',
    example: '2026-330102-47-01-000123',
  }),
  landUse: def({
    key: 'landUse',
    label: '用地性质',
    type: 'select',
    options: ['居住用地', '商业服务业用地', '工业用地', '公共管理与公共服务用地', '物流仓储用地'],
    example: '公共管理与公共服务用地',
  }),
  landArea: def({
    key: 'landArea',
    label: '用地面积（平方米）',
    type: 'number',
    min: 1,
    max: 100000000,
    example: '5200',
  }),
  buildingScale: def({
    key: 'buildingScale',
    label: '建设规模',
    maxLength: 200,
    example: '总建筑面积 12000 平方米，地上 6 层',
  }),
  floorArea: def({
    key: 'floorArea',
    label: '建筑面积（平方米）',
    type: 'number',
    min: 1,
    max: 100000000,
    example: '12000',
  }),
  contractPrice: def({ key: 'contractPrice', label: '合同价格', maxLength: 40, example: '4800万元' }),
  surveyUnit: def({
    key: 'surveyUnit',
    label: '勘察单位',
    maxLength: 100,
    example: '浙江省工程勘察院有限公司',
  }),
  designUnit: def({
    key: 'designUnit',
    label: '设计单位',
    maxLength: 100,
    example: '杭州市建筑设计研究院有限公司',
  }),
  constructionUnit: def({
    key: 'constructionUnit',
    label: '施工单位',
    maxLength: 100,
    example: '浙江省建工集团有限责任公司',
  }),
  supervisionUnit: def({
    key: 'supervisionUnit',
    label: '监理单位',
    maxLength: 100,
    example: '浙江江南工程管理股份有限公司',
  }),
  contractPeriod: def({ key: 'contractPeriod', label: '合同工期', maxLength: 40, example: '540日历天' }),
  // ---------------------------------------------------------------------------------------- 不动产
  propertyAddress: def({
    key: 'propertyAddress',
    label: '不动产坐落',
    type: 'address',
    maxLength: 200,
    example: '杭州市上城区望江家园 3 幢 1 单元 502 室',
  }),
  unitNumber: def({
    key: 'unitNumber',
    label: '不动产单元号',
    pattern: '^\\d{12}[A-Z]{2}\\d{5}[A-Z]\\d{8}$',
    patternMessage: '28位不动产单元号',
    example: '330102001001GB00001F00010001',
  }),
  coOwnership: def({
    key: 'coOwnership',
    label: '共有情况',
    type: 'select',
    options: ['单独所有', '共同共有', '按份共有'],
    example: '单独所有',
  }),
  rightNature: def({
    key: 'rightNature',
    label: '权利性质',
    type: 'select',
    options: ['出让/市场化商品房', '出让/存量房', '划拨/房改房'],
    example: '出让/市场化商品房',
  }),
  propertyUse: def({
    key: 'propertyUse',
    label: '用途',
    type: 'select',
    options: ['城镇住宅用地/住宅', '商服用地/商业', '工业用地/工业'],
    example: '城镇住宅用地/住宅',
  }),
  propertyArea: def({ key: 'propertyArea', label: '面积', maxLength: 100, example: '房屋建筑面积 89.50㎡' }),
  landTerm: def({
    key: 'landTerm',
    label: '土地使用期限',
    maxLength: 100,
    example: '2008年03月01日起2078年02月28日止',
  }),
  transferKind: def({
    key: 'transferKind',
    label: '转移原因',
    type: 'select',
    options: ['买卖', '赠与', '继承', '夫妻间转移'],
    example: '买卖',
  }),
  transferee: def({ key: 'transferee', label: '转让方（原权利人）', maxLength: 100, example: '李四' }),
  // ---------------------------------------------------------------------------------------- 生态环境
  industry: def({ key: 'industry', label: '行业类别', maxLength: 60, example: '其他食品制造' }),
  pollutionClass: def({
    key: 'pollutionClass',
    label: '管理类别',
    type: 'select',
    options: ['重点管理', '简化管理'],
    example: '简化管理',
  }),
  pollutants: def({
    key: 'pollutants',
    label: '主要污染物种类',
    type: 'multiselect',
    options: ['颗粒物', '二氧化硫', '氮氧化物', '挥发性有机物', '化学需氧量', '氨氮', '总磷', '总氮'],
    example: '化学需氧量、氨氮',
  }),
  dischargeMode: def({
    key: 'dischargeMode',
    label: '排放方式',
    type: 'select',
    options: ['有组织排放', '无组织排放', '间接排放', '直接排放'],
    example: '间接排放',
  }),
  investment: def({
    key: 'investment',
    label: '总投资（万元）',
    type: 'number',
    min: 1,
    max: 100000000,
    example: '800',
  }),
  // ---------------------------------------------------------------------------------------- 交通、文化、旅游、应急、教育
  transportScope: def({
    key: 'transportScope',
    label: '经营范围（道路运输）',
    type: 'multiselect',
    options: ['道路普通货物运输', '货物专用运输（集装箱）', '大型物件运输'],
    example: '道路普通货物运输',
  }),
  vehicles: def({ key: 'vehicles', label: '营运车辆数', type: 'number', min: 1, max: 100000, example: '5' }),
  rooms: def({ key: 'rooms', label: '包厢（间）数量', type: 'number', min: 0, max: 1000, example: '12' }),
  investors: def({ key: 'investors', label: '出资人', maxLength: 200, example: '张三' }),
  chemMode: def({
    key: 'chemMode',
    label: '经营方式',
    type: 'select',
    options: ['带有储存设施经营', '不带有储存设施经营（票据经营）'],
    example: '不带有储存设施经营（票据经营）',
  }),
  chemScope: def({
    key: 'chemScope',
    label: '许可范围（危险化学品品名）',
    type: 'textarea',
    maxLength: 1000,
    example: '乙醇、丙酮、甲苯',
  }),
  sponsor: def({ key: 'sponsor', label: '举办者', maxLength: 100, example: '杭州清河坊教育科技有限公司' }),
  schoolType: def({
    key: 'schoolType',
    label: '办学类型',
    type: 'select',
    options: ['幼儿园', '小学', '初级中学', '高级中学', '中等职业学校', '文化教育培训机构'],
    example: '文化教育培训机构',
  }),
  schoolContent: def({
    key: 'schoolContent',
    label: '办学内容',
    maxLength: 200,
    example: '艺术类校外培训（美术、书法）',
  }),
  supervisingUnit: def({
    key: 'supervisingUnit',
    label: '业务主管单位',
    maxLength: 100,
    example: '杭州市上城区教育局',
  }),
  // ---------------------------------------------------------------------------------------- 特种设备
  equipmentKind: def({
    key: 'equipmentKind',
    label: '设备种类',
    type: 'select',
    options: ['锅炉', '压力容器', '电梯', '起重机械', '场（厂）内专用机动车辆', '大型游乐设施', '客运索道'],
    example: '电梯',
  }),
  equipmentCategory: def({
    key: 'equipmentCategory',
    label: '设备类别',
    maxLength: 60,
    example: '曳引与强制驱动电梯',
  }),
  equipmentVariety: def({
    key: 'equipmentVariety',
    label: '设备品种',
    maxLength: 60,
    example: '曳引驱动乘客电梯',
  }),
  productName: def({ key: 'productName', label: '产品名称', maxLength: 60, example: '乘客电梯' }),
  equipmentCode: def({
    key: 'equipmentCode',
    label: '设备代码',
    pattern: '^[0-9A-Z]{10,20}$',
    patternMessage: '设备铭牌上的设备代码（10～20位数字或字母）',
    example: '3110330100202312001',
  }),
  internalNo: def({
    key: 'internalNo',
    label: '单位内编号',
    required: false,
    maxLength: 30,
    example: '1号梯',
  }),
  // ---------------------------------------------------------------------------------------- 户籍、社保、民政
  gender: def({ key: 'gender', label: '性别', type: 'select', options: ['男', '女'], example: '男' }),
  residenceAddress: def({
    key: 'residenceAddress',
    label: '居住地址',
    type: 'address',
    maxLength: 200,
    example: '杭州市西湖区文三路 90 号 2 幢 301 室',
  }),
  residenceSince: def({ key: 'residenceSince', label: '居住登记日期', type: 'date', example: '2026-05-06' }),
  residenceReason: def({
    key: 'residenceReason',
    label: '居住事由',
    type: 'select',
    options: ['就业', '就读', '经商', '投靠亲属', '其他'],
    example: '就业',
  }),
  moveFrom: def({
    key: 'moveFrom',
    label: '迁出地',
    type: 'address',
    maxLength: 200,
    example: '安徽省合肥市蜀山区',
  }),
  moveTo: def({
    key: 'moveTo',
    label: '迁入地址',
    type: 'address',
    maxLength: 200,
    example: '杭州市上城区望江家园 3 幢 1 单元 502 室',
  }),
  migrationKind: def({
    key: 'migrationKind',
    label: '迁移类别',
    type: 'select',
    options: ['人才引进', '投靠亲属', '购房落户', '就业落户', '其他'],
    example: '就业落户',
  }),
  familyMembers: def({
    key: 'familyMembers',
    label: '随迁人员',
    required: false,
    maxLength: 200,
    example: '无',
  }),
  cardPurpose: def({
    key: 'cardPurpose',
    label: '申领类型',
    type: 'select',
    options: ['首次申领', '换领', '补领'],
    example: '首次申领',
  }),
  bankName: def({
    key: 'bankName',
    label: '合作银行',
    type: 'select',
    options: ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '杭州银行'],
    example: '杭州银行',
  }),
  contributionGrade: def({
    key: 'contributionGrade',
    label: '缴费档次（元/年）',
    type: 'select',
    options: ['300', '500', '800', '1000', '1500', '2000', '3000', '5000'],
    example: '1000',
  }),
  householdAddress: def({
    key: 'householdAddress',
    label: '户籍地址',
    type: 'address',
    maxLength: 200,
    example: '杭州市上城区望江街道',
  }),
  householdSize: def({
    key: 'householdSize',
    label: '共同生活家庭成员人数',
    type: 'number',
    min: 1,
    max: 30,
    example: '3',
  }),
  monthlyIncome: def({
    key: 'monthlyIncome',
    label: '家庭月总收入（元）',
    type: 'number',
    min: 0,
    max: 1000000,
    example: '1800',
  }),
  hardship: def({
    key: 'hardship',
    label: '困难情况说明',
    type: 'textarea',
    maxLength: 2000,
    example: '家庭主要劳动力因病丧失劳动能力，无其他稳定收入',
  }),
  groomName: def({ key: 'groomName', label: '男方姓名', maxLength: 50, example: '张三' }),
  brideName: def({ key: 'brideName', label: '女方姓名', maxLength: 50, example: '李梅' }),
  spouseIdNumber: def({
    key: 'spouseIdNumber',
    label: '对方公民身份号码',
    pattern: '^\\d{17}[\\dX]$',
    patternMessage: '18位公民身份号码，末位可为X',
    example: '33010619920815002X',
  }),
  adopteeName: def({ key: 'adopteeName', label: '被收养人姓名', maxLength: 50, example: '张小宝' }),
  adopteeBirthDate: def({
    key: 'adopteeBirthDate',
    label: '被收养人出生日期',
    type: 'date',
    example: '2022-03-18',
  }),
  adoptionReason: def({
    key: 'adoptionReason',
    label: '收养原因',
    type: 'textarea',
    maxLength: 1000,
    example: '婚后多年无子女，有抚养教育被收养人的能力',
  }),
  bedsPlanned: def({
    key: 'bedsPlanned',
    label: '床位数',
    type: 'number',
    min: 1,
    max: 10000,
    example: '60',
  }),
  matter: def({
    key: 'matter',
    label: '申请事项说明',
    type: 'textarea',
    maxLength: 2000,
    example: '申请办理本事项，材料已按办事指南准备齐全',
  }),
  serviceContent: def({
    key: 'serviceContent',
    label: '服务内容',
    type: 'multiselect',
    options: ['生活照料', '康复护理', '精神慰藉', '文化娱乐', '医疗服务'],
    example: '生活照料、康复护理',
  }),
} satisfies Record<string, Field>;

export type FormKey = keyof typeof FIELDS;

/** A field of a form: a dictionary key, or a key with overrides (label, example, options, prefill dropped …). */
type FormEntry = FormKey | readonly [FormKey, Partial<Field> & { prefill?: Field['prefill'] | undefined }];

function formOf(entries: readonly FormEntry[], group?: string): { fields: Field[] } {
  return {
    fields: entries.map((e) => {
      const [key, over] = typeof e === 'string' ? [e, {}] : e;
      const f: Field = { ...FIELDS[key], ...over };
      if ('prefill' in over && over.prefill === undefined) delete f.prefill;
      return group && f.group === undefined ? { ...f, group } : f;
    }),
  };
}

/** 法人 applicant block: name, USCC, legal representative (prefilled for a business account, asked of a person). */
const ORG: readonly FormEntry[] = ['entityName', 'uscc', 'legalRepresentative', 'phone'];
/** A new entity (设立): its name is not the account's. */
const NEW_ORG: readonly FormEntry[] = [
  ['entityName', { label: '拟设立名称', prefill: undefined }],
  'legalRepresentative',
  'phone',
];
const PERSON: readonly FormEntry[] = ['applicantName', 'idNumber', 'phone'];

const FOOD: readonly FormEntry[] = [
  ['entityName', { label: '经营者名称' }],
  ['uscc', { required: false }],
  'legalRepresentative',
  'phone',
  'residence',
  'premises',
  'businessForm',
  'businessItems',
  'area',
  'foodSafetyManager',
  'onlineSales',
];

/** Application forms by base-item code (demo-catalog.data.ts CODES). */
export const ITEM_FORMS: Readonly<Record<string, { fields: Field[] }>> = {
  // 食品经营许可 (新办 / 变更 / 延续 / 注销)
  '010010010001': formOf(FOOD),
  '010010010002': formOf([...FOOD, 'changeItems', ['previousLicenceIdentifier', { required: false }]]),
  '010010010003': formOf([...FOOD, ['previousLicenceIdentifier', { required: false }]]),
  '010010010004': formOf([
    ['entityName', { label: '经营者名称' }],
    ['uscc', { required: false }],
    'legalRepresentative',
    'phone',
    ['previousLicenceIdentifier', { label: '许可证编号', required: true, example: '食品经营许可证编号' }],
    'cancelReason',
  ]),
  // 企业设立登记 / 个体工商户登记
  '010010020000': formOf([
    ...NEW_ORG,
    'enterpriseType',
    'residence',
    'registeredCapital',
    ['businessScope', { example: '软件开发；信息技术咨询服务' }],
  ]),
  '010010030000': formOf([
    [
      'entityName',
      { label: '个体工商户名称', prefill: undefined, required: false, example: '上城区清河坊张三小吃店' },
    ],
    ['legalRepresentative', { label: '经营者', prefill: 'name' }],
    'idNumber',
    'phone',
    [
      'enterpriseType',
      {
        label: '组成形式',
        options: ['个体工商户（个人经营）', '个体工商户（家庭经营）'],
        example: '个体工商户（个人经营）',
      },
    ],
    ['residence', { label: '经营场所' }],
    ['registeredCapital', { label: '资金数额', example: '5万元人民币' }],
    ['businessScope', { example: '小吃服务' }],
  ]),
  // 药品经营许可（零售 / 批发）
  '010010040000': formOf([
    ...ORG,
    'principal',
    'qualityManager',
    'residence',
    'warehouseAddress',
    'drugScope',
    ['drugMode', { options: ['零售', '零售（连锁）'] }],
    'area',
  ]),
  '010130010000': formOf([
    ...ORG,
    'principal',
    'qualityManager',
    'residence',
    ['warehouseAddress', { required: true }],
    'drugScope',
    ['drugMode', { options: ['批发'], example: '批发' }],
  ]),
  // 特种设备使用登记
  '010010050000': formOf([
    ...ORG,
    'equipmentKind',
    'equipmentCategory',
    'equipmentVariety',
    'productName',
    'equipmentCode',
    'internalNo',
    ['premises', { label: '设备使用地点' }],
  ]),
  // 公共场所卫生许可
  '010020010000': formOf([...ORG, ['premises', { label: '经营地址' }], 'hygieneItems', 'area', 'employees']),
  // 医疗机构执业登记
  '010020020000': formOf([
    ...ORG,
    'principal',
    ['premises', { label: '地址' }],
    'ownership',
    'clinicalDepartments',
    'beds',
  ]),
  // 公众聚集场所投入使用、营业前消防安全检查
  '010030010000': formOf([
    ...ORG,
    'placeName',
    ['premises', { label: '场所地址' }],
    ['area', { label: '使用面积（平方米）' }],
    'placeUse',
    'commitment',
  ]),
  // 建设用地规划许可 / 建设工程规划许可 / 施工许可 / 消防验收
  '010040010000': formOf([
    ...ORG,
    'projectCode',
    'projectName',
    ['projectAddress', { label: '用地位置' }],
    'landUse',
    'landArea',
    'buildingScale',
  ]),
  '010040020000': formOf([
    ...ORG,
    'projectCode',
    'projectName',
    ['projectAddress', { label: '建设位置' }],
    'buildingScale',
    'floorArea',
  ]),
  '010050010000': formOf([
    ...ORG,
    'projectCode',
    'projectName',
    ['projectAddress', { label: '建设地址' }],
    'buildingScale',
    'contractPrice',
    'surveyUnit',
    'designUnit',
    'constructionUnit',
    'supervisionUnit',
    'contractPeriod',
  ]),
  '010050020000': formOf([
    ...ORG,
    'projectCode',
    'projectName',
    ['projectAddress', { label: '工程地址' }],
    'floorArea',
    'constructionUnit',
  ]),
  // 不动产登记（首次 / 转移）
  '070040030001': formOf([
    ...PERSON,
    'propertyAddress',
    'unitNumber',
    'coOwnership',
    'rightNature',
    'propertyUse',
    'propertyArea',
    'landTerm',
  ]),
  '070040030002': formOf([
    ...PERSON,
    'transferKind',
    'transferee',
    'propertyAddress',
    'unitNumber',
    'coOwnership',
    'rightNature',
    'propertyUse',
    'propertyArea',
    'landTerm',
  ]),
  // 户口迁入 / 居住证
  '010060010000': formOf([...PERSON, 'migrationKind', 'moveFrom', 'moveTo', 'familyMembers']),
  '200060020000': formOf([...PERSON, 'gender', 'residenceAddress', 'residenceSince', 'residenceReason']),
  // 排污许可 / 环评审批
  '010070010000': formOf([
    ...ORG,
    ['premises', { label: '生产经营场所地址' }],
    'industry',
    'pollutionClass',
    'pollutants',
    'dischargeMode',
  ]),
  '010070020000': formOf([...ORG, 'projectCode', 'projectName', 'projectAddress', 'industry', 'investment']),
  // 农村村民宅基地审批 (乡镇级)
  '010040030000': formOf([
    ...PERSON,
    ['householdAddress', { example: '杭州市西湖区三墩镇绕城村' }],
    ['householdSize', { label: '家庭人口（人）' }],
    ['projectAddress', { label: '拟建房位置', example: '杭州市西湖区三墩镇绕城村 5 组' }],
    ['area', { label: '拟申请宅基地面积（平方米）', max: 200, example: '120' }],
    ['matter', { label: '建房类型及理由', example: '分户新建：原住房人均面积不足，申请新建住房' }],
  ]),
  // 劳务派遣 / 社保卡 / 城乡居民养老保险
  '010080010000': formOf([...ORG, 'residence', 'registeredCapital', 'premises']),
  '200080020000': formOf([...PERSON, 'cardPurpose', 'bankName', ['residenceAddress', { label: '通讯地址' }]]),
  '200080030000': formOf([...PERSON, 'householdAddress', 'contributionGrade', 'bankName']),
  // 民办非企业单位登记 / 结婚登记 / 收养登记 / 低保 / 养老机构备案
  '010090010000': formOf([
    ...NEW_ORG,
    'residence',
    ['registeredCapital', { label: '开办资金', example: '10万元人民币' }],
    ['businessScope', { label: '业务范围', example: '为社区老年人提供日间照料服务' }],
    'supervisingUnit',
  ]),
  '070090020000': formOf([...PERSON, 'groomName', 'brideName', 'spouseIdNumber']),
  '070090030000': formOf([...PERSON, 'adopteeName', 'adopteeBirthDate', 'adoptionReason']),
  '050090040000': formOf([...PERSON, 'householdAddress', 'householdSize', 'monthlyIncome', 'hardship']),
  '100090050000': formOf([...ORG, ['premises', { label: '机构地址' }], 'bedsPlanned', 'serviceContent']),
  // 道路货运 / 出版物零售 / 娱乐场所 / 旅行社 / 危险化学品 / 民办学校
  '010100010000': formOf([...ORG, 'residence', 'transportScope', 'vehicles']),
  '010110010000': formOf([...ORG, 'premises', ['businessScope', { example: '出版物零售' }], 'area']),
  '010110020000': formOf([
    ...ORG,
    ['premises', { label: '经营地址' }],
    ['businessScope', { example: '歌舞娱乐场所' }],
    ['area', { label: '使用面积（平方米）' }],
    'rooms',
    ['placeName', { example: '清河坊KTV' }],
    ['placeUse', { example: '歌舞娱乐场所' }],
    'commitment',
  ]),
  '010110030000': formOf([...ORG, 'premises', 'investors']),
  '010120010000': formOf([...ORG, 'residence', 'chemMode', 'chemScope']),
  '010140010000': formOf([
    ...NEW_ORG,
    'sponsor',
    'principal',
    ['premises', { label: '地址' }],
    'schoolType',
    'schoolContent',
  ]),
  // 开办餐饮店"一件事"（营业执照 + 食品经营许可 + 消防安全检查）/ 开办企业"一件事"
  '200150010000': formOf([
    ['entityName', { label: '拟设立名称', prefill: undefined }],
    'legalRepresentative',
    'phone',
    'enterpriseType',
    'residence',
    'registeredCapital',
    ['businessScope', { example: '餐饮服务；食品销售' }],
    'premises',
    'businessForm',
    'businessItems',
    'area',
    'foodSafetyManager',
    ['placeName', { label: '场所名称（招牌）' }],
    'placeUse',
    'commitment',
  ]),
  '200150020000': formOf([
    ...NEW_ORG,
    'enterpriseType',
    'residence',
    'registeredCapital',
    ['businessScope', { example: '软件开发；信息技术咨询服务' }],
  ]),
};

/** A licence field printed from the form: its key; a trailing `?` marks it optional (printed empty when not given). */
type FormSourced = `${FormKey}` | `${FormKey}?`;

/**
 * Per licence type, the labels printed from the application's form (the rest come from the holder, the decision,
 * the catalog or are computed — demo-catalog.data.ts FIELD_SOURCES — or are fixed values given here).
 */
export const LICENCE_FORM_FIELDS: Readonly<
  Record<
    string,
    Readonly<
      Record<string, FormSourced | { value: string } | { computed: 'registrationCode'; prefix: string }>
    >
  >
> = {
  BL: {
    统一社会信用代码: { computed: 'registrationCode', prefix: '91' },
    名称: 'entityName?',
    类型: 'enterpriseType',
    '法定代表人（负责人、经营者）': 'legalRepresentative',
    经营范围: 'businessScope',
    注册资本: 'registeredCapital',
    '住所（经营场所）': 'residence',
  },
  JY: {
    经营者名称: 'entityName',
    统一社会信用代码: 'uscc?',
    '法定代表人（负责人）': 'legalRepresentative',
    住所: 'residence',
    经营场所: 'premises',
    主体业态: 'businessForm',
    经营项目: 'businessItems',
  },
  PHS: {
    单位名称: 'entityName',
    '法定代表人（负责人）': 'legalRepresentative',
    经营地址: 'premises',
    许可项目: 'hygieneItems',
  },
  DRUG: {
    企业名称: 'entityName',
    统一社会信用代码: 'uscc',
    法定代表人: 'legalRepresentative',
    主要负责人: 'principal',
    质量负责人: 'qualityManager',
    注册地址: 'residence',
    仓库地址: 'warehouseAddress?',
    经营范围: 'drugScope',
    经营方式: 'drugMode',
  },
  MIL: {
    机构名称: 'entityName',
    地址: 'premises',
    法定代表人: 'legalRepresentative',
    主要负责人: 'principal',
    所有制形式: 'ownership',
    诊疗科目: 'clinicalDepartments',
    床位: 'beds',
  },
  FIRE: { 场所名称: 'placeName', 场所地址: 'premises', 使用面积: 'area', 场所用途: 'placeUse' },
  FAC: {
    建设单位: 'entityName',
    工程名称: 'projectName',
    工程地址: 'projectAddress',
    建筑面积: 'floorArea',
    验收结论: { value: '消防验收合格' },
  },
  LUP: {
    用地单位: 'entityName',
    用地项目名称: 'projectName',
    用地位置: 'projectAddress',
    用地性质: 'landUse',
    用地面积: 'landArea',
    建设规模: 'buildingScale',
  },
  CPP: {
    建设单位: 'entityName',
    建设项目名称: 'projectName',
    建设位置: 'projectAddress',
    建设规模: 'buildingScale',
  },
  CON: {
    建设单位: 'entityName',
    工程名称: 'projectName',
    建设地址: 'projectAddress',
    建设规模: 'buildingScale',
    合同价格: 'contractPrice',
    勘察单位: 'surveyUnit',
    设计单位: 'designUnit',
    施工单位: 'constructionUnit',
    监理单位: 'supervisionUnit',
    合同工期: 'contractPeriod',
  },
  PUB: {
    单位名称: 'entityName',
    统一社会信用代码: 'uscc',
    '法定代表人（负责人）': 'legalRepresentative',
    经营场所: 'premises',
    经营范围: 'businessScope',
  },
  ENT: {
    单位名称: 'entityName',
    法定代表人: 'legalRepresentative',
    经营地址: 'premises',
    经营范围: 'businessScope',
    使用面积: 'area',
    '包厢（间）数量': 'rooms',
  },
  PW: {
    单位名称: 'entityName',
    统一社会信用代码: 'uscc',
    生产经营场所地址: 'premises',
    行业类别: 'industry',
    管理类别: 'pollutionClass',
    主要污染物种类: 'pollutants',
    排放方式: 'dischargeMode',
  },
  RT: { 业户名称: 'entityName', 统一社会信用代码: 'uscc', 地址: 'residence', 经营范围: 'transportScope' },
  LD: {
    单位名称: 'entityName',
    住所: 'residence',
    法定代表人: 'legalRepresentative',
    注册资本: 'registeredCapital',
    许可经营事项: { value: '劳务派遣' },
  },
  MFQ: {
    名称: 'entityName',
    统一社会信用代码: { computed: 'registrationCode', prefix: '52' },
    住所: 'residence',
    法定代表人: 'legalRepresentative',
    开办资金: 'registeredCapital',
    业务范围: 'businessScope',
    业务主管单位: 'supervisingUnit',
  },
  EDU: {
    学校名称: 'entityName',
    地址: 'premises',
    举办者: 'sponsor',
    校长: 'principal',
    办学类型: 'schoolType',
    办学内容: 'schoolContent',
  },
  TA: {
    旅行社名称: 'entityName',
    经营场所: 'premises',
    法定代表人: 'legalRepresentative',
    出资人: 'investors',
    经营范围: { value: '境内旅游业务、入境旅游业务' },
  },
  HC: {
    企业名称: 'entityName',
    注册地址: 'residence',
    法定代表人: 'legalRepresentative',
    经营方式: 'chemMode',
    许可范围: 'chemScope',
  },
  SE: {
    使用单位: 'entityName',
    设备种类: 'equipmentKind',
    设备类别: 'equipmentCategory',
    设备品种: 'equipmentVariety',
    产品名称: 'productName',
    设备代码: 'equipmentCode',
    单位内编号: 'internalNo?',
  },
  JZZ: {
    性别: 'gender',
    居住地址: 'residenceAddress',
    签注记录: { value: '首次签发，有效期一年，逐年签注' },
  },
  SSC: { 发卡地: { value: '浙江省杭州市' } },
  MC: { 男方姓名: 'groomName', 女方姓名: 'brideName' },
  ADOPT: { 被收养人: 'adopteeName' },
  REC: {
    共有情况: 'coOwnership',
    坐落: 'propertyAddress',
    不动产单元号: 'unitNumber',
    权利类型: { value: '国有建设用地使用权/房屋所有权' },
    权利性质: 'rightNature',
    用途: 'propertyUse',
    面积: 'propertyArea',
    使用期限: 'landTerm',
  },
};

/** A form for items without their own: the applicant's identity and what is applied for. */
export function defaultForm(audiences: readonly string[]): { fields: Field[] } {
  const business = !audiences.includes('1');
  return formOf([...(business ? ORG : PERSON), 'matter']);
}
