/**
 * What POST /intake/files takes as an application material — one source for the service's check and the web's
 * check before uploading. No zod here: the web imports it directly (`@hall/contracts/limits`) without the schemas.
 */

/** Material files: PDF and images only (the service decides the type from the bytes). */
export const MATERIAL_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];
/** File name endings the web accepts before uploading, for files the browser gives no type. */
export const MATERIAL_EXTENSIONS: readonly string[] = ['.pdf', '.jpg', '.jpeg', '.png'];
/** The largest material file the service takes (bytes). */
export const MATERIAL_MAX_BYTES = 10 * 1024 * 1024;
