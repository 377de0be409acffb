import type { LoggerService } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

/** One message to an applicant, sent after the state change committed. */
export interface OutgoingNotification {
  id: string;
  userId: string | null;
  email: string | null;
  applicationNo: string;
  title: string;
  body: string;
}

/** Pluggable external channel (log, SMTP, SMS …). Failures are recorded and retried; they never touch the state change. */
export interface NotificationSender {
  readonly name: string;
  send(n: OutgoingNotification): Promise<void>;
}

/** Default (embedded mode): writes the message to the log. */
export class LogNotificationSender implements NotificationSender {
  readonly name = 'log';

  constructor(private readonly logger: LoggerService) {}

  send(n: OutgoingNotification): Promise<void> {
    this.logger.log({
      msg: 'notification',
      applicationNo: n.applicationNo,
      userId: n.userId,
      title: n.title,
    });
    return Promise.resolve();
  }
}

/** E-mail through SMTP (nodemailer); messages without an address are skipped. */
export class SmtpNotificationSender implements NotificationSender {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = createTransport(url);
  }

  async send(n: OutgoingNotification): Promise<void> {
    if (!n.email) return;
    await this.transporter.sendMail({
      from: this.from,
      to: n.email,
      subject: `【一网通办】${n.title}`,
      text: n.body,
    });
  }
}

/**
 * The sender the environment asks for: `NOTIFY_SMTP_URL` (e.g. `smtp://user:pass@mail:587`) with
 * `NOTIFY_FROM` selects SMTP; otherwise the log sender.
 */
export function senderFromEnv(env: NodeJS.ProcessEnv, logger: LoggerService): NotificationSender {
  const url = env.NOTIFY_SMTP_URL?.trim();
  if (url) return new SmtpNotificationSender(url, env.NOTIFY_FROM?.trim() || 'hall@localhost');
  return new LogNotificationSender(logger);
}
