import type { ServicePoint } from './service-network.js';

/**
 * The embedded hall's demo service network (first start, `seedDemoData`): the two district halls (综合窗口, they accept
 * every item of their district), township 便民服务中心 and a village 便民服务站 that takes items in (收件, 代办) for the
 * district hall. 三墩镇便民服务中心 is the comprehensive window of its township: it accepts every implementation of
 * 三墩镇 (乡镇级, e.g. 农村村民宅基地审批). Clerks are listed by their subject (`sub`): 刘洋 (clerk.xihu), 王芳
 * (clerk.shangcheng), 钱晓燕 (clerk.sandun), 沈小梅 (clerk.village) of the demo realm. Addresses and telephone numbers
 * are illustrative.
 */
const HOURS = '周一至周五 9:00-12:00，13:30-17:00（法定节假日除外）';
const VILLAGE_HOURS = '周一至周五 8:30-11:30，14:00-17:00；农忙时节周六上午代办';
/** 食品经营许可（新办） and 居住证 (base item codes of the demo catalog). */
const FOOD_OPERATION_NEW = '010010010001';
const RESIDENCE_PERMIT = '200060020000';

export const DEMO_SERVICE_POINTS: readonly ServicePoint[] = [
  {
    id: 'sp-330106',
    name: '西湖区政务服务中心',
    kind: 'center',
    regionCode: '330106',
    address: '杭州市西湖区文三路',
    openingHours: HOURS,
    phone: '0571-12345',
    acceptsAllOfRegion: true,
    items: [],
    clerkIds: ['fec7d932-9e86-4767-9ce9-889db38dce78'],
  },
  {
    id: 'sp-330102',
    name: '上城区政务服务中心',
    kind: 'center',
    regionCode: '330102',
    address: '杭州市上城区',
    openingHours: HOURS,
    phone: '0571-12345',
    acceptsAllOfRegion: true,
    items: [],
    clerkIds: ['41df075b-b77d-4470-b5ce-a903edbb2af2'],
  },
  {
    id: 'sp-330106109000',
    name: '三墩镇便民服务中心',
    kind: 'center',
    regionCode: '330106109000',
    address: '杭州市西湖区三墩镇',
    openingHours: HOURS,
    phone: null,
    acceptsAllOfRegion: true,
    items: [
      { baseCode: FOOD_OPERATION_NEW, mode: 'receive' },
      { baseCode: RESIDENCE_PERMIT, mode: 'accept' },
    ],
    clerkIds: ['eb5c6a9a-6e61-4e85-afc1-774d5f44f110'],
  },
  {
    id: 'sp-330106109201',
    name: '绕城村便民服务站（代办点）',
    kind: 'station',
    regionCode: '330106109201',
    address: '杭州市西湖区三墩镇绕城村村委会一楼',
    openingHours: VILLAGE_HOURS,
    phone: null,
    acceptsAllOfRegion: false,
    items: [{ baseCode: FOOD_OPERATION_NEW, mode: 'receive' }],
    clerkIds: ['9d0f1c52-4c1e-4f0a-9a57-3b1f0e6c2d41'],
  },
  {
    id: 'sp-330106008000',
    name: '转塘街道便民服务中心',
    kind: 'center',
    regionCode: '330106008000',
    address: '杭州市西湖区转塘街道',
    openingHours: HOURS,
    phone: null,
    acceptsAllOfRegion: false,
    items: [{ baseCode: FOOD_OPERATION_NEW, mode: 'receive' }],
    clerkIds: [],
  },
];
