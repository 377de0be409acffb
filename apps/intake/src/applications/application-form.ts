import {
  applyPrefill,
  validateFormData,
  type ImplementationSnapshot,
  type PartyIdentity,
  type PrefillValues,
} from '@hall/contracts';
import { AppError } from '@hall/platform';
import { IntakeErrorCode } from '../intake.errors.js';

/** What the applicant's identity already says, per prefill kind (国务院令第716号 art. 7: not asked again). */
export function prefillValuesOf(applicant: PartyIdentity): PrefillValues {
  return {
    name: applicant.name,
    ...(applicant.kind === 'person'
      ? { idNumber: applicant.idNumber }
      : { uscc: applicant.idNumber, orgName: applicant.name }),
    ...(applicant.phone ? { phone: applicant.phone } : {}),
  };
}

/**
 * The form data of an application, checked against the form of the implementation version it is filed under.
 * Prefilled fields come from the identity: from the real-name token they override whatever was sent (an applicant
 * cannot type another person's ID number); for 代办 (`byClerk`) what the clerk entered stays and only empty
 * prefilled fields are taken from the walk-in applicant the clerk named. A version without form fields leaves the
 * data unchecked (snapshots published before forms existed). Throws 422 FORM_INVALID with every field error.
 */
export function checkFormData(
  snapshot: ImplementationSnapshot,
  formData: Record<string, unknown>,
  identity: { applicant: PartyIdentity; byClerk: boolean } | undefined,
): Record<string, unknown> {
  const form = snapshot.applicationForm;
  if (form.fields.length === 0) return formData;
  let data = formData;
  if (identity) {
    const values = prefillValuesOf(identity.applicant);
    if (identity.byClerk) {
      data = { ...data };
      for (const f of form.fields) {
        const v = f.prefill ? values[f.prefill] : undefined;
        if (v !== undefined && (data[f.key] === undefined || data[f.key] === '')) data[f.key] = v;
      }
    } else {
      data = applyPrefill(form, data, values);
    }
  }
  const { data: clean, errors } = validateFormData(form, data);
  if (errors.length > 0) {
    throw new AppError(
      IntakeErrorCode.FormInvalid,
      `formData: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      422,
      { fields: errors },
    );
  }
  return clean;
}
