/**
 * The default seed: a small, stable world that the README, the examples and the
 * tests cite by id. Change a value here and you change a documented contract.
 *
 * It holds no clear password. The seeded device accesses carry scrypt hashes
 * computed once, offline: the generic one of SANDBOX_GENERIC_PASSWORD (published
 * so tests and demos can show that it works until revoked), the others of a random
 * password nobody kept — like a device someone created by hand in the Manager.
 */
import { readFile } from 'node:fs/promises';
import { permissionsToWire, type MailboxPermission } from '../infomaniak/wire';
import { parseState, type SandboxState } from './state';

export const SANDBOX_ORGANISATION_ID = 424242;
export const SANDBOX_MAIL_HOSTING_ID = 1234567;
export const SANDBOX_DOMAIN = 'exemple-domaine.ch';

/** Sandbox-only credentials: well known on purpose, accepted by nothing but the sandbox. */
export const SANDBOX_ADMIN_TOKEN = 'sandbox-admin-token-do-not-use-in-production';
export const SANDBOX_READONLY_TOKEN = 'sandbox-readonly-token-do-not-use-in-production';

export const SANDBOX_MAILBOXES = {
  /** Empty: no device access, no user. The demo and the quickstart work here. */
  demonstration: 'demonstration',
  /** Created in 2019: still holds the generic password, and Bruno reads it. */
  legacy: 'ancien-compte',
  /** A device access made by hand for Bruno; Alice and Bruno read it in the webmail. */
  contact: 'contact',
} as const;

/** A second Mail Service that Infomaniak has not yet enabled for device and user accesses (501). */
export const SANDBOX_PENDING_MAIL_HOSTING_ID = 7654321;
export const SANDBOX_PENDING_DOMAIN = 'pas-encore.ch';
export const SANDBOX_PENDING_MAILBOX = 'info';

export const SANDBOX_USERS = {
  alice: {
    user_id: 100001,
    email: 'alice.martin@exemple-domaine.ch',
    first_name: 'Alice',
    last_name: 'Martin',
    display_name: 'Alice Martin',
  },
  bruno: {
    user_id: 100002,
    email: 'bruno.keller@exemple-domaine.ch',
    first_name: 'Bruno',
    last_name: 'Keller',
    display_name: 'Bruno Keller',
  },
  chloe: {
    user_id: 100003,
    email: 'chloe.dubois@exemple-domaine.ch',
    first_name: 'Chloé',
    last_name: 'Dubois',
    display_name: 'Chloé Dubois',
  },
} as const;

/** The legacy Device of `ancien-compte` (its generic password): what the label PATCH takes. */
export const SANDBOX_GENERIC_DEVICE_ID = 7000001;
/** The device access of that Device on `ancien-compte`: what regenerate and revoke take. */
export const SANDBOX_GENERIC_ACCESS_ID = 8000001;
/** Sandbox-only: the clear generic password of `ancien-compte`, for /__sandbox/verify demos and tests. */
export const SANDBOX_GENERIC_PASSWORD = 'ancien-mot-de-passe-generique-2019';
/** Bruno's Device "Outlook (Bruno)" (password unknown to anyone). */
export const SANDBOX_CONTACT_DEVICE_ID = 7000002;
/** Its device access on `contact`. */
export const SANDBOX_CONTACT_ACCESS_ID = 8000002;
/** The legacy Device and access of `info@pas-encore.ch` (unreachable: its accesses routes answer 501). */
export const SANDBOX_PENDING_GENERIC_DEVICE_ID = 7000003;
export const SANDBOX_PENDING_GENERIC_ACCESS_ID = 8000003;

const GENERIC_PASSWORD_HASH =
  'scrypt$16384$8$1$CkuMM7aY5O9jUtex6QdD-A$Do09c9RFoJHM3aXh_Rs-p8L4rldjz6gTuRTBA282lYw';
const UNKNOWN_PASSWORD_HASH =
  'scrypt$16384$8$1$xJnBUXis5mNuYoZNfNB07g$icSSnUB3_BeYAG0z8nP86vnkQRDbVSGhajcgzbtRi94';

// Fixed instants (UTC) so listings are identical on every machine.
const T_2018_06_01 = 1527811200;
const T_2019_03_01 = 1551398400;
const T_2024_09_02 = 1725235200;
const T_2025_01_06 = 1736121600;
const T_2025_02_03 = 1738540800;

/** Plain data (all eleven flags), so --print-seed shows what a seed file holds. */
function permissions(on: MailboxPermission[]) {
  return permissionsToWire(on);
}

