import type { ApplicantOrgType } from '@hall/contracts';

/**
 * The default kind of a 法人或其他组织 applicant when none was chosen (requests filed before the kind was asked for,
 * or a client that does not send it): read from the first character of its 统一社会信用代码 (登记管理部门码,
 * GB 32100-2015): 9 工商 → 商业企业, 5 民政 (社会团体、民办非企业单位、基金会) → 社会公益组织, 3 司法行政 (律师事务所、
 * 公证处 …) → 法律服务机构, anything else → 其他. The code cannot tell a 科研机构 (a 事业单位 registers like any other):
 * that kind is only ever chosen by the applicant or the officer.
 */
export function orgTypeOfUscc(uscc: string): ApplicantOrgType {
  switch (uscc.charAt(0)) {
    case '9':
      return 'commercial';
    case '5':
      return 'public-welfare';
    case '3':
      return 'legal-service';
    default:
      return 'other-organisation';
  }
}
