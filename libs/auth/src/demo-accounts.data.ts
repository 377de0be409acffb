/**
 * DEMO ACCOUNTS: for the embedded dev identity provider, local development and tests only.
 * The passwords are public (all `demo`). They are mirrored in deploy/keycloak/realm-hall.json (users with the
 * attribute `demo: true`) so that a fresh Keycloak looks the same; delete those users in any real deployment.
 * Identity numbers are syntactically valid (correct check digits) but made up.
 */
import { type Department, DepartmentRole, Region } from './identity/org-units.js';
import { Role } from './roles.js';

export interface DemoAccount {
  /** Stable subject (`sub`), also the user id in the Keycloak realm export. */
  readonly id: string;
  readonly username: string;
  /** Demo-only password. */
  readonly password: string;
  /** Display name (`name` claim). */
  readonly name: string;
  readonly email: string;
  readonly roles: readonly Role[];
  readonly kind: 'person' | 'business' | 'staff';
  readonly department?: Department;
  readonly departmentRole?: DepartmentRole;
  readonly region: Region;
  /** 居民身份证号码 (persons). */
  readonly idNumber?: string;
  /** 统一社会信用代码 (businesses). */
  readonly uscc?: string;
  readonly phone?: string;
  /** What the account is for, in Chinese (shown on the dev login page). */
  readonly description: string;
}

export const DEMO_PASSWORD = 'demo';

