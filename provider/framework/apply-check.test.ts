import { BigNumber, unknown } from '../protocol/cty/value';
import { checkAppliedState } from './apply-check';
import { attr } from './attributes';
import { Diagnostics } from './diagnostics';

const attrs = {
  id: attr.string({ computed: true }),
  name: attr.string({ required: true }),
  size: attr.number({ optional: true }),
  tags: attr.set('string', { optional: true, computed: true }),
  password_wo: attr.string({ optional: true, writeOnly: true }),
  items: attr.listNested(
    { id: attr.string({ computed: true }), v: attr.string({ required: true }) },
    { optional: true },
  ),
};

describe('checkAppliedState', () => {
  const planned = {
    id: unknown,
    name: 'n',
    size: 1,
    tags: unknown,
    password_wo: null,
    items: [{ id: unknown, v: 'a' }],
  };

  it('accepts a result that honours the plan and fills the unknowns', () => {
    const d = new Diagnostics();
    const state = {
      id: 'x',
      name: 'n',
      size: new BigNumber('1.0'),
      tags: ['b', 'a'],
      password_wo: null,
      items: [{ id: 'i', v: 'a' }],
    };
    expect(checkAppliedState('t_r', 'create', attrs, planned, state, d)).toEqual(state);
    expect(d.length).toBe(0);
  });

  it('names each attribute that differs from a known planned value', () => {
    const d = new Diagnostics();
    checkAppliedState(
      't_r',
      'create',
      attrs,
      planned,
      { id: 'x', name: 'N', size: 2, tags: [], items: [{ id: 'i', v: 'b' }] },
      d,
    );
    expect(d.errors.map((e) => e.attribute)).toEqual([
      [{ attributeName: 'name' }],
      [{ attributeName: 'size' }],
      [{ attributeName: 'items' }, { elementKeyInt: 0 }, { attributeName: 'v' }],
    ]);
    expect(d.errors[0].summary).toBe('t_r: create returned a value for "name" that differs from the plan');
  });

  it('reports unknowns left after apply and replaces them with null', () => {
    const d = new Diagnostics();
    const out = checkAppliedState(
      't_r',
      'update',
      attrs,
      planned,
      { ...planned, tags: [], items: [{ id: 'i', v: 'a' }] },
      d,
    );
    expect(d.errors.map((e) => e.summary)).toEqual(['t_r: "id" is still unknown after update']);
    expect(out).toMatchObject({ id: null });
  });

  it('nulls write-only values in the returned state', () => {
    const d = new Diagnostics();
    const out = checkAppliedState(
      't_r',
      'create',
      attrs,
      { ...planned, items: null },
      { id: 'x', name: 'n', size: 1, tags: [], password_wo: 'secret', items: null },
      d,
    );
    expect(out).toMatchObject({ password_wo: null });
    expect(d.length).toBe(0);
  });

  it('a list planned with a different length is a mismatch', () => {
    const d = new Diagnostics();
    checkAppliedState(
      't_r',
      'create',
      attrs,
      planned,
      { id: 'x', name: 'n', size: 1, tags: [], items: [] },
      d,
    );
    expect(d.errors.map((e) => e.attribute)).toEqual([[{ attributeName: 'items' }]]);
  });
});
