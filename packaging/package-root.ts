/**
 * Finds an npm package's root by walking up from a file of it. Works from the source
 * tree (ts-node, ts-jest) and from the compiled dist/ tree alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface PackageRoot {
  /** Directory holding the package.json. */
  readonly root: string;
  readonly version: string;
}

export function findPackageRoot(name: string, start: string): PackageRoot {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return { root: dir, version: pkg.version };
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the ${name} package.json above ${start}`);
  }
}
