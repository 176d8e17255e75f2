/**
 * The msgpack codec against byte vectors written out by hand from the msgpack
 * spec and cty's conventions (not produced by the code under test).
 */
import {
  BigNumber,
  CtyCodecError,
  CtyType,
  Dynamic,
  decodeDynamicValue,
  decodeMsgpack,
  encodeDynamicValue,
  encodeMsgpack,
  unknown,
  valueEquals,
  type Value,
} from '../index';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ascii = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

describe('msgpack primitives', () => {
  it.each<[string, CtyType, Value]>([
    ['a26869', 'string', 'hi'],
    ['c3', 'bool', true],
    ['c2', 'bool', false],
    ['c0', 'string', null],
    ['c0', CtyType.list('string'), null],
    ['2a', 'number', 42],
    ['ff', 'number', -1],
    ['cb3fe0000000000000', 'number', 0.5],
  ])('round-trips %s', (bytes, type, value) => {
    expect(decodeMsgpack(hex(bytes), type)).toEqual(value);
    expect(toHex(encodeMsgpack(value, type))).toBe(bytes);
  });

  it('writes unknown as cty does (fixext1, type 0, one zero byte)', () => {
    expect(toHex(encodeMsgpack(unknown, 'string'))).toBe('d40000');
    expect(toHex(encodeMsgpack(unknown, CtyType.object({ a: 'string' })))).toBe('d40000');
    expect(toHex(encodeMsgpack(unknown, 'dynamic'))).toBe('d40000');
  });

  it('reads unknown: extension 0 of any length and refined extension 12 (refinements ignored)', () => {
    expect(decodeMsgpack(hex('d40000'), 'string')).toBe(unknown);
    expect(decodeMsgpack(hex('c70000'), 'number')).toBe(unknown); // ext8, length 0, type 0
    // ext8, length 3, type 12, data = {1: true} (a "not null" refinement)
    expect(decodeMsgpack(hex('c7030c8101c3'), 'string')).toBe(unknown);
    // fixext2, type 12, data = {} padded
    expect(decodeMsgpack(hex('d50c80c0'), CtyType.list('string'))).toBe(unknown);
  });

  it('rejects other extension types with the path', () => {
    expect(() => decodeMsgpack(hex('81a161d40500'), CtyType.object({ a: 'string' }))).toThrow(
      'a: unsupported msgpack extension type 5',
    );
  });
});

describe('msgpack numbers beyond float64', () => {
  it('reads every integer and float width', () => {
    expect(decodeMsgpack(hex('cc ff'), 'number')).toBe(255);
    expect(decodeMsgpack(hex('d0 80'), 'number')).toBe(-128);
    expect(decodeMsgpack(hex('ce ffffffff'), 'number')).toBe(4294967295);
    expect(decodeMsgpack(hex('ca 3fc00000'), 'number')).toBe(1.5); // float32
    expect(decodeMsgpack(hex('cb 3fb999999999999a'), 'number')).toBe(0.1); // the float64 nearest 0.1
    expect(decodeMsgpack(hex('cf 001fffffffffffff'), 'number')).toBe(9007199254740991);
  });

  it('keeps 64-bit integers exact', () => {
    expect(decodeMsgpack(hex('cf ffffffffffffffff'), 'number')).toEqual(
      new BigNumber('18446744073709551615'),
    );
    expect(decodeMsgpack(hex('d3 8000000000000001'), 'number')).toEqual(
      new BigNumber('-9223372036854775807'),
    );
    // -2^63 is exactly representable, so it stays a plain number
    expect(decodeMsgpack(hex('d3 8000000000000000'), 'number')).toBe(-9223372036854775808);
    expect(decodeMsgpack(hex('cf 0020000000000001'), 'number')).toEqual(new BigNumber('9007199254740993'));
  });

  it('reads decimal strings, keeping values that are not exactly a float64 as BigNumber', () => {
    // terraform sends a configured 0.1 as the string "0.1"
    expect(decodeMsgpack(hex(`a3${ascii('0.1')}`), 'number')).toEqual(new BigNumber('0.1'));
    expect(decodeMsgpack(hex(`a3${ascii('2.5')}`), 'number')).toBe(2.5);
    const big = '123456789012345678901234567890.125';
    expect(decodeMsgpack(hex(`d9${big.length.toString(16)}${ascii(big)}`), 'number')).toEqual(
      new BigNumber(big),
    );
    expect(() => decodeMsgpack(hex(`a3${ascii('abc')}`), 'number')).toThrow(CtyCodecError);
  });

  it('writes an int64 when integral, a float64 when exact, decimal text otherwise', () => {
    expect(toHex(encodeMsgpack(new BigNumber('9007199254740993'), 'number'))).toBe('cf0020000000000001');
    expect(toHex(encodeMsgpack(new BigNumber('-9223372036854775807'), 'number'))).toBe('d38000000000000001');
    expect(toHex(encodeMsgpack(new BigNumber('0.1'), 'number'))).toBe(`a3${ascii('0.1')}`);
    expect(toHex(encodeMsgpack(new BigNumber('0.25'), 'number'))).toBe('cb3fd0000000000000');
    // 2^64 + 1: neither an int64 nor a float64
    expect(toHex(encodeMsgpack(new BigNumber('18446744073709551617'), 'number'))).toBe(
      `b4${ascii('18446744073709551617')}`,
    );
    expect(() => encodeMsgpack(NaN, 'number')).toThrow(CtyCodecError);
  });
});

