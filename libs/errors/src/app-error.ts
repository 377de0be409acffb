/**
 * A domain error with a machine-readable code. Domain code throws these; the HTTP filter maps them to
 * `{ statusCode, code, message, details, correlationId }`. Never throw HttpException from domain code.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** 400: a field failed validation. `field` is the dotted path of the offending input. */
  static validation(field: string, message: string, details?: Record<string, unknown>): AppError {
    return new AppError('VALIDATION_FAILED', `${field}: ${message}`, 400, { field, ...details });
  }

  static notFound(what: string, id: string): AppError {
    return new AppError('NOT_FOUND', `${what} ${id} not found`, 404, { what, id });
  }

  static conflict(code: string, message: string, details?: Record<string, unknown>): AppError {
    return new AppError(code, message, 409, details);
  }
}
