/**
 * A tiny provider served through the real protocol layer, for the handshake
 * tests (and a manual smoke test with terraform). One resource, `stub_thing`
 * (name required, id computed, token-like secret in the provider block), one
 * resource whose plan throws, `stub_boom`, and nothing optional implemented.
 *
 * Run: node -r ts-node/register/transpile-only test/support/stub-provider.ts
 */
import { guardEarlyInterrupts } from '../../provider/protocol/interrupt-guard';
guardEarlyInterrupts();
import {
  CtyType,
  decodeDynamicValue,
  encodeDynamicValue,
  registerSecret,
  runProvider,
  unknown,
  createLogger,
  logLevelFromEnv,
  type ProviderServer,
  type Schema,
  type Value,
} from '../../provider/protocol';

const thingType = CtyType.object({ id: 'string', name: 'string' });
const providerType = CtyType.object({ token: 'string' });

const thingSchema: Schema = {
  version: 0,
  block: {
    description: 'A thing that exists only in the provider process.',
    attributes: [
      { name: 'id', type: 'string', computed: true, description: 'Identifier.' },
      { name: 'name', type: 'string', required: true, description: 'Name of the thing.' },
    ],
  },
};

const logger = createLogger({ level: logLevelFromEnv(process.env, 'stub') });

const diagnostics = { diagnostics: [] };

const server: ProviderServer = {
  async getMetadata() {
    return { resources: ['stub_thing', 'stub_boom'], dataSources: [], ephemeralResources: [], functions: [] };
  },
  async getProviderSchema() {
    return {
      provider: {
        version: 0,
        block: { attributes: [{ name: 'token', type: 'string', optional: true, sensitive: true }] },
      },
      resourceSchemas: { stub_thing: thingSchema, stub_boom: thingSchema },
      dataSourceSchemas: {},
      ephemeralResourceSchemas: {},
      functions: {},
    };
  },
  async validateProviderConfig() {
    return diagnostics;
  },
  async validateResourceConfig() {
    return diagnostics;
  },
  async validateDataResourceConfig() {
    return diagnostics;
  },
  async upgradeResourceState(_ctx, req) {
    const state = decodeDynamicValue({ json: req.rawState.json }, thingType);
    return { upgradedState: encodeDynamicValue(state, thingType) };
  },
  async configureProvider(_ctx, req) {
    const config = decodeDynamicValue(req.config, providerType) as { token: string | null };
    if (config.token) {
      registerSecret(config.token);
      // Deliberately careless, to prove that redaction catches it.
      logger.info(`configured with token ${config.token}`, {
        token: config.token,
        nested: { t: [config.token] },
      });
      console.log('console says', config.token);
    }
    return diagnostics;
  },
  async readResource(_ctx, req) {
    return { newState: req.currentState, private: req.private };
  },
  async planResourceChange(_ctx, req) {
    if (req.typeName === 'stub_boom')
      throw new TypeError(`boom with a secret inside: ${process.env.STUB_SECRET}`);
    const proposed = decodeDynamicValue(req.proposedNewState, thingType) as Record<string, Value> | null;
    const prior = decodeDynamicValue(req.priorState, thingType) as Record<string, Value> | null;
    if (proposed === null) return { plannedState: req.proposedNewState };
    const planned = { ...proposed, id: prior?.id ?? unknown };
    const requiresReplace = prior && prior.name !== proposed.name ? [[{ attributeName: 'name' }]] : [];
    return { plannedState: encodeDynamicValue(planned, thingType), requiresReplace };
  },
  async applyResourceChange(_ctx, req) {
    const planned = decodeDynamicValue(req.plannedState, thingType) as Record<string, Value> | null;
    if (planned === null) return { newState: req.plannedState };
    return { newState: encodeDynamicValue({ ...planned, id: `id-${String(planned.name)}` }, thingType) };
  },
  async importResourceState(_ctx, req) {
    return {
      importedResources: [
        {
          typeName: req.typeName,
          state: encodeDynamicValue({ id: req.id, name: req.id.replace(/^id-/, '') }, thingType),
        },
      ],
    };
  },
  async readDataSource() {
    return diagnostics;
  },
};

void runProvider(server, {
  name: 'stub',
  executableName: 'stub-provider',
  logger,
  ...(process.env.STUB_INTERRUPT_IDLE_MS
    ? { interruptIdleMs: Number(process.env.STUB_INTERRUPT_IDLE_MS) }
    : {}),
});