export const demoAccounts: readonly DemoAccount[] = Object.freeze([
  {
    id: 'e4518845-247b-4299-b285-ab6179239c04',
    username: 'zhangsan',
    password: DEMO_PASSWORD,
    name: '张三',
    email: 'zhangsan@hall.example',
    roles: [Role.Applicant],
    kind: 'person',
    region: Region.Shangcheng,
    idNumber: '330102199003071230',
    phone: '13800000001',
    description: '个人申请人（上城区）',
  },
  {
    id: '0180ffc3-08f2-4c5c-a6f6-4c14277c2f5b',
    username: 'lisi',
    password: DEMO_PASSWORD,
    name: '李四',
    email: 'lisi@hall.example',
    roles: [Role.Applicant],
    kind: 'person',
    region: Region.Xihu,
    idNumber: '33010619851215457X',
    phone: '13800000002',
    description: '个人申请人（西湖区）',
  },
  {
    id: 'bd1edf6f-2999-488b-9d01-8272af72e2dd',
    username: 'xihu-tech',
    password: DEMO_PASSWORD,
    name: '杭州西湖示范科技有限公司',
    email: 'xihu-tech@hall.example',
    roles: [Role.Applicant],
    kind: 'business',
    region: Region.Xihu,
    uscc: '91330106MA27U8Q168',
    phone: '13800000003',
    description: '企业申请人（法人）',
  },
  {
    id: '41df075b-b77d-4470-b5ce-a903edbb2af2',
    username: 'clerk.shangcheng',
    password: DEMO_PASSWORD,
    name: '王芳',
    email: 'clerk.shangcheng@hall.example',
    roles: [Role.Clerk],
    kind: 'staff',
    department: 'service-center',
    departmentRole: DepartmentRole.Officer,
    region: Region.Shangcheng,
    description: '上城区政务服务中心综合窗口',
  },
  {
    id: 'fec7d932-9e86-4767-9ce9-889db38dce78',
    username: 'clerk.xihu',
    password: DEMO_PASSWORD,
    name: '刘洋',
    email: 'clerk.xihu@hall.example',
    roles: [Role.Clerk],
    kind: 'staff',
    department: 'service-center',
    departmentRole: DepartmentRole.Officer,
    region: Region.Xihu,
    description: '西湖区政务服务中心综合窗口',
  },
  {
    id: 'eb5c6a9a-6e61-4e85-afc1-774d5f44f110',
    username: 'clerk.sandun',
    password: DEMO_PASSWORD,
    name: '钱晓燕',
    email: 'clerk.sandun@hall.example',
    roles: [Role.Clerk],
    kind: 'staff',
    department: 'service-center',
    departmentRole: DepartmentRole.Officer,
    region: Region.XihuSandun,
    description: '三墩镇便民服务中心综合窗口（受理乡镇级事项）',
  },
  {
    id: '9d0f1c52-4c1e-4f0a-9a57-3b1f0e6c2d41',
    username: 'clerk.village',
    password: DEMO_PASSWORD,
    name: '沈小梅',
    email: 'clerk.village@hall.example',
    roles: [Role.Clerk],
    kind: 'staff',
    department: 'service-center',
    departmentRole: DepartmentRole.Officer,
    region: Region.XihuRaocheng,
    description: '三墩镇绕城村便民服务站代办员（收件、代办，交区政务服务中心受理）',
  },
  {
    id: '5fb651bd-cff7-4011-b685-9d706f1af348',
    username: 'approver.market',
    password: DEMO_PASSWORD,
    name: '陈明',
    email: 'approver.market@hall.example',
    roles: [Role.Approver],
    kind: 'staff',
    department: 'market-regulation',
    departmentRole: DepartmentRole.Officer,
    region: Region.Hangzhou,
    description: '市场监督管理局审批人员',
  },
  {
    id: '2bb5144e-92f0-4eba-b30e-36bfc63b2083',
    username: 'head.market',
    password: DEMO_PASSWORD,
    name: '周建国',
    email: 'head.market@hall.example',
    roles: [Role.Approver],
    kind: 'staff',
    department: 'market-regulation',
    departmentRole: DepartmentRole.Head,
    region: Region.Hangzhou,
    description: '市场监督管理局负责人（牵头部门决定）',
  },
  {
    id: '551d9f91-f8ca-44e2-9f43-0498a3658a90',
    username: 'approver.health',
    password: DEMO_PASSWORD,
    name: '孙丽',
    email: 'approver.health@hall.example',
    roles: [Role.Approver],
    kind: 'staff',
    department: 'health-commission',
    departmentRole: DepartmentRole.Officer,
    region: Region.Hangzhou,
    description: '卫生健康委员会审批人员',
  },
  {
    id: 'e1bd10e8-c0f8-4bfd-a5f8-a946973843b1',
    username: 'approver.fire',
    password: DEMO_PASSWORD,
    name: '吴强',
    email: 'approver.fire@hall.example',
    roles: [Role.Approver],
    kind: 'staff',
    department: 'fire-rescue',
    departmentRole: DepartmentRole.Officer,
    region: Region.Hangzhou,
    description: '消防救援支队审批人员',
  },
  {
    id: '7c1e52d4-3b8f-4f0e-9a41-5d2e6c8b9f13',
    username: 'approver.urban',
    password: DEMO_PASSWORD,
    name: '冯涛',
    email: 'approver.urban@hall.example',
    roles: [Role.Approver],
    kind: 'staff',
    department: 'urban-management',
    departmentRole: DepartmentRole.Officer,
    region: Region.Hangzhou,
    description: '城市管理局审批人员（户外招牌设置）',
  },
  {
    id: 'a0d77a90-75f2-4aef-bf46-329a68ed5452',
    username: 'supervisor',
    password: DEMO_PASSWORD,
    name: '郑敏',
    email: 'supervisor@hall.example',
    roles: [Role.Supervisor],
    kind: 'staff',
    department: 'service-center',
    departmentRole: DepartmentRole.Officer,
    region: Region.Hangzhou,
    description: '电子监察人员',
  },
  {
    id: 'a21d54d1-c415-493a-936d-e789567549a7',
    username: 'catalog.admin',
    password: DEMO_PASSWORD,
    name: '冯涛',
    email: 'catalog.admin@hall.example',
    roles: [Role.CatalogAdmin],
    kind: 'staff',
    department: 'service-center',
    departmentRole: DepartmentRole.Officer,
    region: Region.Hangzhou,
    description: '事项目录管理员',
  },
  {
    id: '1c51d771-d2c4-466d-a459-5b1e1a786d72',
    username: 'admin',
    password: DEMO_PASSWORD,
    name: '系统管理员',
    email: 'admin@hall.example',
    roles: [Role.Admin],
    kind: 'staff',
    department: 'data-bureau',
    departmentRole: DepartmentRole.Officer,
    region: Region.Hangzhou,
    description: '系统管理员（不隐含其他角色）',
  },
  {
    id: '9d4c2b7e-5a61-4f38-8e0d-3b7a1c6f2e95',
    username: 'gov.head',
    password: DEMO_PASSWORD,
    name: '林国华',
    email: 'gov.head@hall.example',
    roles: [Role.GovernmentHead],
    kind: 'staff',
    department: 'people-government',
    departmentRole: DepartmentRole.Head,
    region: Region.Hangzhou,
    description: '杭州市人民政府负责人（批准联合办理延长十五个工作日）',
  },
] satisfies DemoAccount[]);
