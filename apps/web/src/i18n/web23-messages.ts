/** 高对比度 (适老化, beside 长辈版). */
export const web23ZhCN = {
  'contrast.switch': '高对比度',
  'contrast.label': '高对比度：黑白配色、深色边框、醒目的焦点框、链接加下划线',
} as const;
