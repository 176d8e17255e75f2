/**
 * The default seed: a small, stable world that the README, the examples and the
 * tests cite by id. Change a value here and you change a documented contract.
 *
 * It holds no clear password. The seeded devices carry scrypt hashes computed
 * once, offline: the generic one of SANDBOX_GENERIC_PASSWORD (published so tests
 * and demos can show that it works until revoked), the other of a random
 * password nobody kept — like a device someone created by hand in the Manager.
 */
import { readFile } from 'node:fs/promises';
import { parseState, type SandboxState } from './state';

export const SANDBOX_ORGANISATION_ID = 424242;
export const SANDBOX_MAIL_HOSTING_ID = 1234567;
export const SANDBOX_DOMAIN = 'exemple-domaine.ch';

/** Sandbox-only credentials: well known on purpose, accepted by nothing but the sandbox. */
export const SANDBOX_ADMIN_TOKEN = 'sandbox-admin-token-do-not-use-in-production';
export const SANDBOX_READONLY_TOKEN = 'sandbox-readonly-token-do-not-use-in-production';

export const SANDBOX_MAILBOXES = {
  /** Empty: no device, no user. The demo and the quickstart work here. */
  demonstration: 'demonstration',
  /** Created in 2019: still holds the generic password, and Bruno reads it. */
  legacy: 'ancien-compte',
  /** A device created by hand for Bruno, and webmail access for Alice and Bruno. */
  contact: 'contact',
} as const;

export const SANDBOX_USERS = {
  alice: { user_id: 100001, email: 'alice.martin@exemple-domaine.ch', display_name: 'Alice Martin' },
  bruno: { user_id: 100002, email: 'bruno.keller@exemple-domaine.ch', display_name: 'Bruno Keller' },
  chloe: { user_id: 100003, email: 'chloe.dubois@exemple-domaine.ch', display_name: 'Chloé Dubois' },
} as const;

/** The generic password device of `ancien-compte`: listed, checkable, never displayable or regenerable. */
export const SANDBOX_GENERIC_DEVICE_ID = 7000001;
/** Sandbox-only: the clear generic password of `ancien-compte`, for /__sandbox/verify demos and tests. */
export const SANDBOX_GENERIC_PASSWORD = 'ancien-mot-de-passe-generique-2019';
/** The hand-made device on `contact` (password unknown to anyone). */
export const SANDBOX_CONTACT_DEVICE_ID = 7000002;

const GENERIC_PASSWORD_HASH =
  'scrypt$16384$8$1$CkuMM7aY5O9jUtex6QdD-A$Do09c9RFoJHM3aXh_Rs-p8L4rldjz6gTuRTBA282lYw';
const UNKNOWN_PASSWORD_HASH =
  'scrypt$16384$8$1$xJnBUXis5mNuYoZNfNB07g$icSSnUB3_BeYAG0z8nP86vnkQRDbVSGhajcgzbtRi94';

// Fixed instants (UTC) so listings are identical on every machine.
const T_2019_03_01 = 1551398400;
const T_2024_09_02 = 1725235200;
const T_2025_01_06 = 1736121600;
const T_2025_02_03 = 1738540800;

/** The default seed in the data-file format; `--print-seed` shows it as a template for `--seed`. */
export const DEFAULT_SEED = {
  version: 1,
  organisation: { id: SANDBOX_ORGANISATION_ID, name: 'Exemple SA' },
  users: Object.values(SANDBOX_USERS).map((u) => ({ ...u })),
  tokens: [
    { token: SANDBOX_ADMIN_TOKEN, rights: 'admin', label: 'Sandbox administrator' },
    { token: SANDBOX_READONLY_TOKEN, rights: 'readonly', label: 'Sandbox read-only' },
  ],
  hostings: [
    {
      id: SANDBOX_MAIL_HOSTING_ID,
      domain: SANDBOX_DOMAIN,
      mailboxes: [
        {
          mailbox_name: SANDBOX_MAILBOXES.demonstration,
          created_at: T_2025_01_06,
          devices: [],
          webmail_users: [],
          invitations: [],
        },
        {
          mailbox_name: SANDBOX_MAILBOXES.legacy,
          created_at: T_2019_03_01,
          devices: [
            {
              id: SANDBOX_GENERIC_DEVICE_ID,
              label: 'Generic password',
              user_id: null,
              protocols: ['imap', 'pop', 'smtp'],
              created_at: T_2019_03_01,
              password_changed_at: T_2019_03_01,
              is_generic: true,
              password_hash: GENERIC_PASSWORD_HASH,
            },
          ],
          webmail_users: [
            { user_id: SANDBOX_USERS.bruno.user_id, permissions: ['read'], created_at: T_2019_03_01 },
          ],
          invitations: [],
        },
        {
          mailbox_name: SANDBOX_MAILBOXES.contact,
          created_at: T_2024_09_02,
          devices: [
            {
              id: SANDBOX_CONTACT_DEVICE_ID,
              label: 'Outlook (Bruno)',
              user_id: SANDBOX_USERS.bruno.user_id,
              protocols: ['imap', 'smtp'],
              created_at: T_2025_02_03,
              password_changed_at: T_2025_02_03,
              is_generic: false,
              password_hash: UNKNOWN_PASSWORD_HASH,
            },
          ],
          webmail_users: [
            { user_id: SANDBOX_USERS.alice.user_id, permissions: ['read', 'send'], created_at: T_2024_09_02 },
            { user_id: SANDBOX_USERS.bruno.user_id, permissions: ['read'], created_at: T_2025_02_03 },
          ],
          invitations: [],
        },
      ],
    },
  ],
  next_ids: { device: 7000100, invitation: 500 },
};

/** The seed to start from (and to restore on /__sandbox/reset): the default, or a JSON file. */
export async function loadSeed(seedFile?: string): Promise<SandboxState> {
  if (!seedFile) return parseState(DEFAULT_SEED, 'the default seed');
  let text: string;
  try {
    text = await readFile(seedFile, 'utf8');
  } catch (error) {
    throw new Error(`cannot read seed file ${seedFile}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`seed file ${seedFile} is not valid JSON`);
  }
  return parseState(raw, `seed file ${seedFile}`);
}
