/** English strings for enquiry-review-messages.ts (loaded only when the user switches to English). */
import type { enquiryReviewZhCN } from './enquiry-review-messages.js';

export const enquiryReviewEnUS: Readonly<Record<keyof typeof enquiryReviewZhCN, string>> = {
  'enq.status.review': 'Under review',
  'enq.step.upheld': 'Review upheld the answer',
  'enq.step.returned': 'Review sent it back for a new answer',
  'enq.queue.review': 'Complaints to review (service centre)',
  'enq.review': 'Review',
  'enq.reviewTitle': 'Review an unsatisfied complaint',
  'enq.reviewDecision': 'Decision',
  'enq.reviewDecisionRequired': 'Please choose a decision',
  'enq.review.uphold': 'Uphold the answer (close)',
  'enq.review.reanswer': 'Send back to the department for a new answer',
  'enq.reviewNote': 'Note (to the citizen or the department)',
  'enq.reviewNoteRequired': 'Please write a note',
  'enq.reviewed': 'Review saved',
  'enq.inReview':
    'You were not satisfied with the answer to your complaint; the service centre is reviewing it.',
  'enq.reviewResult': 'Review',
  'enq.reviewUpheld': 'The service centre upheld the answer',
  'enq.reviewReturned': 'The service centre sent it back to the department for a new answer',
  'enq.reAnswer': 'New answer',
};
