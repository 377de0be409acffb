import { mapPersonalData, PERSONAL_DATA_FIELDS } from '@hall/contracts';
import type { PayloadCodec } from '@hall/messaging';
import type { PiiCipher } from './pii-cipher.js';

/**
 * The payload codec of every service (wired by `ServiceMessaging`): the personal fields of event payloads
 * (`PERSONAL_DATA_FIELDS` in `@hall/contracts`: ID and phone numbers, at any depth) are encrypted with the service's
 * PII cipher when an event is staged, and decrypted when a consumer receives it.
 *
 * - Sealed values have the at-rest format `pii:<keyId>:…` (AES-256-GCM, key id authenticated): any service holding the
 *   key opens them, so all services share `PII_ENCRYPTION_KEYS` (docker compose: one setting for all five).
 * - Rotation: new events are sealed under the current key; every key of the keyring still opens older ones.
 * - A plaintext value (a row staged before sealing, or a producer without a codec) opens as it is.
 * - An unknown key id, a wrong key or an altered value throws `PiiDecryptionError` (fail closed): the consumer
 *   dead-letters the message still sealed.
 */
export function piiPayloadCodec(cipher: PiiCipher): PayloadCodec {
  return {
    seal: (_contract, payload) => mapPersonalData(payload, (value) => cipher.encrypt(value)),
    open: (_contract, payload) => mapPersonalData(payload, (value) => cipher.reveal(value)),
  };
}

/**
 * Matches the text of a stored payload (jsonb text or a JSON string) in which a personal field may still hold a
 * plaintext value (one that does not start with `pii:`): the filter of `sealStoredPayloads`.
 */
export const PII_PAYLOAD_CANDIDATE = `"(${Object.keys(PERSONAL_DATA_FIELDS).join('|')})": ?"([^p"]|p[^i]|pi[^i]|pii[^:])`;
