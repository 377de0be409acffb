/**
 * Every topic of the hall, named once. Versioned suffix: a breaking change of a family is a new topic,
 * published alongside the old one for a while. Never rename.
 */
export const Topics = {
  catalogImplementation: 'hall.catalog.implementation.v1',
  intakeApplication: 'hall.intake.application.v1',
  /** 在线咨询与投诉: enquiries received, routed, answered and rated (intake). */
  intakeEnquiry: 'hall.intake.enquiry.v1',
  /** 预约办理: window slots booked and cancelled at service points (intake). */
  intakeAppointment: 'hall.intake.appointment.v1',
  approvalCase: 'hall.approval.case.v1',
  licence: 'hall.licence.licence.v1',
  supervisionAlert: 'hall.supervision.alert.v1',
  /** The working calendar administrators load in supervision (one key per year). */
  supervisionCalendar: 'hall.supervision.calendar.v1',
  /** 主动公开 items published and withdrawn (disclosure service). */
  disclosureItem: 'hall.disclosure.item.v1',
  /** 依申请公开 requests: received, 补正, third-party consultation, extension, answer, withdrawal (disclosure service). */
  disclosureRequest: 'hall.disclosure.request.v1',
  /** Messages a consumer could not process after its retries: payload + error, for operators. */
  deadLetter: 'hall.dead-letter.v1',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);
