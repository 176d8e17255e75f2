/**
 * The API client, loaded when the first one is made (ConfigureProvider), not when the
 * provider starts: terraform starts the provider two or three times per command, mostly
 * for schemas and validation, which never reach the API. The client brings zod with it
 * (every answer is parsed with the wire schemas), and undici with its first pool (see
 * transport.ts). In the bundled executable the require becomes esbuild's lazy module
 * initialiser. What runs before ConfigureProvider imports the API's rules from
 * api-rules.ts and its errors from errors.ts, never this module's target.
 */
import type { MailClient, MailClientOptions } from './client';

export function newMailClient(options: MailClientOptions): MailClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MailClient: Client } = require('./client') as typeof import('./client');
  return new Client(options);
}
