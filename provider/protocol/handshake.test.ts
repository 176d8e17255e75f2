/**
 * The provider executable as terraform sees it: spawned with go-plugin's
 * environment, one handshake line on stdout, gRPC over mutual TLS, hclog JSON
 * on stderr, clean exits. The stub provider (test/support/stub-provider.ts) runs
 * through ts-node.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { webcrypto, X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as x509 from '@peculiar/x509';
import { CtyType, encodeDynamicValue, MAGIC_COOKIE_VALUE } from './index';
import { findProtoDir } from './proto-files';
import { LOADER_OPTIONS } from './proto-loader';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ROOT = join(__dirname, '..', '..');
const STUB = join(ROOT, 'test', 'support', 'stub-provider.ts');
const TOKEN = 'tok-0123456789-very-secret';

interface ClientIdentity {
  certPem: string;
  keyPem: string;
}

/** What terraform does: a self-signed ECDSA P-521 CA certificate for localhost. */
async function clientIdentity(): Promise<ClientIdentity> {
  const alg = { name: 'ECDSA', namedCurve: 'P-521' } as const;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=localhost, O=HashiCorp',
    notBefore: new Date(Date.now() - 30_000),
    notAfter: new Date(Date.now() + 3600_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-512' },
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyEncipherment |
          x509.KeyUsageFlags.keyAgreement |
          x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.clientAuth,
        x509.ExtendedKeyUsage.serverAuth,
      ]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    certPem: cert.toString('pem'),
    keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`,
  };
}

interface Running {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  firstLine: Promise<string>;
  exit: Promise<number | null>;
}

function start(env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', STUB], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let resolveLine!: (l: string) => void;
  const firstLine = new Promise<string>((r) => (resolveLine = r));
  let outBuf = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    outBuf += d;
    const lines = outBuf.split('\n');
    outBuf = lines.pop() ?? '';
    for (const l of lines) {
      stdout.push(l);
      if (stdout.length === 1) resolveLine(l);
    }
  });
  let errBuf = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    errBuf += d;
    const lines = errBuf.split('\n');
    errBuf = lines.pop() ?? '';
    stderr.push(...lines);
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (outBuf) stdout.push(outBuf);
      if (errBuf) stderr.push(errBuf);
      resolveLine('');
      resolve(code);
    }),
  );
  return { child, stdout, stderr, firstLine, exit };
}

const pkg = protoLoader.loadSync(['tfplugin6.proto', 'go-plugin.proto', 'health.proto'], {
  ...LOADER_OPTIONS,
  includeDirs: [findProtoDir()],
});
const loaded = grpc.loadPackageDefinition(pkg) as unknown as {
  tfplugin6: { Provider: grpc.ServiceClientConstructor };
  plugin: { GRPCController: grpc.ServiceClientConstructor };
  grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
};

/* eslint-disable @typescript-eslint/no-explicit-any */
function call(client: grpc.Client, method: string, req: object = {}): Promise<any> {
  return new Promise((resolve, reject) =>
    (client as any)[method](req, { deadline: Date.now() + 10_000 }, (err: Error | null, res: unknown) =>
      err ? reject(err) : resolve(res),
    ),
  );
}

function parseHandshake(line: string): { socket: string; certPem: string } {
  const m = /^1\|6\|unix\|([^|]+)\|grpc\|([A-Za-z0-9+/]+)$/.exec(line);
  if (!m) throw new Error(`unexpected handshake line: ${line}`);
  const der = Buffer.from(m[2], 'base64');
  return { socket: m[1], certPem: new X509Certificate(der).toString() };
}

function clients(socket: string, serverCertPem: string, id: ClientIdentity) {
  const creds = grpc.credentials.createSsl(
    Buffer.from(serverCertPem),
    Buffer.from(id.keyPem),
    Buffer.from(id.certPem),
  );
  const opts = { 'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost' };
  const target = `unix:${socket}`;
  return {
    provider: new loaded.tfplugin6.Provider(target, creds, opts),
    controller: new loaded.plugin.GRPCController(target, creds, opts),
    health: new loaded.grpc.health.v1.Health(target, creds, opts),
  };
}

describe('provider executable', () => {
  let socketBase: string;
  let terraformId: ClientIdentity;

  beforeAll(async () => {
    terraformId = await clientIdentity();
  });
  beforeEach(() => {
    socketBase = mkdtempSync(join(tmpdir(), 'proto-test-'));
  });
  afterEach(() => rmSync(socketBase, { recursive: true, force: true }));

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '5,6',
    PLUGIN_CLIENT_CERT: terraformId.certPem,
    PLUGIN_UNIX_SOCKET_DIR: socketBase,
    TF_LOG: 'trace',
    STUB_SECRET: 'exception-detail-value',
    ...extra,
  });

  it('hands shake over mTLS, serves every RPC, and exits on Shutdown', async () => {
    const p = start(env());
    const { socket, certPem } = parseHandshake(await p.firstLine);
    expect(dirname(dirname(socket))).toBe(socketBase);
    const c = clients(socket, certPem, terraformId);

    const schema = await call(c.provider, 'GetProviderSchema');
    expect(Object.keys(schema.resourceSchemas).sort()).toEqual(['stub_boom', 'stub_thing']);
    const attrs = schema.resourceSchemas.stub_thing.block.attributes;
    expect(attrs.map((a: any) => [a.name, Buffer.from(a.type).toString()])).toEqual([
      ['id', '"string"'],
      ['name', '"string"'],
    ]);

    expect(await call(c.health, 'Check', { service: 'plugin' })).toEqual({ status: 'SERVING' });

    const configured = await call(c.provider, 'ConfigureProvider', {
      terraformVersion: '1.11.0',
      config: {
        msgpack: Buffer.from(
          encodeDynamicValue({ token: TOKEN }, CtyType.object({ token: 'string' })).msgpack!,
        ),
      },
    });
    expect(configured.diagnostics).toEqual([]);

    for (const rpc of ['MoveResourceState', 'OpenEphemeralResource', 'ValidateEphemeralResourceConfig']) {
      const res = await call(c.provider, rpc, { typeName: 'stub_thing' });
      expect(res.diagnostics).toHaveLength(1);
      expect(res.diagnostics[0]).toMatchObject({ severity: 'ERROR', summary: 'Unsupported operation' });
    }
    const fn = await call(c.provider, 'CallFunction', { name: 'f' });
    expect(fn.error.text).toMatch(/does not offer provider-defined functions/);
    expect(await call(c.provider, 'GetFunctions')).toMatchObject({ functions: {}, diagnostics: [] });

    const boom = await call(c.provider, 'PlanResourceChange', { typeName: 'stub_boom' });
    expect(boom.diagnostics[0].summary).toBe('Internal provider error');
    expect(boom.diagnostics[0].detail).toContain('PlanResourceChange for stub_boom (TypeError)');
    expect(boom.diagnostics[0].detail).not.toContain('exception-detail-value');

    expect(await call(c.provider, 'StopProvider')).toEqual({ Error: '' });

    await call(c.controller, 'Shutdown');
    expect(await p.exit).toBe(0);
    expect(existsSync(dirname(socket))).toBe(false);

    // stdout carried the handshake line and nothing else, despite console.log in the stub
    expect(p.stdout.filter((l) => l !== '')).toHaveLength(1);
    // every stderr line is an hclog JSON entry, and the registered token never appears
    expect(p.stderr.length).toBeGreaterThan(0);
    for (const line of p.stderr.filter((l) => l !== '')) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(['trace', 'debug', 'info', 'warn', 'error']).toContain(entry['@level']);
      expect(typeof entry['@message']).toBe('string');
    }
    const all = p.stderr.join('\n');
    expect(all).toContain('configured with token (sensitive)');
    expect(all).toContain('console says (sensitive)');
    expect(all).not.toContain(TOKEN);
    [c.provider, c.controller, c.health].forEach((x) => x.close());
  });

  it('refuses a client that presents another certificate', async () => {
    const p = start(env());
    const { socket, certPem } = parseHandshake(await p.firstLine);
    const intruder = clients(socket, certPem, await clientIdentity());
    await expect(call(intruder.provider, 'GetProviderSchema')).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
    intruder.provider.close();
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });

  it('exits cleanly on SIGTERM and removes its socket directory', async () => {
    const p = start(env());
    const { socket } = parseHandshake(await p.firstLine);
    expect(existsSync(socket)).toBe(true);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(existsSync(dirname(socket))).toBe(false);
  });

  it('after SIGINT keeps serving for terraform, then exits once idle', async () => {
    const p = start(env({ STUB_INTERRUPT_IDLE_MS: '300' }));
    const { socket, certPem } = parseHandshake(await p.firstLine);
    const c = clients(socket, certPem, terraformId);
    p.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(c.provider, 'GetMetadata')).resources).toContainEqual({ typeName: 'stub_thing' });
    expect(await p.exit).toBe(0);
    c.provider.close();
  });

  it('without the magic cookie prints one sentence and exits 1', async () => {
    const p = start({});
    expect(await p.exit).toBe(1);
    expect(p.stdout.filter((l) => l !== '')).toEqual([]);
    const said = p.stderr.filter((l) => l !== '');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/is a Terraform provider plugin: terraform starts it/);
  });

  it('refuses when terraform does not offer protocol 6', async () => {
    const p = start(env({ PLUGIN_PROTOCOL_VERSIONS: '4,5' }));
    expect(await p.exit).toBe(1);
    expect(p.stderr.join('\n')).toMatch(/speaks Terraform plugin protocol 6/);
  });

  it('serves without TLS when TF_DISABLE_PLUGIN_TLS is set', async () => {
    const p = start(env({ TF_DISABLE_PLUGIN_TLS: '1', PLUGIN_CLIENT_CERT: '' }));
    const line = await p.firstLine;
    expect(line).toMatch(/^1\|6\|unix\|[^|]+\|grpc\|$/);
    const socket = line.split('|')[3];
    const controller = new loaded.plugin.GRPCController(`unix:${socket}`, grpc.credentials.createInsecure());
    await call(controller, 'Shutdown');
    expect(await p.exit).toBe(0);
    controller.close();
  });
});
