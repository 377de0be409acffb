/** How the supervision screens show a department, a warning level and a case number (a link to its timeline). */
import { Link } from 'react-router';
import { DEPARTMENTS, nameOf } from '../../api/catalog-codes.js';
import { useI18n } from '../../i18n/i18n.js';

export const LEVEL_TAG = { green: 'green', yellow: 'gold', red: 'red' } as const;
export const caseLink = (no: string) => <Link to={`/supervision/cases/${encodeURIComponent(no)}`}>{no}</Link>;

export function useDept(): (code: string) => string {
  const { locale } = useI18n();
  return (code) => nameOf(DEPARTMENTS, code, locale);
}

// ---------------------------------------------------------------------------------------------------------
