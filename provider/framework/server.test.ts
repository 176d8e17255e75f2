import { decodeDynamicValue, encodeDynamicValue } from '../protocol/cty/codec';
import { unknown, type Value } from '../protocol/cty/value';
import type { CallContext, ClientCapabilities } from '../protocol/server';
import { attr } from './attributes';
import { providerKit } from './provider';
import { FrameworkServer } from './server';
import { stringLength } from './validators';
import { requiresReplace, useStateForUnknown } from './plan-modifiers';

const ctx: CallContext = { signal: new AbortController().signal };
const caps: ClientCapabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };

interface Behaviour {
  createName?: string;
  gone?: boolean;
  seenSignal?: AbortSignal;
}

const kit = providerKit<Behaviour>();
const attributes = {
  id: attr.string({ computed: true, planModifiers: [useStateForUnknown()] }),
  name: attr.string({ required: true, validators: [stringLength({ min: 2 })] }),
  zone: attr.string({ optional: true, planModifiers: [requiresReplace()] }),
  token: attr.string({ computed: true, sensitive: true }),
  pw: attr.string({ optional: true, writeOnly: true }),
};
const thing = kit.resource({
  name: 'thing',
  schema: { attributes },
  create({ client, config, signal }) {
    client.seenSignal = signal;
    return {
      state: {
        ...config,
        id: 'i1',
        name: client.createName ?? config.name,
        token: 'tok-123456',
        pw: config.pw,
      },
    };
  },
  read({ client, state }) {
    return client.gone ? { gone: true } : { state };
  },
  update({ config, state }) {
    return { state: { ...state, ...config, id: state.id, token: state.token } };
  },
  delete() {},
});
const behaviour: Behaviour = {};
const secrets: string[] = [];
const server = new FrameworkServer(
  kit.provider({
    typeName: 't',
    schema: { attributes: { x: attr.string({ optional: true }) } },
    configure: () => behaviour,
    resources: [thing],
  }),
  { registerSecret: (s) => secrets.push(s) },
);
const type = [
  'object',
  { id: 'string', name: 'string', zone: 'string', token: 'string', pw: 'string' },
] as const;
const enc = (v: Value) => encodeDynamicValue(v, type);
const dec = (dv: Parameters<typeof decodeDynamicValue>[0]) => decodeDynamicValue(dv, type);
const obj = (o: Record<string, Value>) => ({ id: null, name: null, zone: null, token: null, pw: null, ...o });

beforeAll(async () => {
  await server.configureProvider(ctx, {
    terraformVersion: '1.11.4',
    config: encodeDynamicValue({ x: null }, ['object', { x: 'string' }]),
    clientCapabilities: caps,
  });
});

test('metadata and schema come from the definition', async () => {
  expect((await server.getMetadata()).resources).toEqual(['t_thing']);
  const schema = await server.getProviderSchema();
  expect(schema.resourceSchemas.t_thing.block.attributes.map((a) => a.name)).toEqual([
    'id',
    'name',
    'pw',
    'token',
    'zone',
  ]);
});

test('validation reports the attribute path', async () => {
  const r = await server.validateResourceConfig(ctx, {
    typeName: 't_thing',
    config: enc(obj({ name: 'x' })),
  });
  expect(r.diagnostics).toEqual([
    expect.objectContaining({
      severity: 'error',
      summary: 'Invalid value for "name"',
      attribute: [{ attributeName: 'name' }],
    }),
  ]);
});

