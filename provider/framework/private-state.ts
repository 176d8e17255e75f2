/** Private state travels as bytes; the framework gives resources a JSON object. */
import type { PrivateData } from './context';

export function decodePrivate(bytes: Uint8Array | undefined): PrivateData | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    // Anything else was not written by this framework: start afresh rather than fail.
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as PrivateData)
      : undefined;
  } catch {
    return undefined;
  }
}

export function encodePrivate(data: PrivateData | undefined): Uint8Array {
  return data === undefined || Object.keys(data).length === 0
    ? new Uint8Array()
    : new Uint8Array(Buffer.from(JSON.stringify(data), 'utf8'));
}
