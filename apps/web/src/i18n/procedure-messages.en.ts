/** English strings for procedure-messages.ts (loaded only when the user switches to English). */
import type { procZhCN } from './procedure-messages.js';

export const procEnUS: Readonly<Record<keyof typeof procZhCN, string>> = {
  'nav.group.government': 'Government',
  'nav.jointCases': 'Joint-case extensions',
  'proc.title': 'Special procedures',
  'proc.none': 'No special procedure',
  'proc.kind': 'Kind',
  'proc.kind.extension': 'Extension',
  'proc.kind.hearing': 'Hearing',
  'proc.kind.tendering': 'Tendering',
  'proc.kind.auction': 'Auction',
  'proc.kind.inspection': 'Inspection',
  'proc.kind.testing': 'Testing',
  'proc.kind.quarantine': 'Quarantine',
  'proc.kind.appraisal': 'Appraisal',
  'proc.kind.expert-review': 'Expert review',
  'proc.scope.case': 'Whole case paused',
  'proc.scope.task': 'Step of {department} paused',
  'proc.extensionDays': '+{n} working days',
  'proc.running': 'running',
  'proc.result': 'Result',
  'proc.reason': 'Reason',
  'proc.end': 'End procedure',
  'proc.pauseCase': 'Pause the whole case',
  'proc.pauseTask': 'Pause my step',
  'proc.pauseTaskOf': 'Pause the step of {department}',
  'proc.extend': 'Extend by {n} working days',
  'proc.extendJoint': 'Approve +{n} working days',
  'proc.confirm': 'OK',
  'proc.cancel': 'Cancel',
  'proc.hint.case':
    'Time for hearings, tests, appraisals or expert reviews does not count (AL art. 45): every clock of the case stops and the applicant is told in writing.',
  'proc.hint.task':
    "Only your department's step stops; the case deadlines run on. When it ends, the step's deadline moves by the paused working days.",
  'proc.hint.extend':
    'The applicant is told the new deadlines in writing. A joint case may be extended by 15 working days with the approval of the government head (AL art. 42 ¶2).',
  'proc.hint.end': 'Enter the result; the clock runs again and the paused working days do not count.',
  'proc.error.casePause':
    'Only the deciding department pauses the whole case; a co-department pauses its own step.',
  'proc.error.governmentHead': 'The extension of a joint case needs the approval of the government head.',
  'proc.error.departmentHead': "An extension needs the approval of the deciding department's head.",
  'proc.error.taskPaused': 'A special procedure of this step is still running; end it first.',
  'proc.error.procedureOpen': 'A case-wide special procedure is still running; end it first.',
  'proc.error.extensionLimit': 'This case was already extended.',
  'proc.error.notYours': 'You can only end special procedures of your department.',
  'proc.joint.title': 'Joint-case extensions',
  'proc.joint.hint':
    'Undecided joint cases of your region, nearest legal deadline first. Each may be extended once by 15 working days (AL art. 42 ¶2).',
  'proc.joint.empty': 'No joint case',
  'proc.joint.extended': 'Extended',
  'proc.joint.row': '{no} · {n} departments · promised {promised} · legal {legal} ({left} working days left)',
};
