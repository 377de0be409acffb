import type { LevelCode } from '@hall/contracts';

/**
 * 实施编码: the implementing body's 统一社会信用代码, the level (行使层级) and the base code, concatenated
 * (`<uscc><level><baseCode>`), so the same item of the same body at the same level always gets one code.
 */
export function implementationCode(uscc: string, level: LevelCode, baseCode: string): string {
  return `${uscc}${level}${baseCode}`;
}
