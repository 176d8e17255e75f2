import { unknown, type Value } from '../protocol/cty/value';
import { attr } from './attributes';
import { Diagnostics } from './diagnostics';
import { checkAgainstConfig, nullWriteOnly, planResource } from './plan';
import { requiresReplace, useStateForUnknown, planModifier } from './plan-modifiers';

const attrs = {
  id: attr.string({ computed: true, planModifiers: [useStateForUnknown()] }),
  name: attr.string({ required: true }),
  body: attr.string({ optional: true, computed: true }),
  revision: attr.number({ computed: true }),
  folder: attr.string({ optional: true, default: 'inbox', planModifiers: [requiresReplace()] }),
  password_wo: attr.string({ optional: true, writeOnly: true }),
  items: attr.listNested(
    { url: attr.string({ required: true }), label: attr.string({ optional: true, computed: true }) },
    { optional: true },
  ),
};

const config = (over: Record<string, Value> = {}): Record<string, Value> => ({
  id: null,
  name: 'a',
  body: null,
  revision: null,
  folder: null,
  password_wo: null,
  items: null,
  ...over,
});

const prior: Record<string, Value> = {
  id: 'n1',
  name: 'a',
  body: 'text',
  revision: 3,
  folder: 'inbox',
  password_wo: null,
  items: [{ url: 'u1', label: 'L1' }],
};

/** What terraform proposes: config, with prior values where config is null for computed attributes. */
function propose(cfg: Record<string, Value>, p: Record<string, Value> | null): Record<string, Value> {
  if (p === null) return cfg;
  const out: Record<string, Value> = { ...cfg };
  for (const k of ['id', 'body', 'revision', 'folder']) if (cfg[k] === null) out[k] = p[k];
  // Nested list elements pair with prior elements by index.
  const items = cfg.items as Record<string, Value>[] | null;
  const priorItems = p.items as Record<string, Value>[] | null;
  if (items && priorItems)
    out.items = items.map((e, i) =>
      priorItems[i] && e.label === null ? { ...e, label: priorItems[i].label } : e,
    );
  return out;
}

function plan(cfg: Record<string, Value>, p: Record<string, Value> | null) {
  const diagnostics = new Diagnostics();
  const outcome = planResource(attrs, { prior: p, proposed: propose(cfg, p), config: cfg }, diagnostics);
  return { ...outcome, diagnostics };
}

describe('planResource', () => {
  it('plans null for destroy', () => {
    const d = new Diagnostics();
    expect(planResource(attrs, { prior, proposed: null, config: null }, d)).toEqual({
      planned: null,
      requiresReplace: [],
    });
  });

  it('marks computed attributes unknown on create and applies defaults', () => {
    const { planned, requiresReplace: rr } = plan(config({ items: [{ url: 'u', label: null }] }), null);
    expect(planned).toEqual({
      id: unknown,
      name: 'a',
      body: unknown,
      revision: unknown,
      folder: 'inbox',
      password_wo: null,
      items: [{ url: 'u', label: unknown }],
    });
    expect(rr).toEqual([]);
  });

  it('keeps configured values of optional+computed attributes', () => {
    const { planned } = plan(config({ body: 'given' }), null);
    expect((planned as Record<string, Value>).body).toBe('given');
  });

  it('plans no change when nothing changed', () => {
    const { planned } = plan(config({ items: [{ url: 'u1', label: null }] }), prior);
    expect(planned).toEqual(prior);
  });

  it('on update, computed-only become unknown, optional+computed keep prior, useStateForUnknown keeps id', () => {
    const { planned, requiresReplace: rr } = plan(
      config({
        name: 'b',
        items: [
          { url: 'u1', label: null },
          { url: 'u2', label: null },
        ],
      }),
      prior,
    );
    expect(planned).toEqual({
      ...prior,
      name: 'b',
      revision: unknown,
      items: [
        { url: 'u1', label: 'L1' },
        { url: 'u2', label: unknown },
      ],
    });
    expect(rr).toEqual([]);
  });

  it('write-only attributes are planned null even when configured', () => {
    const { planned } = plan(config({ password_wo: 'hunter2hunter2' }), prior);
    expect((planned as Record<string, Value>).password_wo).toBeNull();
  });

  it('requiresReplace reports the path of a changed attribute, not on create', () => {
    expect(plan(config({ folder: 'archive' }), prior).requiresReplace).toEqual([
      [{ attributeName: 'folder' }],
    ]);
    expect(plan(config({ folder: 'archive' }), null).requiresReplace).toEqual([]);
  });

  it('a default is planned when the attribute is removed from configuration', () => {
    const { planned } = plan(config(), { ...prior, folder: 'archive' });
    expect((planned as Record<string, Value>).folder).toBe('inbox');
  });

  it('custom modifiers see config, state and plan and may set the plan', () => {
    const seen: unknown[] = [];
    const custom = {
      x: attr.string({
        optional: true,
        computed: true,
        planModifiers: [
          planModifier<string>('upper', (req) => {
            seen.push({ config: req.config, state: req.state, plan: req.plan, creating: req.creating });
            return { plan: 'X' };
          }),
        ],
      }),
    };
    const d = new Diagnostics();
    const out = planResource(custom, { prior: { x: 'old' }, proposed: { x: 'old' }, config: { x: null } }, d);
    expect(out.planned).toEqual({ x: 'X' });
    expect(seen).toEqual([{ config: null, state: 'old', plan: 'old', creating: false }]);
  });

  it('nulls write-only values inside nested objects', () => {
    const nested = {
      n: attr.object({ secret: attr.string({ optional: true, writeOnly: true }) }, { optional: true }),
    };
    expect(nullWriteOnly(nested, { n: { secret: 's' } })).toEqual({ n: { secret: null } });
  });
});

describe('checkAgainstConfig', () => {
  it('names an attribute whose plan differs from configuration', () => {
    const d = new Diagnostics();
    checkAgainstConfig('note_note', attrs, { ...prior, name: 'changed', items: null }, config(), d);
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0].attribute).toEqual([{ attributeName: 'name' }]);
    expect(d.errors[0].summary).toContain('note_note');
    expect(d.errors[0].summary).toContain('"name"');
  });

  it('allows computed parts of nested objects to differ', () => {
    const d = new Diagnostics();
    checkAgainstConfig(
      'note_note',
      attrs,
      { ...prior, items: [{ url: 'u1', label: 'L1' }] },
      config({ items: [{ url: 'u1', label: null }] }),
      d,
    );
    expect(d.length).toBe(0);
  });

  it('catches a configured nested value that was changed', () => {
    const d = new Diagnostics();
    checkAgainstConfig(
      'note_note',
      attrs,
      { ...prior, items: [{ url: 'other', label: 'L1' }] },
      config({ items: [{ url: 'u1', label: null }] }),
      d,
    );
    expect(d.errors.map((e) => e.attribute)).toEqual([
      [{ attributeName: 'items' }, { elementKeyInt: 0 }, { attributeName: 'url' }],
    ]);
  });
});
