import { Diagnostics, providerServer, unknown } from '../framework';
import { DEFAULT_ENDPOINT } from '../infomaniak';
import { mailProvider, resolveSettings } from './provider';

describe('resolveSettings', () => {
  const none = { endpoint: null, token: null, requests_per_minute: null };

  it('takes configuration first, then the environment, then defaults', () => {
    const d = new Diagnostics();
    expect(
      resolveSettings(
        none,
        { INFOMANIAK_TOKEN: ' env-token\n', INFOMANIAK_ENDPOINT: 'http://127.0.0.1:1' },
        d,
      ),
    ).toEqual({ token: 'env-token', endpoint: 'http://127.0.0.1:1', requestsPerMinute: 60 });
    expect(
      resolveSettings(
        { endpoint: 'https://proxy.example', token: 'cfg-token', requests_per_minute: 30 },
        { INFOMANIAK_TOKEN: 'env-token' },
        d,
      ),
    ).toEqual({ token: 'cfg-token', endpoint: 'https://proxy.example', requestsPerMinute: 30 });
    expect(resolveSettings(none, { INFOMANIAK_TOKEN: 't' }, d)?.endpoint).toBe(DEFAULT_ENDPOINT);
    expect(d.length).toBe(0);
  });

  it('a missing token is an error on "token" that says how to set it', () => {
    const d = new Diagnostics();
    expect(resolveSettings({ ...none, token: '' }, { INFOMANIAK_TOKEN: '  ' }, d)).toBeUndefined();
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0]).toMatchObject({
      summary: 'Missing Infomaniak API token',
      attribute: [{ attributeName: 'token' }],
    });
    expect(d.errors[0].detail).toContain('INFOMANIAK_TOKEN');
  });

  it('an unknown setting is an error naming it', () => {
    const d = new Diagnostics();
    expect(resolveSettings({ ...none, token: unknown }, {}, d)).toBeUndefined();
    expect(d.errors[0].attribute).toEqual([{ attributeName: 'token' }]);
  });
});

describe('the provider definition', () => {
  it('builds a valid schema with every resource and data source', async () => {
    const server = providerServer(mailProvider({ env: {} }));
    const meta = await server.getMetadata();
    expect(meta.resources).toEqual(
      expect.arrayContaining(['infomaniakmail_address', 'infomaniakmail_device']),
    );
    expect(meta.dataSources).toEqual(
      expect.arrayContaining(['infomaniakmail_address', 'infomaniakmail_devices']),
    );
    const schema = await server.getProviderSchema();
    const token = schema.provider.block.attributes.find((a) => a.name === 'token');
    expect(token).toMatchObject({ sensitive: true, optional: true });
  });

  it('marks secrets sensitive and no longer offers removed attributes', async () => {
    const schema = await providerServer(mailProvider({ env: {} })).getProviderSchema();
    const attribute = (resource: string, name: string) =>
      schema.resourceSchemas[resource]?.block.attributes.find((a) => a.name === name);
    expect(attribute('infomaniakmail_device', 'password')).toMatchObject({ sensitive: true, computed: true });
    expect(attribute('infomaniakmail_user_access', 'invitation_url')).toMatchObject({ sensitive: true });
    const removed = ['password_wo', 'password_wo_version', 'delete_mailbox_on_destroy'];
    const offered = Object.values(schema.resourceSchemas).flatMap((s) =>
      s.block.attributes.map((a) => a.name),
    );
    expect(offered.filter((name) => removed.includes(name))).toEqual([]);
  });

  it('every attribute of every schema has a description (they are the docs)', async () => {
    const schema = await providerServer(mailProvider({ env: {} })).getProviderSchema();
    const blocks = { provider: schema.provider, ...schema.resourceSchemas, ...schema.dataSourceSchemas };
    const missing: string[] = [];
    for (const [name, s] of Object.entries(blocks)) {
      if (!s.block.description) missing.push(name);
      for (const a of s.block.attributes) if (!a.description) missing.push(`${name}.${a.name}`);
    }
    expect(missing).toEqual([]);
  });
});
