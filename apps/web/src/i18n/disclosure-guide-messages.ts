/**
 * UI strings of the 政府信息公开指南 page (per agency), zh-CN; merged into messages.ts. English:
 * disclosure-guide-messages.en.ts (loaded only when the user switches to English).
 */
export const disclosureGuideZhCN = {
  'title.disclosureGuide': '政府信息公开指南',
  'disg.title': '{agency}政府信息公开指南',
  'disg.editedOn': '编制日期：{date}',
  'disg.catalogue': '查看{agency}政府信息公开目录',
  'disg.guideLink': '政府信息公开指南',
  'disg.guides': '政府信息公开指南',
  'disg.proactive': '一、主动公开',
  'disg.scheme': '分类与编排体系',
  'disg.schemeText':
    '主动公开的政府信息按“五公开”类别（决策、执行、管理、服务、结果公开）分类，每条信息编有唯一的索引号，格式为“{pattern}”，例如 {example}。',
  'disg.categoryCol': '公开类别',
  'disg.codeCol': '类别代码',
  'disg.scopeCol': '主要内容',
  'disg.columns': '重点领域专栏',
  'disg.topics': '主题分类',
  'disg.access': '获取方式',
  'disg.request': '二、依申请公开',
  'disg.office': '受理机构',
  'disg.officeName': '机构名称',
  'disg.address': '办公地址',
  'disg.postcode': '邮政编码',
  'disg.hours': '受理时间',
  'disg.phone': '咨询电话',
  'disg.email': '电子邮箱',
  'disg.channels': '申请方式',
  'disg.channel.online': '网上申请',
  'disg.channel.in-person': '当面申请',
  'disg.channel.post': '信函申请',
  'disg.contents': '申请内容',
  'disg.deadline': '答复期限',
  'disg.deadlineText':
    '能够当场答复的，当场答复；不能当场答复的，自收到申请之日起{answer}个工作日内答复。需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过{extension}个工作日。需要补正申请内容或征求第三方意见的，所需时间不计算在答复期限内。',
  'disg.fee': '收费',
  'disg.noFee': '不收取费用。',
  'disg.remedies': '三、救济方式',
  'disg.remediesText':
    '公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以自知道该行政行为之日起{days}日内向{body}申请行政复议，也可以自知道或者应当知道该行政行为之日起{months}个月内依法向人民法院提起行政诉讼。',
  'disg.complaint': '也可以向{body}投诉、举报。',
  'disg.back': '返回政务公开',
} as const;