describe('msgpack collections and structures', () => {
  it('encodes objects as maps with attributes sorted, missing attributes as nil', () => {
    const t = CtyType.object({ b: 'number', a: 'string' });
    expect(toHex(encodeMsgpack({ a: 'x' }, t))).toBe('82a161a178a162c0');
    expect(decodeMsgpack(hex('82a162c0a161a178'), t)).toEqual({ a: 'x', b: null });
  });

  it('handles optional-attribute object types like plain objects', () => {
    const t = CtyType.object({ a: 'string', b: 'string' }, ['b']);
    expect(decodeMsgpack(hex('81a161a178'), t)).toEqual({ a: 'x', b: null });
  });

  it('encodes lists, maps and tuples', () => {
    expect(toHex(encodeMsgpack(['a', 'b'], CtyType.list('string')))).toBe('92a161a162');
    expect(toHex(encodeMsgpack({ k: true }, CtyType.map('bool')))).toBe('81a16bc3');
    expect(toHex(encodeMsgpack(['x', 1], CtyType.tuple(['string', 'number'])))).toBe('92a17801');
    expect(decodeMsgpack(hex('81a16bc3'), CtyType.map('bool'))).toEqual({ k: true });
  });

  it('refuses a "__proto__" map key on input with a clear error, and writes it as an ordinary key', () => {
    // @msgpack/msgpack rejects the key outright (prototype-pollution guard); we report it as a codec error.
    expect(() => decodeMsgpack(hex(`81a9${ascii('__proto__')}a178`), CtyType.map('string'))).toThrow(
      CtyCodecError,
    );
    const v: Record<string, Value> = {};
    Object.defineProperty(v, '__proto__', { value: 'x', enumerable: true });
    expect(toHex(encodeMsgpack(v, CtyType.map('string')))).toBe(`81a9${ascii('__proto__')}a178`);
  });

  it('reads nested sets regardless of element order', () => {
    const t = CtyType.set(CtyType.set('string'));
    // [["a","b"],["c"]]
    const v = decodeMsgpack(hex('92 92a161a162 91a163'), t);
    expect(valueEquals(v, [['c'], ['b', 'a']], t)).toBe(true);
    expect(valueEquals(v, [['c'], ['a']], t)).toBe(false);
  });

  it('merges equal set elements when encoding, as terraform would', () => {
    expect(toHex(encodeMsgpack(['a', 'a', 'b'], CtyType.set('string')))).toBe('92a161a162');
    // unknowns are never merged
    expect(toHex(encodeMsgpack([unknown, unknown], CtyType.set('string')))).toBe('92d40000d40000');
  });

  it('carries unknowns nested anywhere', () => {
    const t = CtyType.object({ tags: CtyType.set('string'), n: 'number' });
    const bytes = '82 a16e d40000 a474616773 91d40000';
    expect(decodeMsgpack(hex(bytes), t)).toEqual({ n: unknown, tags: [unknown] });
    expect(toHex(encodeMsgpack({ n: unknown, tags: [unknown] }, t))).toBe(bytes.replace(/\s/g, ''));
  });

  it('normalises strings to NFC, as cty stores them', () => {
    // "é" as e + combining acute (65 cc 81) becomes c3 a9
    expect(toHex(encodeMsgpack('e\u0301', 'string'))).toBe('a2c3a9');
  });
});

