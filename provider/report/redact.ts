/**
 * The only place that looks inside plan values. Everything terraform marks sensitive
 * (`before_sensitive` / `after_sensitive` / `sensitive_values` masks) is dropped before
 * anything else sees the value, and so are attributes whose very name says "secret",
 * even when a provider forgot to mark them. The report model is built only from what
 * these functions return, so it cannot hold a secret.
 */

/** Attribute names never read, whatever the masks say. */
export const SECRET_ATTRIBUTES: ReadonlySet<string> = new Set([
  'password',
  'password_wo',
  'invitation_url',
  'token',
]);

/** A plan value with every sensitive part removed (a removed leaf reads as `undefined`). */
export type Visible = unknown;

/**
 * `value` without what `mask` marks sensitive. A mask is `true` (all of it is
 * sensitive), `false`/absent (nothing is), or an object/array of the value's shape.
 */
export function visible(value: unknown, mask: unknown): Visible {
  if (mask === true) return undefined;
  if (Array.isArray(value)) {
    const masks = Array.isArray(mask) ? mask : [];
    return value.map((item, i) => visible(item, masks[i]));
  }
  if (typeof value === 'object' && value !== null) {
    const masks = typeof mask === 'object' && mask !== null ? (mask as Record<string, unknown>) : {};
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_ATTRIBUTES.has(key) || masks[key] === true) continue;
      out[key] = visible(item, masks[key]);
    }
    return out;
  }
  return value;
}

/** An object's visible attributes; `{}` for null, a fully sensitive or a non-object value. */
export function visibleObject(value: unknown, mask: unknown): Record<string, unknown> {
  const v = visible(value, mask);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Whether `after_unknown` marks the attribute (or a part of it) as known only after apply. */
export function unknownAttribute(afterUnknown: unknown, key: string): boolean {
  if (afterUnknown === true) return true;
  if (typeof afterUnknown !== 'object' || afterUnknown === null) return false;
  return (afterUnknown as Record<string, unknown>)[key] === true;
}
