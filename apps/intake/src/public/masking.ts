/** Masking for anything public (双公示, progress lookup): natural persons' names, ID numbers and phones. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return `${chars[0] ?? ''}${'*'.repeat(chars.length - 1)}`;
}

export function maskIdNumber(id: string): string {
  return id.length < 10
    ? '*'.repeat(id.length)
    : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length < 7
    ? '*'.repeat(digits.length)
    : `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** The applicant as the public may see them: persons masked, businesses in full (their USCC is public). */
export function publicApplicant(a: {
  applicantKind: string;
  applicantName: string;
  applicantIdNumber: string;
}) {
  return a.applicantKind === 'business'
    ? { kind: 'business', name: a.applicantName, idNumber: a.applicantIdNumber }
    : { kind: 'person', name: maskName(a.applicantName), idNumber: maskIdNumber(a.applicantIdNumber) };
}
