/** The service network in supervision: 代办 handover time per case and per point (issue 26). */
export const networkDepthZhCN = {
  'nd.handover': '代办转交',
  'nd.handoverFromTo': '{from} → {to}',
  'nd.wait': '收件至转交：{days} 个工作日（{hours} 工作小时）',
  'nd.accept': '转交至受理：{days} 个工作日（{hours} 工作小时）',
  'nd.notAccepted': '受理窗口尚未受理',
  'nd.byPoint': '代办点转交用时',
  'nd.point': '代办点',
  'nd.handedOver': '转交件数',
  'nd.avgHours': '平均用时（工作小时）',
  'nd.maxHours': '最长用时（工作小时）',
  'nd.noHandover': '暂无代办转交的办件',
} as const;
