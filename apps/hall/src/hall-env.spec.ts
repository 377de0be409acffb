// The embedded hall's environment: HALL_PUBLIC_URL (the issuer origin, like Keycloak's KC_HOSTNAME).
import { HallEnvSchema } from './hall-exposure.js';

describe('HallEnvSchema', () => {
  it('takes an http(s) HALL_PUBLIC_URL and leaves it unset by default', () => {
    expect(HallEnvSchema.parse({}).HALL_PUBLIC_URL).toBeUndefined();
    expect(HallEnvSchema.parse({ HALL_PUBLIC_URL: 'http://hall.localhost:8000' }).HALL_PUBLIC_URL).toBe(
      'http://hall.localhost:8000',
    );
    expect(HallEnvSchema.parse({ HALL_PUBLIC_URL: 'https://ywtb.example.gov.cn' }).HALL_PUBLIC_URL).toBe(
      'https://ywtb.example.gov.cn',
    );
  });

  it('refuses anything else as the public URL', () => {
    for (const bad of ['hall.localhost:8000', 'ftp://hall.example', 'javascript:alert(1)', '']) {
      expect(HallEnvSchema.safeParse({ HALL_PUBLIC_URL: bad }).success).toBe(false);
    }
  });
});
