import {
  BigNumber,
  CtyType,
  Dynamic,
  formatPath,
  isWhollyKnown,
  numberFromText,
  parseCtyTypeJson,
  ctyTypeEquals,
  unknown,
  valueEquals,
} from '../index';

describe('valueEquals', () => {
  it('ignores set order, also in nested sets', () => {
    const t = CtyType.set(CtyType.object({ name: 'string', ports: CtyType.set('number') }));
    const a = [
      { name: 'a', ports: [1, 2] },
      { name: 'b', ports: [] },
    ];
    const b = [
      { name: 'b', ports: [] },
      { name: 'a', ports: [2, 1] },
    ];
    expect(valueEquals(a, b, t)).toBe(true);
    expect(valueEquals(a, [{ name: 'a', ports: [1] }, b[0]], t)).toBe(false);
  });

  it('respects list order and compares numbers exactly', () => {
    expect(valueEquals([1, 2], [2, 1], CtyType.list('number'))).toBe(false);
    expect(valueEquals(new BigNumber('1'), 1, 'number')).toBe(true);
    // the float64 0.1 is not the decimal 0.1
    expect(valueEquals(0.1, new BigNumber('0.1'), 'number')).toBe(false);
    expect(valueEquals(new BigNumber('1.50'), new BigNumber('1.5'), 'number')).toBe(true);
  });

  it('treats missing object attributes as null and unknown as equal to unknown only', () => {
    const t = CtyType.object({ a: 'string', b: 'string' });
    expect(valueEquals({ a: 'x' }, { a: 'x', b: null }, t)).toBe(true);
    expect(valueEquals({ a: unknown }, { a: unknown }, t)).toBe(true);
    expect(valueEquals({ a: unknown }, { a: 'x' }, t)).toBe(false);
  });

  it('compares dynamic values by type and value', () => {
    expect(valueEquals(new Dynamic('string', 'x'), 'x', 'dynamic')).toBe(true);
    expect(valueEquals(new Dynamic('string', '1'), new Dynamic('number', 1), 'dynamic')).toBe(false);
  });
});

describe('isWhollyKnown', () => {
  it('finds unknowns at any depth', () => {
    expect(isWhollyKnown({ a: [{ b: 'x' }], c: null })).toBe(true);
    expect(isWhollyKnown({ a: [{ b: unknown }] })).toBe(false);
    expect(isWhollyKnown(new Dynamic(CtyType.list('string'), [unknown]))).toBe(false);
  });
});

describe('formatPath', () => {
  it('renders attribute, key and index steps', () => {
    expect(
      formatPath([
        { attributeName: 'labels' },
        { elementKeyString: 'x' },
        { attributeName: 'items' },
        { elementKeyInt: 0 },
      ]),
    ).toBe('labels["x"].items[0]');
    expect(formatPath([])).toBe('');
    expect(formatPath([{ elementKeyString: 'a"b' }])).toBe('["a\\"b"]');
  });
});

describe('numbers and types', () => {
  it('keeps only exact float64 values as JS numbers', () => {
    expect(numberFromText('100')).toBe(100);
    expect(numberFromText('1.5e-3')).toEqual(new BigNumber('0.0015'));
    expect(numberFromText('9007199254740993')).toEqual(new BigNumber('9007199254740993'));
    expect(numberFromText('x')).toBeUndefined();
  });

  it('parses and compares type JSON', () => {
    const t = parseCtyTypeJson('["object",{"b":"string","a":["set","number"]},["b"]]');
    expect(ctyTypeEquals(t, CtyType.object({ a: CtyType.set('number'), b: 'string' }, ['b']))).toBe(true);
    expect(() => parseCtyTypeJson('["object",{"a":"strin"}]')).toThrow(/unsupported type name/);
  });
});
