/**
 * The licence service's clock. Validity, expiry and verification read time only through it, so tests can
 * move time (`set`, `advance`) without waiting.
 */
export class LicenceClock {
  private fixed: Date | undefined;

  now(): Date {
    return this.fixed ? new Date(this.fixed.getTime()) : new Date();
  }

  /** Freezes the clock at `at` (tests). */
  set(at: Date): void {
    this.fixed = new Date(at.getTime());
  }

  advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }

  /** Back to real time. */
  reset(): void {
    this.fixed = undefined;
  }
}
