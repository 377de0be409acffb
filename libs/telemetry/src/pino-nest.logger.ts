import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Level, Logger } from 'pino';

const STACK_LIKE = /^.*\n\s+at .+/s;

const LEVEL_ORDER: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

const NEST_TO_PINO: Readonly<Record<NestLogLevel, Level>> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Nest's LoggerService on top of a pino logger (`app.useLogger(new PinoNestLogger(logger))`), so framework
 * and application lines share one JSON format, the trace ids and the redaction of {@link createLogger}.
 *
 * Follows Nest's calling convention: a trailing string parameter is the context (`new Logger('Ctx')`
 * appends it); for `error`, a string that looks like a stack trace is the stack.
 */
export class PinoNestLogger implements LoggerService {
  constructor(
    private readonly logger: Logger,
    private readonly context?: string,
  ) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams);
  }

  /** Nest passes the enabled levels; pino has a threshold, so the most verbose enabled level wins. */
  setLogLevels(levels: NestLogLevel[]): void {
    const enabled = levels.map((l) => NEST_TO_PINO[l]);
    const lowest = LEVEL_ORDER.find((l) => enabled.includes(l));
    this.logger.level = lowest ?? 'silent';
  }

  private write(level: Level, message: unknown, optionalParams: readonly unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const params = [...optionalParams];
    const fields: Record<string, unknown> = {};

    let context = this.context;
    const last = params[params.length - 1];
    if (typeof last === 'string' && !(level === 'error' && params.length === 1 && STACK_LIKE.test(last))) {
      context = last;
      params.pop();
    }
    if (context !== undefined) fields['context'] = context;

    if (level === 'error' || level === 'fatal') {
      const stackIndex = params.findIndex((p) => typeof p === 'string' && STACK_LIKE.test(p));
      if (stackIndex >= 0) {
        fields['stack'] = params[stackIndex];
        params.splice(stackIndex, 1);
      }
    }

    let msg: string | undefined;
    if (message instanceof Error) {
      fields['err'] = message;
      msg = message.message;
    } else if (isPlainObject(message)) {
      Object.assign(fields, message);
    } else if (typeof message === 'object' && message !== null) {
      fields['data'] = message;
    } else {
      msg = typeof message === 'string' ? message : String(message);
    }

    const errorParam = params.find((p): p is Error => p instanceof Error);
    if (errorParam !== undefined && fields['err'] === undefined) {
      fields['err'] = errorParam;
      params.splice(params.indexOf(errorParam), 1);
    }
    if (params.length > 0) fields['params'] = params;

    if (msg === undefined) this.logger[level](fields);
    else this.logger[level](fields, msg);
  }
}
