/**
 * Material files of an application (intake), fetched with the bearer token for the inline viewer. The route answers
 * the file's bytes (no JSON, so no response schema of the contract); the file references come from the application
 * view (`MaterialFileRef` of `@hall/contracts/api`).
 */
import { ApiError, currentToken } from './http.js';

export const materialFilePath = (no: string, fileId: string) =>
  `/api/intake/applications/${encodeURIComponent(no)}/files/${encodeURIComponent(fileId)}`;

/** Fetches a protected file as a Blob (the caller makes and revokes the object URL). */
export async function fetchProtectedBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const token = await currentToken();
  let res: Response;
  try {
    res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK_ERROR', err instanceof Error ? err.message : 'network error');
  }
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    let message = res.statusText || `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { code?: unknown; message?: unknown };
      if (typeof body.code === 'string') code = body.code;
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(res.status, code, message);
  }
  return res.blob();
}
