/**
 * The messaging tables every service schema must contain, verbatim (checked by messaging-schema.spec.ts).
 * Prisma owns the DDL through each service's migrations; this lib only reads and writes them with raw SQL.
 */
export const MESSAGING_PRISMA_MODELS = `/// Transactional outbox (libs/messaging): events staged in the same transaction as the state change.
model OutboxEvent {
  seq          BigInt    @id @default(autoincrement())
  id           String    @unique @db.Uuid
  topic        String
  key          String
  type         String
  version      Int
  source       String
  payload      Json
  headers      Json
  occurredAt   DateTime  @map("occurred_at") @db.Timestamptz(3)
  createdAt    DateTime  @default(now()) @map("created_at") @db.Timestamptz(3)
  publishedAt  DateTime? @map("published_at") @db.Timestamptz(3)
  claimedBy    String?   @map("claimed_by")
  claimedUntil DateTime? @map("claimed_until") @db.Timestamptz(3)
  attempts     Int       @default(0)
  lastError    String?   @map("last_error")

  @@index([publishedAt, seq])
  @@index([key, seq])
  @@map("outbox")
}

/// Idempotent inbox (libs/messaging): one row per consumed event id, written with the consumer's effect.
model InboxEvent {
  consumer    String
  eventId     String   @map("event_id") @db.Uuid
  type        String
  processedAt DateTime @default(now()) @map("processed_at") @db.Timestamptz(3)

  @@id([consumer, eventId])
  @@map("inbox")
}

/// Dead letters (libs/messaging): messages a consumer gave up on after its retries; operators list and replay them.
model DeadLetterEvent {
  id            String    @id @db.Uuid
  consumer      String
  eventId       String?   @map("event_id")
  topic         String
  partition     Int
  offset        String
  key           String
  headers       Json
  value         String
  error         String
  attempts      Int
  failedAt      DateTime  @default(now()) @map("failed_at") @db.Timestamptz(3)
  replayedAt    DateTime? @map("replayed_at") @db.Timestamptz(3)
  replayOutcome String?   @map("replay_outcome")

  @@index([consumer, failedAt])
  @@map("dead_letter")
}

/// Case traces (libs/messaging): per application (办件), the W3C trace context of the trace born with its submission;
/// events of the application are staged in it, so one case is one trace across services.
model CaseTrace {
  applicationNo String   @id @map("application_no")
  traceparent   String
  tracestate    String?
  recordedAt    DateTime @default(now()) @map("recorded_at") @db.Timestamptz(3)

  @@map("case_trace")
}`;
