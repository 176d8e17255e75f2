import { Diagnostics } from './diagnostics';
import {
  each,
  intRange,
  oneOf,
  sizeBetween,
  stringLength,
  stringMatches,
  validator,
  type Validator,
} from './validators';

function run<T>(
  v: Validator<T>,
  value: T,
  type: 'string' | 'number' | readonly ['list' | 'set' | 'map', 'string'] = 'string',
) {
  const d = new Diagnostics();
  v.validate({ value, path: [{ attributeName: 'a' }], type, diagnostics: d });
  return d.toArray().map((x) => [x.detail, x.attribute]);
}

test('built-in validators explain what is wrong, at the path', () => {
  expect(run(stringLength({ min: 2, max: 3 }), 'é')).toEqual([
    ['Must be at least 2 characters long (got 1).', [{ attributeName: 'a' }]],
  ]);
  expect(run(stringLength({ max: 3 }), 'abcd')[0][0]).toBe('Must be at most 3 characters long (got 4).');
  expect(run(stringMatches(/^x/), 'y')[0][0]).toBe('Must match the pattern /^x/.');
  expect(run(oneOf('a', 'b'), 'c')[0][0]).toBe('Must be one of "a", "b" (got "c").');
  expect(run(intRange(1, 5), 1.5, 'number')[0][0]).toBe('Must be a whole number (got 1.5).');
  expect(run(intRange(1, 5), 6, 'number')[0][0]).toBe('Must be between 1 and 5 (got 6).');
  expect(run(sizeBetween(1), [], ['list', 'string'])[0][0]).toBe('Must have at least 1 elements (got 0).');
  expect(
    run(
      validator<string>('custom', (v) => (v === 'ok' ? undefined : 'not ok')),
      'no',
    )[0][0],
  ).toBe('not ok');
  expect(run(stringLength({ min: 1 }), 'fine')).toEqual([]);
});

test('each() reports list indexes and map keys, and the set itself for sets', () => {
  const v = each(stringLength({ max: 1 }));
  expect(run(v, ['a', 'bb'], ['list', 'string'])[0][1]).toEqual([
    { attributeName: 'a' },
    { elementKeyInt: 1 },
  ]);
  expect(run(v, { k: 'bb' }, ['map', 'string'])[0][1]).toEqual([
    { attributeName: 'a' },
    { elementKeyString: 'k' },
  ]);
  expect(run(v, ['bb'], ['set', 'string'])[0][1]).toEqual([{ attributeName: 'a' }]);
});
