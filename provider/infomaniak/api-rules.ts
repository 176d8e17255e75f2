/**
 * The Mail API as plain data and functions: routes, lengths, enums, permissions, error
 * codes, paging limits and the assumptions in words. Everything of wire.ts but its zod
 * schemas, and none of it imports zod.
 *
 * What runs before ConfigureProvider reads the API from here (the resources' schemas,
 * validators and plan-time checks), as do the generated CDKTF rules and the docs:
 * terraform starts the provider two or three times per command, mostly for schemas and
 * validation, and zod is a large part of a start. The zod schemas built from these rules
 * (wire.ts, wire-envelope.ts) load with the API client, when ConfigureProvider makes one
 * (see new-client.ts).
 */
export * from './wire-routes';
export * from './wire-rules';
export * from './wire-codes';
export * from './wire-assumptions';
