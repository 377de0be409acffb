/** How the supervision screens show a department, a warning level and a case number (a link to its timeline). */
import { Link } from 'react-router';
import { DEPARTMENTS, nameOf } from '../../api/catalog-codes.js';
import { useI18n } from '../../i18n/i18n.js';

export const LEVEL_TAG = { green: 'green', yellow: 'gold', red: 'red' } as const;
export const caseLink = (no: string) => <Link to={`/supervision/cases/${encodeURIComponent(no)}`}>{no}</Link>;
/** A 依申请公开 request's or an enquiry's number, a link to its timeline. */
export const matterLink = (no: string) => (
  <Link to={`/supervision/matters/view?no=${encodeURIComponent(no)}`}>{no}</Link>
);
/** Card rules of requests, enquiries and 主动公开 items (C07–C12): their record links to the matter's timeline. */
const MATTER_RULES: ReadonlySet<string> = new Set(['C07', 'C08', 'C09', 'C10', 'C11', 'C12']);
export const alertSubjectLink = (a: { caseNo: string; ruleNo: string }) =>
  MATTER_RULES.has(a.ruleNo) ? matterLink(a.caseNo) : caseLink(a.caseNo);

export function useDept(): (code: string) => string {
  const { locale } = useI18n();
  return (code) => nameOf(DEPARTMENTS, code, locale);
}

// ---------------------------------------------------------------------------------------------------------
