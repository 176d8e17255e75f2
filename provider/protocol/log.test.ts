import { clearSecretsForTesting } from './log';
import { createLogger, hclogTimestamp, logLevelFromEnv, registerSecret, REDACTED } from './index';

describe('logger', () => {
  afterEach(() => clearSecretsForTesting());

  function capture(level: 'trace' | 'info' | 'off' = 'trace') {
    const lines: string[] = [];
    const logger = createLogger({
      level,
      write: (l) => lines.push(l),
      now: () => new Date('2024-05-06T07:08:09.123Z'),
    });
    return { lines, logger };
  }

  it('writes hclog JSON lines that go-plugin parses', () => {
    const { lines, logger } = capture();
    logger.named('protocol').debug('hello', { tf_rpc: 'GetProviderSchema', n: 3 });
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(entry).toEqual({
      '@level': 'debug',
      '@message': 'hello',
      '@module': 'provider.protocol',
      '@timestamp': '2024-05-06T07:08:09.123000Z',
      tf_rpc: 'GetProviderSchema',
      n: 3,
    });
    // go-plugin's layout: 2006-01-02T15:04:05.000000Z07:00
    expect(hclogTimestamp(new Date(0))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('filters by level', () => {
    const { lines, logger } = capture('info');
    logger.debug('no');
    logger.warn('yes');
    expect(lines.map((l) => (JSON.parse(l) as { '@level': string })['@level'])).toEqual(['warn']);
  });

  it('never writes a registered secret, in any field, key, nested value or escaped form', () => {
    const secret = 'p@ss"word\\with-quotes';
    registerSecret(secret);
    const { lines, logger } = capture();
    logger.info(`token is ${secret}`, {
      token: secret,
      nested: { list: [secret, `x${secret}y`] },
      [secret]: 'as a key',
      error: new Error(`failed with ${secret}`),
      json: JSON.stringify({ secret }),
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(lines[0]).toContain(REDACTED);
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(entry['@message']).toBe(`token is ${REDACTED}`);
    expect(entry.token).toBe(REDACTED);
  });

  it('ignores values too short to be secrets', () => {
    registerSecret('a');
    const { lines, logger } = capture();
    logger.info('a cat');
    expect(JSON.parse(lines[0])['@message']).toBe('a cat');
  });

  it('takes its level from TF_LOG_PROVIDER_<NAME>, TF_LOG_PROVIDER, TF_LOG', () => {
    expect(logLevelFromEnv({}, 'x')).toBe('error');
    expect(logLevelFromEnv({ TF_LOG: 'DEBUG' })).toBe('debug');
    expect(logLevelFromEnv({ TF_LOG: 'json' })).toBe('trace');
    expect(logLevelFromEnv({ TF_LOG: 'debug', TF_LOG_PROVIDER: 'off' })).toBe('off');
    expect(
      logLevelFromEnv({ TF_LOG_PROVIDER: 'warn', TF_LOG_PROVIDER_INFOMANIAKMAIL: 'info' }, 'infomaniakmail'),
    ).toBe('info');
  });
});
