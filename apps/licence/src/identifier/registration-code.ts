import { organizationCodeCheckDigit, usccCheckDigit } from '@hall/auth';

/**
 * 统一社会信用代码 assigned at registration (赋码, GB 32100-2015): prefix (登记管理部门码 + 机构类别码, e.g. 91 企业,
 * 92 个体工商户, 52 民办非企业单位), the 6-digit region code of the registration authority, a 9-character 主体标识码
 * (GB 11714 body + its check character) and the MOD 31 check character. In a real registry the 主体标识码 comes
 * from the national code centre; here it is derived from the licence serial (unique per issuer and type), so the
 * same licence keeps its code across versions (变更, 延续).
 */
export function registrationCode(prefix: string, regionCode: string, serial: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}$/.test(prefix))
    throw new RangeError(`registration code prefix must be two USCC characters: ${prefix}`);
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits: ${regionCode}`);
  const digits = serial.replace(/\D/g, '').slice(-7).padStart(7, '0');
  const body = `M${digits}`;
  const first17 = `${prefix}${regionCode}${body}${organizationCodeCheckDigit(body)}`;
  return `${first17}${usccCheckDigit(first17)}`;
}
