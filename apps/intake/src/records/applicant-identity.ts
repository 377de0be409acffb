import { isValidResidentIdNumber, isValidUscc, type CurrentUser } from '@hall/auth';
import type { PartyIdentity, SubmitApplicationBody } from '@hall/contracts';
import { IntakeErrorCode, unprocessable } from '../intake.errors.js';

function checkNumber(kind: 'person' | 'business', idNumber: string, field: string): void {
  if (kind === 'person' && !isValidResidentIdNumber(idNumber)) {
    throw unprocessable(
      IntakeErrorCode.InvalidIdNumber,
      field,
      'not a valid 居民身份证号码 (GB 11643 check digit)',
    );
  }
  if (kind === 'business' && !isValidUscc(idNumber)) {
    throw unprocessable(
      IntakeErrorCode.InvalidUscc,
      field,
      'not a valid 统一社会信用代码 (GB 32100 check digit)',
    );
  }
}

/** The applicant as the token says: a business (USCC claim) or a person (ID number claim), check digit verified. */
export function applicantFromToken(
  user: CurrentUser,
  contact: SubmitApplicationBody['contact'],
): PartyIdentity {
  const phone = contact?.phone ?? user.phone;
  if (user.uscc) {
    checkNumber('business', user.uscc, 'token.uscc');
    return {
      kind: 'business',
      userId: user.id,
      name: user.name,
      idType: 'USCC',
      idNumber: user.uscc,
      ...(phone ? { phone } : {}),
    };
  }
  if (user.idNumber) {
    const id = user.idNumber.toUpperCase();
    checkNumber('person', id, 'token.id_number');
    return {
      kind: 'person',
      userId: user.id,
      name: user.name,
      idType: 'ID_CARD',
      idNumber: id,
      ...(phone ? { phone } : {}),
    };
  }
  throw unprocessable(
    IntakeErrorCode.IdentityMissing,
    'token',
    'the account carries neither an ID number nor a USCC (real-name verification needed)',
  );
}

/** 代办: the walk-in applicant given by the clerk, check digit verified. */
export function applicantFromBody(input: NonNullable<SubmitApplicationBody['applicant']>): PartyIdentity {
  checkNumber(input.kind, input.idNumber, 'applicant.idNumber');
  return {
    kind: input.kind,
    name: input.name,
    idType: input.kind === 'person' ? 'ID_CARD' : 'USCC',
    idNumber: input.idNumber,
    ...(input.phone ? { phone: input.phone } : {}),
  };
}
