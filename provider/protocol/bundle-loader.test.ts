/**
 * The bundle loader in its own processes (a code cache belongs to one V8 and its flags):
 * a bundle runs as a CommonJS module of its own path, uses the cache the build wrote
 * for it, and never the cache of another build, even one of the same length (the only
 * thing V8 itself compares).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { CACHE_KEY_PREFIX, cacheFileOf, cacheKeyOf } from './bundle-loader';

let dir: string;
let loader: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bundle-loader-'));
  loader = join(dir, 'loader.js');
  buildSync({
    entryPoints: [join(__dirname, 'bundle-loader.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: loader,
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'dep.js'), 'module.exports = "beside the bundle";\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle as the build writes it: the code, then its key line. */
function writeBundle(name: string, code: string): string {
  const file = join(dir, name);
  writeFileSync(file, `${code}\n${CACHE_KEY_PREFIX}${createHash('sha256').update(code).digest('hex')}\n`);
  return file;
}

/** Loads `file` in a fresh node process; returns what the loader said and the module's exports. */
function load(file: string, options: object = {}): { usedCache: boolean; exports: Record<string, unknown> } {
  const code =
    `const r = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(file)}, ${JSON.stringify(options)});` +
    `process.stdout.write(JSON.stringify({ usedCache: r.usedCache, exports: r.exports }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', stdio: 'pipe' }));
}

const SOURCE = (answer: number): string =>
  `exports.answer = ${answer};\nexports.file = __filename;\nexports.dir = __dirname;\n` +
  `exports.dep = require('./dep.js');\nexports.self = module.exports === exports;\n` +
  `exports.work = [1, 2, 3].map((x) => x * ${answer}).join(',');`;

it('runs a bundle as a CommonJS module of its own path', () => {
  const file = writeBundle('plain.js', SOURCE(42));
  const { usedCache, exports } = load(file);
  expect(usedCache).toBe(false);
  expect(exports).toEqual({ answer: 42, file, dir, dep: 'beside the bundle', self: true, work: '42,84,126' });
});

it('writes a cache at exit when asked, keyed to the bundle, and uses it from then on', () => {
  const file = writeBundle('cached.js', SOURCE(42));
  expect(load(file, { writeCacheOnExit: true }).usedCache).toBe(false);
  const cache = readFileSync(cacheFileOf(file));
  expect(cache.subarray(0, 64).toString('latin1')).toBe(cacheKeyOf(readFileSync(file, 'utf8')));
  expect(load(file)).toEqual({ usedCache: true, exports: expect.objectContaining({ answer: 42 }) });
});

it('ignores the cache of another build of the same length', () => {
  const file = writeBundle('rebuilt.js', SOURCE(42));
  load(file, { writeCacheOnExit: true });
  const stale = readFileSync(cacheFileOf(file));
  const before = readFileSync(file).length;
  writeBundle('rebuilt.js', SOURCE(41));
  expect(readFileSync(file).length).toBe(before);
  writeFileSync(cacheFileOf(file), stale);
  expect(load(file)).toEqual({
    usedCache: false,
    exports: expect.objectContaining({ answer: 41, work: '41,82,123' }),
  });
});

it('compiles a bundle without a key line, and will not write a cache for it', () => {
  const file = join(dir, 'keyless.js');
  writeFileSync(file, SOURCE(7));
  expect(cacheKeyOf(SOURCE(7))).toBeUndefined();
  expect(load(file).exports).toMatchObject({ answer: 7 });
  expect(() => load(file, { writeCacheOnExit: true })).toThrow(/has no cache key line/);
  expect(existsSync(cacheFileOf(file))).toBe(false);
});
