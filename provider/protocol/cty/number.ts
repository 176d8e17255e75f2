/**
 * cty numbers are arbitrary-precision decimals; JavaScript has float64. A value
 * is held as a JS `number` only when that float64 is *exactly* the decimal
 * terraform meant; anything else stays a `BigNumber` with its canonical decimal
 * text. This matters beyond big integers: terraform sends a configured `0.1` as
 * the string "0.1" (it is not exactly a float64), and echoing it back as the
 * float64 nearest to 0.1 would be a different cty number, i.e. a plan that does
 * not match the configuration.
 */
import { BigNumber, type CtyNumber } from './value';

/** A decimal as sign × digits × 10^exponent, with no trailing zeros in digits. */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly exponent: number;
}

const DECIMAL_SYNTAX = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-])?\.(\d+)(?:[eE]([+-]?\d+))?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_EXACT_INT = 2n ** 53n;

function normalize(negative: boolean, digits: bigint, exponent: number): Decimal {
  if (digits === 0n) return { negative: false, digits: 0n, exponent: 0 };
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent += 1;
  }
  return { negative, digits, exponent };
}

/** Parses decimal text (`12`, `-0.5`, `1e30`, `.5`); undefined when it is not a number. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL_SYNTAX.exec(text);
  if (!m) return undefined;
  const sign = m[1] ?? m[5];
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? m[6] ?? '';
  const expPart = m[4] ?? m[7];
  const exp = expPart === undefined ? 0 : Number(expPart);
  // An exponent this large is not a number anyone means; refuse rather than allocate.
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1_000_000) return undefined;
  return normalize(sign === '-', BigInt(intPart + fracPart || '0'), exp - fracPart.length);
}

const scratch = new DataView(new ArrayBuffer(8));

/** The exact decimal value of a finite float64. */
export function decimalOfDouble(n: number): Decimal {
  if (!Number.isFinite(n)) throw new RangeError('not a finite number');
  if (n === 0) return { negative: false, digits: 0n, exponent: 0 };
  scratch.setFloat64(0, n);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074;
  } else {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  const negative = n < 0;
  if (exp2 >= 0) return normalize(negative, mantissa << BigInt(exp2), 0);
  // m / 2^k == m * 5^k / 10^k
  return normalize(negative, mantissa * 5n ** BigInt(-exp2), exp2);
}

export function decimalEquals(a: Decimal, b: Decimal): boolean {
  return a.negative === b.negative && a.digits === b.digits && a.exponent === b.exponent;
}

function decimalOf(n: CtyNumber): Decimal {
  if (typeof n === 'number') return decimalOfDouble(n);
  const d = parseDecimal(n.decimal);
  if (!d) throw new RangeError('BigNumber does not hold decimal text');
  return d;
}

/** Canonical text: plain notation for reasonable magnitudes, scientific beyond. */
export function formatDecimal(d: Decimal): string {
  const sign = d.negative ? '-' : '';
  const digits = d.digits.toString();
  if (d.exponent >= 0) {
    if (d.exponent <= 64) return sign + digits + '0'.repeat(d.exponent);
  } else {
    const point = digits.length + d.exponent;
    if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
    if (point > -64) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = d.exponent + digits.length - 1;
  return `${sign}${mant}e${e >= 0 ? '+' : ''}${e}`;
}

/** The decimal as a float64 if that float64 is exactly the same number. */
function exactDouble(d: Decimal): number | undefined {
  if (d.digits === 0n) return 0;
  const text = formatDecimal(d);
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  // Fast path: integers up to 2^53 are always exact.
  if (d.exponent >= 0 && d.exponent <= 16 && d.digits * 10n ** BigInt(d.exponent) <= MAX_EXACT_INT) return n;
  return decimalEquals(decimalOfDouble(n), d) ? n : undefined;
}

/** Turns decimal text into the in-memory number model; undefined when not a number. */
export function numberFromText(text: string): CtyNumber | undefined {
  const trimmed = text.trim();
  // cty accepts the infinities in its own number text.
  if (/^[+]?inf(inity)?$/i.test(trimmed)) return Infinity;
  if (/^-inf(inity)?$/i.test(trimmed)) return -Infinity;
  const d = parseDecimal(trimmed);
  if (!d) return undefined;
  return numberFromDecimal(d);
}

export function numberFromDecimal(d: Decimal): CtyNumber {
  const n = exactDouble(d);
  return n !== undefined ? n : new BigNumber(formatDecimal(d));
}

export function numberFromBigInt(i: bigint): CtyNumber {
  if (i >= BigInt(Number.MIN_SAFE_INTEGER) && i <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(i);
  return numberFromDecimal(normalize(i < 0n, i < 0n ? -i : i, 0));
}

/** Exact numeric equality across both representations. */
export function numbersEqual(a: CtyNumber, b: CtyNumber): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (typeof a === 'number' && !Number.isFinite(a)) return false;
  if (typeof b === 'number' && !Number.isFinite(b)) return false;
  return decimalEquals(decimalOf(a), decimalOf(b));
}

/** Canonical text of a number, e.g. for set keys and JSON. Float64 values use their shortest round-trip form. */
export function numberToText(n: CtyNumber): string {
  if (typeof n === 'number') {
    if (Number.isNaN(n)) throw new RangeError('NaN is not a cty number');
    if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
    return Object.is(n, -0) ? '0' : String(n);
  }
  const d = parseDecimal(n.decimal);
  if (!d) throw new RangeError('BigNumber does not hold decimal text');
  return formatDecimal(d);
}

/** Exact canonical text, for keys that must tell 0.1 (float64) and 0.1 (decimal) apart. */
export function numberKey(n: CtyNumber): string {
  if (typeof n === 'number' && !Number.isFinite(n)) return numberToText(n);
  return formatDecimal(decimalOf(n));
}

/** What to put in msgpack: an int64 when integral and in range, a float64 when exact, else decimal text. */
export function numberToMsgpack(n: CtyNumber): number | bigint | string {
  if (typeof n === 'number') {
    if (Number.isNaN(n)) throw new RangeError('NaN is not a cty number');
    if (Number.isInteger(n) && !Number.isSafeInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n);
    return n;
  }
  const d = parseDecimal(n.decimal);
  if (!d) throw new RangeError('BigNumber does not hold decimal text');
  if (d.exponent >= 0 && d.exponent < 20) {
    const i = (d.negative ? -d.digits : d.digits) * 10n ** BigInt(d.exponent);
    if (i >= INT64_MIN && i <= INT64_MAX) return Number.isSafeInteger(Number(i)) ? Number(i) : i;
  }
  const exact = exactDouble(d);
  return exact !== undefined ? exact : formatDecimal(d);
}

/** Converts to a JS number, rounding BigNumbers to the nearest float64. */
export function toJsNumber(n: CtyNumber): number {
  return typeof n === 'number' ? n : Number(n.decimal);
}
