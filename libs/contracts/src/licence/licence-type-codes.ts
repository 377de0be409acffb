/**
 * 证照类型代码 (e-licence type codes) and the short keys this hall used before them.
 *
 * A type code on the national e-licence catalogue (全国一体化政务服务平台 电子证照目录) is 21 characters: the
 * 18-character 统一社会信用代码 (GB 32100) of the 证照定义机构, the body that defines the licence type, then a
 * 3-digit sequence that body gives its types. Example: 营业执照 `11100000MB0143028R001` is defined by 国家市场监督管理总局
 * (`11100000MB0143028R`). The code is the type segment of the licence identifier (GB/T 36904-2018, see
 * apps/licence/src/identifier/licence-identifier.ts).
 *
 * Only two national codes were found with a public source (see `source` and docs/licence-type-codes.md). Every
 * other type has a local code in the same format. Its definer is the hall's provincial catalogue registration
 * (`LOCAL_LICENCE_TYPE_DEFINER`, a demo value). These are marked `status: 'local'`, "pending national code". Replace a
 * local code once the national catalogue entry is known. The short key stays an alias.
 *
 * The short keys (`BL`, `JY`, `FIRE` …) are accepted on import and mapped here, so older exports keep importing.
 * They are never stored or shown.
 */

/** The 证照定义机构 for local codes: the hall's provincial e-licence catalogue (demo value, valid GB 32100 check character). */
export const LOCAL_LICENCE_TYPE_DEFINER = {
  name: '本厅省级电子证照目录（演示）',
  uscc: '11330000HALL00001L',
} as const;

/** 18-character USCC of the definer + 3-digit sequence. */
export const LICENCE_TYPE_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$/;

export interface LicenceTypeCodeEntry {
  /** The short key this hall used before (accepted on import, mapped to `code`). */
  readonly alias: string;
  /** 证照类型名称. */
  readonly name: string;
  /** 证照类型代码 (21 characters). */
  readonly code: string;
  /** `national`: a code of the national catalogue found with a source; `local`: assigned here, pending the national code. */
  readonly status: 'national' | 'local';
  /** 证照定义机构 whose USCC starts the code. */
  readonly definer: { readonly name: string; readonly uscc: string };
  /** Where the code comes from. */
  readonly source: string;
  /** For a local code: the national body expected to define the type; anything else worth knowing. */
  readonly note: string;
}

const SAMR = { name: '国家市场监督管理总局', uscc: '11100000MB0143028R' } as const;
const MPS = { name: '中华人民共和国公安部', uscc: '11100000000013127D' } as const;

const NATIONAL_SOURCE =
  'Seen in public integration code against the national e-licence sharing interface (queryCertInfoByHolderCode / certTypeCode); the definer USCC has a valid GB 32100 check character. Check against the national catalogue before production use.';
const LOCAL_SOURCE =
  'Local code in the GB/T 36904 type-code format; no national code found with a public source.';

function local(alias: string, name: string, sequence: number, expectedDefiner: string): LicenceTypeCodeEntry {
  return {
    alias,
    name,
    code: `${LOCAL_LICENCE_TYPE_DEFINER.uscc}${String(sequence).padStart(3, '0')}`,
    status: 'local',
    definer: LOCAL_LICENCE_TYPE_DEFINER,
    source: LOCAL_SOURCE,
    note: `Expected national definer: ${expectedDefiner}`,
  };
}

