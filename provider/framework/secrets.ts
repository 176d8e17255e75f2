/**
 * Sensitive and write-only values the framework sees are handed to a redaction hook
 * (the protocol logger's registry), so that no later log line can contain them, even
 * one written by resource code that logs a whole request by mistake.
 */
import type { Value } from '../protocol/cty/value';
import type { Attributes } from './attributes';
import { isArrayValue, isObjectValue, leafStrings, type ValueObject } from './values';

export type SecretSink = (secret: string) => void;

export function registerSecrets(attributes: Attributes, value: Value, sink: SecretSink | undefined): void {
  if (sink === undefined || !isObjectValue(value)) return;
  visit(attributes, value, sink);
}

function visit(attributes: Attributes, obj: ValueObject, sink: SecretSink): void {
  for (const [name, a] of Object.entries(attributes)) {
    const v = obj[name] ?? null;
    if (a.sensitive || a.writeOnly) {
      for (const s of leafStrings(v)) if (s !== '') sink(s);
      continue;
    }
    if (a.shape.kind !== 'nested') continue;
    const elements =
      a.shape.nesting === 'single' ? [v] : isArrayValue(v) ? v : isObjectValue(v) ? Object.values(v) : [];
    for (const e of elements) if (isObjectValue(e)) visit(a.shape.attributes, e, sink);
  }
}
