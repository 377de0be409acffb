/**
 * Runtime configuration, read at start from `/config.json` when the deployment provides one (e.g. an nginx
 * volume); otherwise the same-origin defaults, which fit both the embedded hall and the compose stack
 * (the realm is served on the app's own origin under /realms/hall).
 */
export interface RuntimeConfig {
  /** OIDC issuer, e.g. https://ywtb.example.gov.cn/realms/hall */
  authority: string;
  clientId: string;
}

export function defaultConfig(origin: string = window.location.origin): RuntimeConfig {
  return { authority: `${origin}/realms/hall`, clientId: 'hall-web' };
}

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const config = defaultConfig();
  try {
    const res = await fetch('/config.json', { headers: { accept: 'application/json' }, cache: 'no-cache' });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return config;
    const body = (await res.json()) as unknown;
    if (typeof body === 'object' && body !== null) {
      const { authority, clientId } = body as Record<string, unknown>;
      if (typeof authority === 'string' && /^https?:\/\//.test(authority))
        config.authority = authority.replace(/\/+$/, '');
      if (typeof clientId === 'string' && clientId !== '') config.clientId = clientId;
    }
  } catch {
    // no config file: defaults
  }
  return config;
}
