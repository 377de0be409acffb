/** A stored timestamp as the HTTP contract carries it (ISO 8601, UTC). */
export const iso = (d: Date): string => d.toISOString();

/** A nullable stored timestamp as the HTTP contract carries it. */
export const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());
