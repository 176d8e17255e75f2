import {
  BigNumber,
  CtyCodecError,
  CtyType,
  Dynamic,
  decodeDynamicValue,
  decodeJsonValue,
  encodeJsonValue,
  unknown,
} from '../index';

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

describe('cty JSON codec', () => {
  const t = CtyType.object({
    id: 'string',
    n: 'number',
    d: 'dynamic',
    tags: CtyType.set('string'),
    m: CtyType.map(CtyType.list('bool')),
    gone: 'string',
  });

  it('reads stored state with exact numbers, dynamic wrappers and missing attributes as null', () => {
    const json =
      '{"id":"x","n":123456789012345678901234567890.5,"d":{"value":["a"],"type":["list","string"]},' +
      '"tags":["b","a"],"m":{"k":[true,false]}}';
    expect(decodeJsonValue(Buffer.from(json), t)).toEqual({
      id: 'x',
      n: new BigNumber('123456789012345678901234567890.5'),
      d: new Dynamic(CtyType.list('string'), ['a']),
      tags: ['b', 'a'],
      m: { k: [true, false] },
      gone: null,
    });
  });

  it('writes attributes and map keys sorted, numbers exactly, typed dynamic nulls with their type', () => {
    const v = {
      id: 'x',
      n: new BigNumber('0.1'),
      d: new Dynamic('string', null),
      tags: ['b', 'a', 'b'],
      m: { z: [true], a: [] },
      gone: null,
    };
    expect(text(encodeJsonValue(v, t))).toBe(
      '{"d":{"value":null,"type":"string"},"gone":null,"id":"x","m":{"a":[],"z":[true]},"n":0.1,"tags":["b","a"]}',
    );
  });

  it('round-trips big integers and small floats', () => {
    for (const n of ['18446744073709551617', '-0.000000000000000000001', '1e+400']) {
      const v = decodeJsonValue(n, 'number');
      expect(decodeJsonValue(encodeJsonValue(v, 'number'), 'number')).toEqual(v);
    }
    expect(decodeJsonValue('0.5', 'number')).toBe(0.5);
  });

  it('accepts the primitive conversions cty accepts', () => {
    expect(decodeJsonValue('12', 'string')).toBe('12');
    expect(decodeJsonValue('"12"', 'number')).toBe(12);
    expect(decodeJsonValue('"true"', 'bool')).toBe(true);
  });

  it('refuses unknowns, which JSON cannot carry', () => {
    expect(() => encodeJsonValue({ id: unknown }, CtyType.object({ id: 'string' }))).toThrow(
      'id: an unknown value cannot be encoded as JSON',
    );
  });

  it('rejects undefined attributes unless asked to drop them', () => {
    const small = CtyType.object({ id: 'string' });
    expect(() => decodeJsonValue('{"id":"a","old":1}', small)).toThrow(CtyCodecError);
    expect(decodeJsonValue('{"id":"a","old":1}', small, { ignoreUndefinedAttributes: true })).toEqual({
      id: 'a',
    });
  });

  it('reports malformed JSON and wrong shapes with paths', () => {
    expect(() => decodeJsonValue('{"id":', CtyType.object({ id: 'string' }))).toThrow(/invalid JSON/);
    expect(() =>
      decodeJsonValue('{"tags":[1,{}]}', CtyType.object({ tags: CtyType.list('string') })),
    ).toThrow('tags[1]: expected a string, found an object');
  });

  it('is the fallback of decodeDynamicValue', () => {
    expect(decodeDynamicValue({ json: Buffer.from('{"value":3,"type":"number"}') }, 'dynamic')).toEqual(
      new Dynamic('number', 3),
    );
  });
});
