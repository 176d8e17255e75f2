/**
 * What a provider start costs, in counts rather than times (which a busy machine blurs):
 * terraform starts the provider two or three times per command, and until its handshake
 * the bin must read nothing but itself, its two helpers and the bundle, and evaluate no
 * package that only some configurations or only later RPCs need. Runs what users run,
 * as `npm run build` made it (bin/ and dist/), and the fixture provider built the same way.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { modulesLoadedUntilHandshake, packageOf, type StartupModules } from '../../scripts/startup-modules';
import { buildFixtureProvider } from '../support/fixture-build';
import { ensureProviderBuilt, REPO_ROOT } from '../support/mail-e2e';

const BIN = join(REPO_ROOT, 'bin', 'terraform-provider-infomaniakmail.js');
const BUNDLE = join(REPO_ROOT, 'dist', 'provider', 'terraform-provider-infomaniakmail.js');

/** Needed only by configurations with sealed passwords, or (proto-loader) by gRPC features never served. */
const LAZY_PACKAGES = ['openpgp', 'age-encryption', '@grpc/proto-loader'];
/** The Infomaniak API client's HTTP stack: needed from ConfigureProvider on, not for schemas or validation. */
const API_CLIENT_PACKAGES = ['undici'];

const packagesIn = (modules: StartupModules): Set<string> =>
  new Set([...modules.files, ...modules.bundled].map(packageOf).filter((p): p is string => p !== undefined));

describe('the infomaniakmail provider bin, from start to handshake', () => {
  let modules: StartupModules;

  beforeAll(async () => {
    await ensureProviderBuilt();
    const compiled = join(REPO_ROOT, 'dist', 'provider', 'main.js');
    if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < statSync(compiled).mtimeMs)
      throw new Error(`${BUNDLE} is missing or older than dist/; run "npm run build"`);
    modules = await modulesLoadedUntilHandshake(BIN, REPO_ROOT);
  });

  it('reads only the bin, the interrupt guard, the bundle loader and the bundle', () => {
    expect(modules.files).toEqual([
      'bin/terraform-provider-infomaniakmail.js',
      'dist/provider/protocol/bundle-loader.js',
      'dist/provider/protocol/interrupt-guard.js',
      'dist/provider/terraform-provider-infomaniakmail.js',
    ]);
    // One interrupt guard, the bin's: serve() must see the interrupts it counted.
    expect(modules.bundled.filter((m) => m.endsWith('interrupt-guard.js'))).toEqual([]);
  });

  it('parses no .proto file: the bundle carries the descriptor', () => {
    expect(modules.bundled).toContain('dist/provider/protocol/proto-descriptor.js');
    expect(modules.bundled.filter((m) => /protobufjs\/src\/parse\.js$|proto-files\.js$/.test(m))).toEqual([]);
  });

  it('evaluates none of the packages loaded on first use', () => {
    const loaded = packagesIn(modules);
    expect(loaded.has('@grpc/grpc-js')).toBe(true); // the count sees packages inside the bundle
    expect(LAZY_PACKAGES.filter((p) => loaded.has(p))).toEqual([]);
  });

  it('evaluates no HTTP client before ConfigureProvider', () => {
    const loaded = packagesIn(modules);
    expect(API_CLIENT_PACKAGES.filter((p) => loaded.has(p))).toEqual([]);
  });

  // The wire schemas (provider/infomaniak/wire.ts, wire-envelope.ts) and the access snapshot's
  // (provider/resources/access-snapshot-schema.ts) are zod objects built when their modules
  // load, so the resources import the API rules from modules without zod (api-rules.ts) and
  // the schemas load with the API client (new-client.ts) or the first snapshot decoded.
  it('evaluates no zod before ConfigureProvider', () => {
    expect(packagesIn(modules).has('zod')).toBe(false);
  });
});

describe('the fixture provider, bundled as the build bundles the real one', () => {
  it('reads only its launcher, loader and bundle, and evaluates no API client or lazy package', async () => {
    const build = await buildFixtureProvider();
    const modules = await modulesLoadedUntilHandshake(build.main, build.dir);
    // By name: V8 keeps the path a cache was made at (the build's temporary directory).
    expect(modules.files.map((f) => basename(f)).sort()).toEqual([
      'bundle-loader.js',
      'main.js',
      'provider.js',
    ]);
    const loaded = packagesIn(modules);
    expect(loaded.has('@grpc/grpc-js')).toBe(true);
    expect([...LAZY_PACKAGES, ...API_CLIENT_PACKAGES].filter((p) => loaded.has(p))).toEqual([]);
  });
});