/** The default seed in the data-file format; `--print-seed` shows it as a template for `--seed`. */
export const DEFAULT_SEED = {
  version: 2,
  organisation: { id: SANDBOX_ORGANISATION_ID, name: 'Exemple SA' },
  users: Object.values(SANDBOX_USERS).map(({ display_name: _shown, ...u }) => ({
    ...u,
    role_type: u.user_id === SANDBOX_USERS.alice.user_id ? 'admin' : 'normal',
    created_at: T_2018_06_01,
  })),
  tokens: [
    {
      token: SANDBOX_ADMIN_TOKEN,
      rights: 'admin',
      label: 'Sandbox administrator',
      user_id: SANDBOX_USERS.alice.user_id,
    },
    {
      token: SANDBOX_READONLY_TOKEN,
      rights: 'readonly',
      label: 'Sandbox read-only',
      user_id: SANDBOX_USERS.chloe.user_id,
    },
  ],
  devices: [
    {
      id: SANDBOX_GENERIC_DEVICE_ID,
      label: 'Generic password',
      type: 'legacy',
      created_at: T_2019_03_01,
      device_uid: null,
      user_id: null,
    },
    {
      id: SANDBOX_CONTACT_DEVICE_ID,
      label: 'Outlook (Bruno)',
      type: 'computer',
      created_at: T_2025_02_03,
      device_uid: null,
      user_id: SANDBOX_USERS.bruno.user_id,
    },
    {
      id: SANDBOX_PENDING_GENERIC_DEVICE_ID,
      label: 'Generic password',
      type: 'legacy',
      created_at: T_2018_06_01,
      device_uid: null,
      user_id: null,
    },
  ],
  hostings: [
    {
      id: SANDBOX_MAIL_HOSTING_ID,
      domain: SANDBOX_DOMAIN,
      created_at: T_2018_06_01,
      accesses_enabled: true,
      mailbox_quota: 1000,
      mailboxes: [
        {
          mailbox_name: SANDBOX_MAILBOXES.demonstration,
          mailbox_id: 300001,
          note: null,
          created_at: T_2025_01_06,
          device_accesses: [],
          user_accesses: [],
          invitations: [],
        },
        {
          mailbox_name: SANDBOX_MAILBOXES.legacy,
          mailbox_id: 300002,
          note: 'Ancienne adresse, encore lue par Bruno',
          created_at: T_2019_03_01,
          device_accesses: [
            {
              id: SANDBOX_GENERIC_ACCESS_ID,
              device_id: SANDBOX_GENERIC_DEVICE_ID,
              protocols: 'pop3-imap',
              status: 'healthy',
              created_at: T_2019_03_01,
              last_connection: null,
              creator_id: null,
              owner_user_id: null,
              password_hash: GENERIC_PASSWORD_HASH,
            },
          ],
          user_accesses: [
            {
              id: 9000001,
              user_id: SANDBOX_USERS.bruno.user_id,
              permissions: permissions(['manage_filters']),
              created_at: T_2019_03_01,
              creator_id: null,
            },
          ],
          invitations: [],
        },
        {
          mailbox_name: SANDBOX_MAILBOXES.contact,
          mailbox_id: 300003,
          note: null,
          created_at: T_2024_09_02,
          device_accesses: [
            {
              id: SANDBOX_CONTACT_ACCESS_ID,
              device_id: SANDBOX_CONTACT_DEVICE_ID,
              protocols: 'pop3-imap',
              status: 'healthy',
              created_at: T_2025_02_03,
              last_connection: null,
              creator_id: SANDBOX_USERS.alice.user_id,
              owner_user_id: null,
              password_hash: UNKNOWN_PASSWORD_HASH,
            },
          ],
          user_accesses: [
            {
              id: 9000002,
              user_id: SANDBOX_USERS.alice.user_id,
              permissions: permissions(['manage_filters', 'manage_signatures', 'manage_auto_reply']),
              created_at: T_2024_09_02,
              creator_id: null,
            },
            {
              id: 9000003,
              user_id: SANDBOX_USERS.bruno.user_id,
              permissions: permissions(['manage_signatures']),
              created_at: T_2025_02_03,
              creator_id: SANDBOX_USERS.alice.user_id,
            },
          ],
          invitations: [],
        },
      ],
    },
    {
      id: SANDBOX_PENDING_MAIL_HOSTING_ID,
      domain: SANDBOX_PENDING_DOMAIN,
      created_at: T_2018_06_01,
      accesses_enabled: false,
      mailbox_quota: 10,
      mailboxes: [
        {
          mailbox_name: SANDBOX_PENDING_MAILBOX,
          mailbox_id: 300004,
          note: null,
          created_at: T_2018_06_01,
          device_accesses: [
            {
              id: SANDBOX_PENDING_GENERIC_ACCESS_ID,
              device_id: SANDBOX_PENDING_GENERIC_DEVICE_ID,
              protocols: 'pop3-imap',
              status: 'healthy',
              created_at: T_2018_06_01,
              last_connection: null,
              creator_id: null,
              owner_user_id: null,
              password_hash: UNKNOWN_PASSWORD_HASH,
            },
          ],
          user_accesses: [],
          invitations: [],
        },
      ],
    },
  ],
  next_ids: { device: 7000100, access: 8000100, user_access: 9000100, mailbox: 300100, user: 100100 },
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
