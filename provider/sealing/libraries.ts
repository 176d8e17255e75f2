/**
 * The two cryptography libraries, each loaded the first time a key of its kind is used:
 * the provider starts without them (together they take ~90 ms to load) unless a
 * configuration asks for sealed passwords.
 *
 * How an ESM-only package (age-encryption, and its @noble / @scure dependencies) gets
 * into this CommonJS project: TypeScript compiles the `import()` below to a lazy
 * `require()`. Node.js 20.19+ `require()`s ES modules natively and, since 20.19, warns
 * about it only under --trace-require-module: stderr, which is terraform's log, stays
 * clean (the decrypt CLI test checks it). A real `import()` would need jest's
 * --experimental-vm-modules; instead jest.config.js has ts-jest turn exactly those
 * packages into CommonJS, for tests only. A `require()` also stays visible to a bundler.
 * openpgp ships its own CommonJS build, which `require()` picks.
 */
import type * as AgeModule from 'age-encryption';
import type * as OpenPgpModule from 'openpgp';

export type Age = typeof AgeModule;
export type OpenPgp = typeof OpenPgpModule;

let age: Promise<Age> | undefined;
let openpgp: Promise<OpenPgp> | undefined;

export function loadAge(): Promise<Age> {
  age ??= import('age-encryption').catch((error: unknown) => {
    age = undefined;
    throw explain('age-encryption', error);
  });
  return age;
}

export function loadOpenPgp(): Promise<OpenPgp> {
  openpgp ??= import('openpgp').catch((error: unknown) => {
    openpgp = undefined;
    throw explain('openpgp', error);
  });
  return openpgp;
}

function explain(name: string, error: unknown): Error {
  // Before 20.19, Node.js refuses to require() an ES module; say what to upgrade.
  if ((error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM')
    return new Error(
      `sealed passwords need Node.js 20.19 or later to load ${name} (this is Node.js ${process.versions.node})`,
    );
  return error instanceof Error ? error : new Error(String(error));
}