describe('msgpack dynamic values', () => {
  it('writes [type JSON as bin, value]', () => {
    // "string" (with quotes) is 8 bytes
    expect(toHex(encodeMsgpack(new Dynamic('string', 'x'), 'dynamic'))).toBe(
      `92c408${ascii('"string"')}a178`,
    );
    const listType = '["list","number"]';
    expect(toHex(encodeMsgpack(new Dynamic(CtyType.list('number'), [1, unknown]), 'dynamic'))).toBe(
      `92c411${ascii(listType)}9201d40000`,
    );
  });

  it('reads the type as bin or str, and bare nil/unknown', () => {
    expect(decodeMsgpack(hex(`92c408${ascii('"string"')}a178`), 'dynamic')).toEqual(
      new Dynamic('string', 'x'),
    );
    expect(decodeMsgpack(hex(`92a8${ascii('"number"')}07`), 'dynamic')).toEqual(new Dynamic('number', 7));
    expect(decodeMsgpack(hex('c0'), 'dynamic')).toBeNull();
    expect(decodeMsgpack(hex('d40000'), 'dynamic')).toBe(unknown);
  });

  it('infers the type of a bare value in a dynamic slot', () => {
    const objType = '["object",{"a":"bool"}]';
    expect(toHex(encodeMsgpack({ a: true }, 'dynamic'))).toBe(`92c417${ascii(objType)}81a161c3`);
  });

  it('writes typed null and unknown bare', () => {
    expect(toHex(encodeMsgpack(new Dynamic('string', null), 'dynamic'))).toBe('c0');
    expect(toHex(encodeMsgpack(new Dynamic('string', unknown), 'dynamic'))).toBe('d40000');
  });
});

describe('msgpack errors carry the attribute path', () => {
  const t = CtyType.object({ labels: CtyType.map(CtyType.object({ items: CtyType.list('number') })) });

  it('on decode', () => {
    // {labels: {x: {items: ["s"]}}}
    const bytes = hex(`81 a6${ascii('labels')} 81 a178 81 a5${ascii('items')} 91 a173`);
    let caught: unknown;
    try {
      decodeMsgpack(bytes, t);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CtyCodecError);
    const e = caught as CtyCodecError;
    expect(e.message).toBe('labels["x"].items[0]: expected a number, found text that is not a number');
    expect(e.path).toEqual([
      { attributeName: 'labels' },
      { elementKeyString: 'x' },
      { attributeName: 'items' },
      { elementKeyInt: 0 },
    ]);
  });

  it('on encode, without revealing the value', () => {
    expect(() =>
      encodeMsgpack({ labels: { x: { items: ['secret-value'] } } } as unknown as Value, t),
    ).toThrow('labels["x"].items[0]: expected a number, found a string');
  });

  it('for attributes the type does not have', () => {
    expect(() => decodeMsgpack(hex('81a17a01'), CtyType.object({ a: 'number' }))).toThrow(
      'z: unsupported attribute',
    );
    expect(() => encodeMsgpack({ z: 1 }, CtyType.object({ a: 'number' }))).toThrow(
      'z: attribute is not part of the type',
    );
  });

  it('for malformed bytes', () => {
    expect(() => decodeMsgpack(hex('92a1'), CtyType.list('string'))).toThrow(CtyCodecError);
  });
});

describe('DynamicValue entry points', () => {
  it('decodes msgpack, falls back to JSON, and treats an empty value as null', () => {
    expect(decodeDynamicValue({ msgpack: hex('a178') }, 'string')).toBe('x');
    expect(decodeDynamicValue({ json: Buffer.from('"x"') }, 'string')).toBe('x');
    expect(decodeDynamicValue({}, 'string')).toBeNull();
    expect(toHex(encodeDynamicValue('x', 'string').msgpack as Uint8Array)).toBe('a178');
  });
});
