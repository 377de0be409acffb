import { regionCovers, type CurrentUser } from '@hall/auth';
import { AppError } from '@hall/platform';
import { relationOf, type AccessSubject } from '../applications/application-access.js';

/** Who may download an application's materials, and as what. */
export type MaterialReader = 'owner' | 'clerk' | 'officer';

/** Whether a department has an approval task on an application (approval's events, kept by intake). */
export type TaskLookup = (applicationNo: string, departmentCode: string) => Promise<boolean>;

/**
 * The applicant (own files), a clerk of the application's region, or an approval officer of a department that
 * has a task on it (approval's events) whose region covers the application's. Anyone else: 404, as for a missing
 * application (the application is not revealed).
 */
export async function assertMaterialReader(
  hasTask: TaskLookup,
  user: CurrentUser,
  app: AccessSubject,
): Promise<MaterialReader> {
  const relation = relationOf(user, app);
  if (relation === 'owner' || relation === 'clerk') return relation;
  // The 代办 point's clerk scanned these files in himself.
  if (relation === 'agent') return 'clerk';
  if (
    user.roles.includes('approver') &&
    user.department &&
    user.region &&
    regionCovers(user.region, app.regionCode)
  ) {
    if (await hasTask(app.no, user.department)) return 'officer';
  }
  // Anyone else (a clerk of another region included) gets the 404 of a missing application (finding 14).
  throw AppError.notFound('application', app.no);
}
