/** Supervisor lists on phones, the dashboard's 督办 split, the risk ranking's explanation and the 申报 form's details. */
export const listsZhCN = {
  'lists.openAlertsSplit': '其中红牌督办 {red} 件、异常督办 {anomaly} 件',
  'lists.openAlertsSplitMatters':
    '其中办件红牌督办 {red} 件、政务公开与咨询投诉红牌督办 {matters} 件、异常督办 {anomaly} 件',
  'lists.riskAllZero':
    '按已办结环节的历史用时和各部门排队情况预测，当前所有在办办件都能在承诺时限内办结，因此超期概率均为 0%；展开一行可查看依据。',
  'lists.fileTooLarge': '文件「{name}」有 {size} MB，超过 {max} MB 的上限，请压缩或拆分后再上传',
  'lists.fileBadType': '文件「{name}」不是 PDF、JPG 或 PNG 格式，请转换后再上传',
  'lists.fileEmpty': '文件「{name}」是空文件，请重新选择',
  'lists.filePick': '点击或将文件拖到此处上传',
  'lists.fileLimits': 'PDF、JPG 或 PNG，不超过 {max} MB',
  'lists.missingTitle': '还不能提交，请先完成：',
  'lists.missingRecipient': '填写收件人',
  'lists.missingPhone': '填写正确的联系电话',
  'lists.missingAddress': '填写邮寄地址',
  'lists.addressFromProfile': '已按您的账户资料预填，可修改',
  'lists.searchPlaceholder': '证照名称、证照标识或办件编号',
} as const;
