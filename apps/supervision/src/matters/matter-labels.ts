import type { MatterSubKind } from '@hall/contracts';

/** zh-CN labels of the steps of 依申请公开 requests, 主动公开 items and enquiries on a supervision timeline. */
export const MATTER_EVENT_LABELS: Readonly<Record<string, string>> = {
  'disclosure.request.received': '收到政府信息公开申请（开始计时）',
  'disclosure.request.correction-requested': '一次性告知补正（停止计时）',
  'disclosure.request.corrected': '申请人已补正（自收到补正之日重新计时）',
  'disclosure.request.consultation-started': '征求第三方意见（暂停计时）',
  'disclosure.request.consultation-ended': '第三方意见征求结束（恢复计时）',
  'disclosure.request.extended': '延期答复（经负责人同意）',
  'disclosure.request.fee-notified': '发出收费通知（暂停计时，待缴纳信息处理费）',
  'disclosure.request.fee-paid': '申请人已缴纳信息处理费（恢复计时）',
  'disclosure.request.answered': '作出答复（停止计时）',
  'disclosure.request.withdrawn': '申请撤回或视为放弃',
  'disclosure.item.drafted': '政府信息形成（起草，自成文日期开始计时）',
  'disclosure.item.submitted': '提交保密审查',
  'disclosure.item.returned': '保密审查退回修改',
  'disclosure.item.published': '主动公开发布（停止计时）',
  'disclosure.item.withdrawn': '撤回已公开信息',
  'intake.enquiry.received': '收到咨询投诉（开始计时）',
  'intake.enquiry.routed': '分派/转办至承办部门',
  'intake.enquiry.answered': '承办部门答复（停止计时）',
  'intake.enquiry.rated': '诉求人评价',
  'intake.enquiry.reviewed': '政务服务中心复核（维持答复或退回重新答复）',
  'intake.enquiry.extended': '延期答复（经政务服务中心同意）',
};

/** What an alert calls the matter. */
export const MATTER_NOUNS: Readonly<Record<MatterSubKind, string>> = {
  request: '依申请公开申请',
  consultation: '咨询',
  complaint: '投诉',
  suggestion: '建议',
  help: '求助',
  item: '主动公开政府信息',
};

/** The title an alert quotes (where a case quotes its item name). */
export const MATTER_TITLES: Readonly<Record<MatterSubKind, string>> = {
  request: '政府信息公开申请答复',
  consultation: '在线咨询答复',
  complaint: '投诉处理答复',
  suggestion: '建议办理答复',
  help: '求助办理答复',
  item: '主动公开发布',
};