/** The mapping table (docs/licence-type-codes.md lists the same rows; a test keeps them equal). */
export const LICENCE_TYPE_CODES: readonly LicenceTypeCodeEntry[] = [
  {
    alias: 'BL',
    name: '营业执照',
    code: '11100000MB0143028R001',
    status: 'national',
    definer: SAMR,
    source: NATIONAL_SOURCE,
    note: 'Electronic business licence (电子营业执照) queried by USCC',
  },
  {
    alias: 'ID',
    name: '居民身份证',
    code: '11100000000013127D001',
    status: 'national',
    definer: MPS,
    source: NATIONAL_SOURCE,
    note: 'Electronic ID card queried by holder type 111 (公民身份号码)',
  },
  local('JY', '食品经营许可证', 1, '国家市场监督管理总局'),
  local('PHS', '公共场所卫生许可证', 2, '国家卫生健康委员会'),
  local('DRUG', '药品经营许可证', 3, '国家药品监督管理局'),
  local('MIL', '医疗机构执业许可证', 4, '国家卫生健康委员会'),
  local('FIRE', '公众聚集场所投入使用、营业前消防安全检查合格证', 5, '国家消防救援局'),
  local('FAC', '建设工程消防验收意见书', 6, '住房和城乡建设部'),
  local('LUP', '建设用地规划许可证', 7, '自然资源部'),
  local('CPP', '建设工程规划许可证', 8, '自然资源部'),
  local('CON', '建筑工程施工许可证', 9, '住房和城乡建设部'),
  local('PUB', '出版物经营许可证', 10, '国家新闻出版署'),
  local('ENT', '娱乐经营许可证', 11, '文化和旅游部'),
  local('PW', '排污许可证', 12, '生态环境部'),
  local('RT', '道路运输经营许可证', 13, '交通运输部'),
  local('LD', '劳务派遣经营许可证', 14, '人力资源和社会保障部'),
  local('MFQ', '民办非企业单位（法人）登记证书', 15, '民政部'),
  local('EDU', '民办学校办学许可证', 16, '教育部'),
  local('TA', '旅行社业务经营许可证', 17, '文化和旅游部'),
  local('HC', '危险化学品经营许可证', 18, '应急管理部'),
  local('SE', '特种设备使用登记证', 19, '国家市场监督管理总局'),
  local('JZZ', '浙江省居住证', 20, '浙江省公安厅 (a provincial licence type)'),
  local('SSC', '社会保障卡', 21, '人力资源和社会保障部'),
  local('MC', '结婚证', 22, '民政部'),
  local('ADOPT', '收养登记证', 23, '民政部'),
  local('REC', '不动产权证书', 24, '自然资源部'),
  local('HKB', '居民户口簿', 25, '中华人民共和国公安部'),
];

export type LicenceTypeAlias =
  | 'BL'
  | 'ID'
  | 'JY'
  | 'PHS'
  | 'DRUG'
  | 'MIL'
  | 'FIRE'
  | 'FAC'
  | 'LUP'
  | 'CPP'
  | 'CON'
  | 'PUB'
  | 'ENT'
  | 'PW'
  | 'RT'
  | 'LD'
  | 'MFQ'
  | 'EDU'
  | 'TA'
  | 'HC'
  | 'SE'
  | 'JZZ'
  | 'SSC'
  | 'MC'
  | 'ADOPT'
  | 'REC'
  | 'HKB';

const BY_ALIAS = new Map(LICENCE_TYPE_CODES.map((e) => [e.alias, e]));
const BY_CODE = new Map(LICENCE_TYPE_CODES.map((e) => [e.code, e]));

/** Type code by short key, e.g. `LT.BL` = 营业执照's code. */
export const LT: Readonly<Record<LicenceTypeAlias, string>> = Object.fromEntries(
  LICENCE_TYPE_CODES.map((e) => [e.alias, e.code]),
) as Record<LicenceTypeAlias, string>;

/** The type code for `code`: a legacy short key becomes its mapped code; anything else is returned unchanged. */
export function canonicalLicenceTypeCode(code: string): string {
  return BY_ALIAS.get(code)?.code ?? code;
}

/** True for a code in the national format (definer USCC + 3-digit sequence). */
export function isLicenceTypeCodeFormat(code: string): boolean {
  return LICENCE_TYPE_CODE_PATTERN.test(code);
}

/** The mapping row of a type code (or of its legacy short key). */
export function licenceTypeCodeEntry(code: string): LicenceTypeCodeEntry | undefined {
  return BY_CODE.get(code) ?? BY_ALIAS.get(code);
}
