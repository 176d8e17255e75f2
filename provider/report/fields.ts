/** Typed reads of redacted plan values: a missing, hidden or mistyped attribute reads as null. */

export type Attributes = Readonly<Record<string, unknown>>;

export function str(values: Attributes, key: string): string | null {
  const v = values[key];
  return typeof v === 'string' ? v : null;
}

export function num(values: Attributes, key: string): number | null {
  const v = values[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function bool(values: Attributes, key: string): boolean | null {
  const v = values[key];
  return typeof v === 'boolean' ? v : null;
}

/** A list or set of strings, sorted; null when absent or not a list of strings. */
export function strings(values: Attributes, key: string): string[] | null {
  const v = values[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return null;
  return [...(v as string[])].sort();
}

/** A list of objects (nested attributes); [] when absent. */
export function objects(values: Attributes, key: string): Attributes[] {
  const v = values[key];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is Attributes => typeof x === 'object' && x !== null && !Array.isArray(x));
}

/** A map of strings; null when absent. */
export function stringMap(values: Attributes, key: string): Record<string, string> | null {
  const v = values[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string') out[k] = x;
  return out;
}
