import {
  applicantColumn,
  outcomeRow,
  refusalGround,
  remedyTable,
  requestTable,
  REQUEST_ROW_KEYS,
  yearStart,
} from './report-figures.js';
import type { ReportRequestRow } from './report.repository.js';

const row = (over: Partial<ReportRequestRow>): ReportRequestRow => ({
  id: 'r',
  applicantKind: 'person',
  applicantIdType: 'ID_CARD',
  applicantOrgType: null,
  applicantIdNumber: '330102198001010018',
  submittedAt: new Date('2026-03-02T02:00:00Z'),
  status: 'processing',
  answerType: null,
  answer: null,
  answeredAt: null,
  withdrawnAt: null,
  withdrawReason: null,
  feeYuan: null,
  ...over,
});

describe('annual report figures', () => {
  it('counts a 法人或其他组织 under its recorded kind, a row without one by the first character of its USCC', () => {
    const org = (uscc: string, applicantOrgType: string | null = null) =>
      applicantColumn({
        applicantKind: 'business',
        applicantIdType: 'USCC',
        applicantIdNumber: uscc,
        applicantOrgType,
      });
    expect(org('91330100MA2H00001P')).toBe('commercial');
    expect(org('51330100MJ8800004K')).toBe('public-welfare');
    expect(org('31330000MD0100005M')).toBe('legal-service');
    expect(org('12330100MB1600006U')).toBe('other-organisation');
    expect(org('12330100MB1600006U', 'research')).toBe('research');
    expect(org('91330100MA2H00001P', 'other-organisation')).toBe('other-organisation');
    expect(org('91330100MA2H00001P', 'bogus')).toBe('commercial');
    expect(applicantColumn(row({}))).toBe('natural-person');
  });

  it('takes the recorded 不予公开 ground, else reads the legal basis', () => {
    expect(refusalGround({ ground: 'state-secret', legalBasis: '第十五条' })).toBe('state-secret');
    expect(refusalGround({ legalBasis: '《条例》第十五条' })).toBe('third-party');
    expect(refusalGround({ legalBasis: '《条例》第十六条第一款' })).toBe('internal-affairs');
    expect(refusalGround({ legalBasis: '《条例》第十六条第二款' })).toBe('process-information');
    expect(refusalGround({ legalBasis: '《条例》第十六条第二款', reason: '属于行政执法案卷' })).toBe(
      'enforcement-file',
    );
    expect(refusalGround({ legalBasis: '《保守国家秘密法》' })).toBe('state-secret');
    expect(refusalGround({ legalBasis: '第十四条', reason: '公开后可能危及社会稳定' })).toBe(
      'security-stability',
    );
    expect(refusalGround({ legalBasis: '某法', reason: '属于行政查询事项' })).toBe('administrative-query');
    expect(refusalGround({ legalBasis: '《档案法》' })).toBe('prohibited-by-law');
    expect(refusalGround({ ground: 'no-such-ground', legalBasis: '《档案法》' })).toBe('prohibited-by-law');
  });

  it('maps every answer type and withdrawal to one row of the national table', () => {
    const answered = (answerType: string, answer: Record<string, string> = {}) =>
      outcomeRow({ status: 'answered', answerType, answer, withdrawReason: null });
    expect(answered('already-public')).toBe('granted');
    expect(answered('granted')).toBe('granted');
    expect(answered('partial')).toBe('partial');
    expect(answered('refused', { ground: 'third-party' })).toBe('refused.third-party');
    expect(answered('not-exist')).toBe('unavailable.not-held');
    expect(answered('not-exist', { ground: 'unclear' })).toBe('unavailable.unclear');
    expect(answered('not-responsible')).toBe('unavailable.not-held');
    expect(answered('repeated')).toBe('not-processed.repeated');
    expect(answered('special-rules')).toBe('other.other');
    expect(answered('not-disclosure-request', { redirectKind: 'complaint' })).toBe(
      'not-processed.petition-complaint',
    );
    expect(answered('not-disclosure-request', { redirectKind: 'petition' })).toBe(
      'not-processed.petition-complaint',
    );
    expect(answered('not-disclosure-request', { redirectKind: 'consultation' })).toBe('other.other');
    const withdrawn = (withdrawReason: string) =>
      outcomeRow({ status: 'withdrawn', answerType: null, answer: null, withdrawReason });
    expect(withdrawn('deemed')).toBe('other.no-correction');
    expect(withdrawn('applicant')).toBe('other.other');
    expect(withdrawn('fee-unpaid')).toBe('other.fee-unpaid');
    // A 收费通知 left unpaid keeps its prepared answer: the closure, not the answer, decides the row.
    expect(
      outcomeRow({ status: 'withdrawn', answerType: 'granted', answer: {}, withdrawReason: 'fee-unpaid' }),
    ).toBe('other.fee-unpaid');
    for (const key of ['granted', 'other.no-correction', 'unavailable.not-held'])
      expect(REQUEST_ROW_KEYS).toContain(key);
  });

  it('reconciles: new + carried in = total + carried over, per column', () => {
    const from = yearStart(2026);
    const end = yearStart(2027);
    const rows = [
      row({ submittedAt: new Date('2025-12-30T02:00:00Z') }), // carried in, still open
      row({
        submittedAt: new Date('2025-12-30T02:00:00Z'),
        status: 'answered',
        answerType: 'granted',
        answeredAt: new Date('2025-12-31T15:59:00Z'), // 23:59 China time on 31 Dec 2025: before the year
      }),
      row({
        status: 'answered',
        answerType: 'granted',
        answeredAt: new Date('2026-12-31T16:00:00Z'), // 00:00 China time on 1 Jan 2027: after the year
        feeYuan: 100,
      }),
      row({ status: 'withdrawn', withdrawReason: 'deemed', withdrawnAt: new Date('2026-05-01T00:00:00Z') }),
      row({ submittedAt: new Date('2026-12-31T16:00:00Z') }), // filed in 2027
    ];
    const { rows: table, fees } = requestTable(rows, from, end);
    const c = (k: string) => table.find((r) => r.key === k)?.counts;
    expect(c('new')).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(c('carried-in')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(c('other.no-correction')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(c('total')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(c('carried-over')).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(fees).toEqual({ requests: 0, totalYuan: 0 }); // the fee of 2027's answer is 2027's
  });

  it('tells 复议后起诉 from 未经复议直接起诉 and counts a later decision as 尚未审结', () => {
    const all = [
      { requestId: 'a', kind: 'review', filedOn: '2026-02-01' },
      { requestId: 'a', kind: 'litigation', filedOn: '2026-05-01' },
      { requestId: 'b', kind: 'litigation', filedOn: '2026-03-01' },
      { requestId: 'b', kind: 'review', filedOn: '2026-06-01' }, // after the suit: not 复议后
    ];
    const filed = [
      { requestId: 'a', kind: 'review', filedOn: '2026-02-01', outcome: 'upheld', decidedOn: '2026-04-01' },
      {
        requestId: 'a',
        kind: 'litigation',
        filedOn: '2026-05-01',
        outcome: 'corrected',
        decidedOn: '2027-01-05',
      },
      {
        requestId: 'b',
        kind: 'litigation',
        filedOn: '2026-03-01',
        outcome: 'other',
        decidedOn: '2026-09-01',
      },
      { requestId: 'b', kind: 'review', filedOn: '2026-06-01', outcome: 'pending', decidedOn: null },
    ];
    expect(remedyTable(filed, all, '2026-12-31')).toEqual({
      review: { upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 },
      litigationDirect: { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 },
      litigationAfterReview: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 },
    });
  });
});
