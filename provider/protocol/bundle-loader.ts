/**
 * Runs a provider executable bundled into one file (scripts/bundle-provider.ts)
 * with the V8 code cache the build made for it. Terraform starts a provider two or
 * three times per command; compiling a few megabytes of JavaScript each time would
 * be most of the start-up, and the cache turns it into a read.
 *
 * V8 checks a cache only against its own version, its flags and the source's
 * length. So that a cache can never run against another build of the same length,
 * the bundle ends with a key line and the cache file starts with the same key;
 * without a match (or with another Node.js), the bundle is simply compiled.
 * The cache is only ever read from beside the bundle, never from a shared place.
 * (V8 also keeps the path the cache was made at as the script's name: a bundle moved
 * after its build shows the build's path in stack traces, nothing else.)
 */
import { isAscii } from 'node:buffer';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { constants, Script } from 'node:vm';

/** The bundle's last line: `//# cacheKey=<64 hex digits>`. */
export const CACHE_KEY_PREFIX = '//# cacheKey=';
const KEY_LENGTH = 64;

export const cacheFileOf = (bundle: string): string => `${bundle}.cache`;

export function cacheKeyOf(source: string): string | undefined {
  const at = source.lastIndexOf(CACHE_KEY_PREFIX);
  if (at === -1) return undefined;
  const key = source.slice(at + CACHE_KEY_PREFIX.length, at + CACHE_KEY_PREFIX.length + KEY_LENGTH);
  return /^[0-9a-f]{64}$/.test(key) ? key : undefined;
}

function readCache(file: string, key: string | undefined): Buffer | undefined {
  if (!key) return undefined;
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  return data.subarray(0, KEY_LENGTH).toString('latin1') === key ? data.subarray(KEY_LENGTH) : undefined;
}

export interface LoadOptions {
  /** Build time only: write a fresh cache for the bundle when this process exits. */
  readonly writeCacheOnExit?: boolean;
}

export interface LoadedBundle {
  readonly exports: Record<string, unknown>;
  /** Whether V8 took the cache (false: none, another build's, or another Node.js). */
  readonly usedCache: boolean;
}

/** Evaluates the bundle as a CommonJS module of its own path and returns its exports. */
export function loadBundle(path: string, options: LoadOptions = {}): LoadedBundle {
  const file = resolve(path);
  const bytes = readFileSync(file);
  // The build writes bundles in ASCII, which latin1 decodes as UTF-8 would, only faster.
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const key = cacheKeyOf(source);
  const cachedData = options.writeCacheOnExit ? undefined : readCache(cacheFileOf(file), key);
  const script = new Script(wrap(source), {
    filename: file,
    cachedData,
    // Older Node.js 20 releases lack the constant; bundles make no import() of their own anyway.
    importModuleDynamically: constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (options.writeCacheOnExit) {
    if (!key) throw new Error(`${file} has no cache key line`);
    // On exit, the cache also holds every function compiled while starting, not just the top level.
    process.on('exit', () => {
      // Renamed into place, like the bundle: a start meanwhile sees no cache or a whole one.
      const tmp = `${cacheFileOf(file)}.tmp-${process.pid}`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
      renameSync(tmp, cacheFileOf(file));
    });
  }
  const module = { exports: {} as Record<string, unknown>, filename: file, id: file, loaded: false };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return { exports: module.exports, usedCache: cachedData !== undefined && !script.cachedDataRejected };
}
