/**
 * Who may reach the embedded hall (issue 18, finding 13). The embedded hall is a development tool: its identity
 * provider holds the demo accounts, all with the published password `demo` (admin included). So it serves this
 * machine only unless `HALL_EXPOSE=1` says otherwise, and exposed it refuses to start with those public
 * credentials. Kept free of heavy imports: `npm start` checks this before it builds or loads anything.
 */
import { z } from 'zod';

/** Shortest `HALL_DEMO_PASSWORD` accepted. */
export const HALL_DEMO_PASSWORD_MIN_LENGTH = 16;

/** The embedded hall's own environment (`npm start`). TRUST_PROXY_HOPS as in the platform's HttpSecurityEnvSchema. */
export const HallEnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  HALL_EXPOSE: z.enum(['0', '1']).default('0'),
  HALL_DEMO_PASSWORD: z.string().optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * The origin browsers reach the hall under (like Keycloak's `KC_HOSTNAME`), e.g. `http://hall.localhost:8000`
   * behind a proxy: the identity provider's issuer and endpoints, and the issuer the services expect. Default
   * `http://localhost:<PORT>`.
   */
  HALL_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});
export type HallEnv = z.infer<typeof HallEnvSchema>;

export interface HallExposureOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** `HALL_EXPOSE=1`: serve other machines on purpose. */
  expose?: boolean;
  /** `HALL_DEMO_PASSWORD`: replaces the public demo password when exposed. */
  demoPassword?: string;
  /** A trusted reverse proxy (`TRUST_PROXY_HOPS` > 0) forwards other machines' requests: exposed too. */
  security?: { readonly trustProxyHops: number };
}

/** 127.0.0.0/8, ::1 and `localhost`: only this machine reaches the hall. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Why the embedded hall refuses to start as configured (the message says what to do). */
export class HallExposureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HallExposureError';
  }
}

/**
 * Whether the hall is exposed (a host that is not loopback, or a trusted reverse proxy in front); throws
 * {@link HallExposureError} when it is exposed without `HALL_EXPOSE=1`, or with the public demo password
 * (`HALL_DEMO_PASSWORD` missing, or shorter than {@link HALL_DEMO_PASSWORD_MIN_LENGTH} characters).
 */
export function checkHallExposure(opts: HallExposureOptions): boolean {
  const host = opts.host ?? '127.0.0.1';
  const hops = opts.security?.trustProxyHops ?? 0;
  const exposed = !isLoopbackHost(host) || hops > 0;
  if (!exposed) return false;
  const reach =
    hops > 0
      ? `TRUST_PROXY_HOPS=${hops} (a reverse proxy forwards other machines' requests)`
      : `HOST=${host} (not a loopback address)`;
  if (opts.expose !== true) {
    throw new HallExposureError(
      `embedded hall: refusing to start with ${reach}. The embedded hall serves this machine only (HOST=127.0.0.1) ` +
        'because its demo accounts have a public password. Unset HOST (and TRUST_PROXY_HOPS) to stay on loopback, or set HALL_EXPOSE=1 ' +
        `together with HALL_DEMO_PASSWORD=<a secret of at least ${HALL_DEMO_PASSWORD_MIN_LENGTH} characters> to serve other machines.`,
    );
  }
  const password = opts.demoPassword ?? '';
  if (password.length < HALL_DEMO_PASSWORD_MIN_LENGTH) {
    throw new HallExposureError(
      `embedded hall: refusing to start exposed (HALL_EXPOSE=1, ${reach}) with the demo accounts' public password: anyone who ` +
        `reaches it could sign in as admin. Set HALL_DEMO_PASSWORD to a secret of at least ${HALL_DEMO_PASSWORD_MIN_LENGTH} characters ` +
        '(every demo account then signs in with it, and the accounts are not listed), or unset HALL_EXPOSE and HOST to stay on loopback. ' +
        'A real deployment uses Keycloak and the standalone services (docker compose), not the embedded hall.',
    );
  }
  return true;
}