test('plan and apply a create; write-only values never come back; secrets are registered', async () => {
  const config = obj({ name: 'ok', pw: 'write-only-pw' });
  const plan = await server.planResourceChange(ctx, {
    typeName: 't_thing',
    priorState: enc(null),
    proposedNewState: enc(config),
    config: enc(config),
    priorPrivate: new Uint8Array(),
    clientCapabilities: caps,
  });
  expect(plan.diagnostics).toEqual([]);
  expect(dec(plan.plannedState)).toEqual(obj({ id: unknown, name: 'ok', token: unknown }));
  const applied = await server.applyResourceChange(ctx, {
    typeName: 't_thing',
    priorState: enc(null),
    plannedState: plan.plannedState!,
    config: enc(config),
    plannedPrivate: new Uint8Array(),
  });
  expect(applied.diagnostics).toEqual([]);
  expect(dec(applied.newState)).toEqual(obj({ id: 'i1', name: 'ok', token: 'tok-123456' }));
  expect(secrets).toEqual(expect.arrayContaining(['write-only-pw', 'tok-123456']));
  expect(behaviour.seenSignal).toBe(ctx.signal);
});

test('an apply result that breaks the plan is our own error naming type and attribute', async () => {
  behaviour.createName = 'different';
  const config = obj({ name: 'ok' });
  const applied = await server.applyResourceChange(ctx, {
    typeName: 't_thing',
    priorState: enc(null),
    plannedState: enc(obj({ id: unknown, name: 'ok', token: unknown })),
    config: enc(config),
    plannedPrivate: new Uint8Array(),
  });
  behaviour.createName = undefined;
  expect(applied.diagnostics).toEqual([
    expect.objectContaining({
      summary: 't_thing: create returned a value for "name" that differs from the plan',
      attribute: [{ attributeName: 'name' }],
    }),
  ]);
});

test('requires-replace paths and destroy plans', async () => {
  const prior = obj({ id: 'i1', name: 'ok', zone: 'a', token: 'tok-123456' });
  const config = obj({ name: 'ok', zone: 'b' });
  const plan = await server.planResourceChange(ctx, {
    typeName: 't_thing',
    priorState: enc(prior),
    proposedNewState: enc({ ...config, id: 'i1', token: 'tok-123456' }),
    config: enc(config),
    priorPrivate: new Uint8Array(),
    clientCapabilities: caps,
  });
  expect(plan.requiresReplace).toEqual([[{ attributeName: 'zone' }]]);
  const destroy = await server.planResourceChange(ctx, {
    typeName: 't_thing',
    priorState: enc(prior),
    proposedNewState: enc(null),
    config: enc(null),
    priorPrivate: new Uint8Array(),
    clientCapabilities: caps,
  });
  expect(dec(destroy.plannedState)).toBeNull();
});

test('read may report the object gone', async () => {
  behaviour.gone = true;
  const r = await server.readResource(ctx, {
    typeName: 't_thing',
    currentState: enc(obj({ id: 'i1', name: 'ok' })),
    private: new Uint8Array(),
    clientCapabilities: caps,
  });
  behaviour.gone = false;
  expect(dec(r.newState)).toBeNull();
});

test('unknown types and unsupported import are diagnostics, not exceptions', async () => {
  const r = await server.validateResourceConfig(ctx, { typeName: 't_nope', config: enc(null) });
  expect(r.diagnostics?.[0].summary).toBe('Unknown resource type "t_nope"');
  const i = await server.importResourceState(ctx, { typeName: 't_thing', id: 'x', clientCapabilities: caps });
  expect(i.diagnostics?.[0].summary).toBe('t_thing cannot be imported');
});

test('schema mistakes are thrown when the server is built', () => {
  const bad = kit.resource({
    name: 'bad',
    schema: {
      attributes: {
        a: attr.string({ required: true, computed: true }),
        b: attr.string({ writeOnly: true, computed: true }),
      },
    },
    create: () => ({ state: { a: '', b: null } }),
    read: ({ state }) => ({ state }),
    delete: () => {},
  });
  expect(
    () =>
      new FrameworkServer(
        kit.provider({
          typeName: 't',
          schema: { attributes: { x: attr.string({ optional: true }) } },
          configure: () => ({}),
          resources: [bad],
        }),
      ),
  ).toThrow(
    /attribute "a": required excludes optional, computed and default[\s\S]*attribute "b": a write-only attribute cannot be computed/,
  );
});
