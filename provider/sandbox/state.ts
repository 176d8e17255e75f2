/**
 * The sandbox's whole world, as kept in memory and in the data file (format 2).
 *
 * The model follows the service since 2026: a Device (Alice's phone) belongs to at
 * most one user and reads one or more addresses; each address it reads is a device
 * access with its own password. The pre-2026 generic password of an address is a
 * device access of a Device of type `legacy`. Records hold passwords only as scrypt
 * hashes; the same schema validates seed files, so a seed with a clear password is
 * rejected before it is used.
 */
import { z } from 'zod';
import {
  LEGACY_DEVICE_TYPE,
  deviceProtocolSchema,
  deviceStatusSchema,
  fullPermissionsSchema,
  listedDeviceTypeSchema,
} from '../infomaniak/wire';
import { isPasswordHash } from './passwords';

const id = z.number().int().positive();
const seconds = z.number().int().nonnegative();

export const tokenRecordSchema = z.object({
  token: z.string().min(32, 'tokens must be at least 32 characters'),
  /** `admin` may change everything; `readonly` gets 403 on every change. */
  rights: z.enum(['admin', 'readonly']),
  label: z.string().default(''),
  /** The organisation user behind the token: `creator` of what it makes, "current user" of a mailbox create. */
  user_id: id.nullable().default(null),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;

export const userRecordSchema = z.object({
  user_id: id,
  email: z.string().min(3),
  first_name: z.string(),
  last_name: z.string(),
  role_type: z.string().default('normal'),
  created_at: seconds.default(0),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

/** A Device; its user (if any) is fixed at creation and shared by all its accesses. */
export const deviceRecordSchema = z.object({
  id,
  label: z.string(),
  type: listedDeviceTypeSchema,
  created_at: seconds,
  device_uid: z.string().nullable().default(null),
  user_id: id.nullable().default(null),
});
export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

const passwordHash = z
  .string()
  .refine(isPasswordHash, 'must be an scrypt hash (scrypt$N$r$p$salt$hash), never a password');

export const deviceAccessRecordSchema = z.object({
  id,
  device_id: id,
  protocols: deviceProtocolSchema,
  status: deviceStatusSchema.default('healthy'),
  created_at: seconds,
  last_connection: seconds.nullable().default(null),
  creator_id: id.nullable().default(null),
  /**
   * Only for a legacy access: the user who alone may revoke it (403
   * `legacy_device_deletion` for any other token's user). Null: any admin token may.
   */
  owner_user_id: id.nullable().default(null),
  password_hash: passwordHash,
});
export type DeviceAccessRecord = z.infer<typeof deviceAccessRecordSchema>;

export const userAccessRecordSchema = z.object({
  id,
  user_id: id,
  permissions: fullPermissionsSchema,
  created_at: seconds,
  creator_id: id.nullable().default(null),
});
export type UserAccessRecord = z.infer<typeof userAccessRecordSchema>;

export const invitationRecordSchema = z.object({
  key: z.string().min(8),
  /** The link. A secret: answered on create and in the webmail list only, never logged. */
  short_url: z.string(),
  sent_to: z.string().default(''),
  firstname: z.string().default(''),
  lastname: z.string().default(''),
  signature_template_id: z.string().default(''),
  permissions: fullPermissionsSchema,
  created_at: seconds,
  expired_at: seconds,
  creator_id: id.nullable().default(null),
});
export type InvitationRecord = z.infer<typeof invitationRecordSchema>;

export const mailboxRecordSchema = z.object({
  mailbox_name: z.string().min(1),
  mailbox_id: id,
  note: z.string().nullable().default(null),
  created_at: seconds,
  device_accesses: z.array(deviceAccessRecordSchema).default([]),
  user_accesses: z.array(userAccessRecordSchema).default([]),
  invitations: z.array(invitationRecordSchema).default([]),
});
export type MailboxRecord = z.infer<typeof mailboxRecordSchema>;

export const hostingRecordSchema = z.object({
  id,
  domain: z.string().min(1),
  created_at: seconds.default(0),
  /** False: every .../accesses/... route answers 501, as for accounts Infomaniak has not enabled yet. */
  accesses_enabled: z.boolean().default(true),
  /** How many mailboxes the offer allows (`quota` of a mailbox create). */
  mailbox_quota: z.number().int().positive().default(1000),
  mailboxes: z.array(mailboxRecordSchema).default([]),
});
export type HostingRecord = z.infer<typeof hostingRecordSchema>;

export const STATE_FORMAT_VERSION = 2;

const nextIdsSchema = z.object({
  device: id,
  access: id,
  user_access: id,
  mailbox: id,
  user: id,
});
export type NextIds = z.infer<typeof nextIdsSchema>;

export const stateSchema = z
  .object({
    version: z.literal(STATE_FORMAT_VERSION, {
      error: `must be ${STATE_FORMAT_VERSION} (the format of this sandbox; print a fresh seed with --print-seed)`,
    }),
    organisation: z.object({ id, name: z.string() }),
    users: z.array(userRecordSchema),
    tokens: z.array(tokenRecordSchema),
    devices: z.array(deviceRecordSchema).default([]),
    hostings: z.array(hostingRecordSchema).min(1, 'at least one Mail Service is needed'),
    /** Ids are global across Mail Services; absent in a seed means "max + 1". */
    next_ids: nextIdsSchema.partial().optional(),
  })
  .superRefine((state, ctx) => {
    for (const rights of ['admin', 'readonly'] as const) {
      if (!state.tokens.some((t) => t.rights === rights)) {
        ctx.addIssue({ code: 'custom', path: ['tokens'], message: `needs at least one ${rights} token` });
      }
    }
    const devices = new Map<number, DeviceRecord>();
    for (const device of state.devices) {
      if (devices.has(device.id)) {
        ctx.addIssue({ code: 'custom', path: ['devices'], message: `device id ${device.id} is used twice` });
      }
      devices.set(device.id, device);
    }
    const accessIds = new Set<number>();
    for (const hosting of state.hostings) {
      for (const mailbox of hosting.mailboxes) {
        const where = `${mailbox.mailbox_name}@${hosting.domain}`;
        const onThisAddress = new Set<number>();
        for (const access of mailbox.device_accesses) {
          if (accessIds.has(access.id)) {
            ctx.addIssue({
              code: 'custom',
              path: ['hostings'],
              message: `device access id ${access.id} is used twice`,
            });
          }
          accessIds.add(access.id);
          const device = devices.get(access.device_id);
          if (!device) {
            ctx.addIssue({
              code: 'custom',
              path: ['hostings'],
              message: `device access ${access.id} on ${where} names device ${access.device_id}, which is not in "devices"`,
            });
          }
          if (onThisAddress.has(access.device_id)) {
            ctx.addIssue({
              code: 'custom',
              path: ['hostings'],
              message: `device ${access.device_id} has two accesses to ${where}`,
            });
          }
          onThisAddress.add(access.device_id);
        }
      }
    }
  });
export type SandboxState = Omit<z.output<typeof stateSchema>, 'next_ids'> & { next_ids: NextIds };

/** Validates a seed or data file and fills in derived fields; throws a readable error naming the file. */
export function parseState(raw: unknown, source: string): SandboxState {
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new Error(`${source} is not a valid sandbox state:\n${details}`);
  }
  const state = parsed.data;
  const max = { device: 0, access: 0, user_access: 0, mailbox: 0, user: 0 };
  for (const device of state.devices) max.device = Math.max(max.device, device.id);
  for (const user of state.users) max.user = Math.max(max.user, user.user_id);
  for (const hosting of state.hostings) {
    for (const mailbox of hosting.mailboxes) {
      max.mailbox = Math.max(max.mailbox, mailbox.mailbox_id);
      for (const a of mailbox.device_accesses) max.access = Math.max(max.access, a.id);
      for (const a of mailbox.user_accesses) max.user_access = Math.max(max.user_access, a.id);
    }
  }
  const given = state.next_ids ?? {};
  const next = Object.fromEntries(
    (Object.keys(max) as Array<keyof NextIds>).map((k) => [k, Math.max(given[k] ?? 0, max[k] + 1)]),
  ) as NextIds;
  return { ...state, next_ids: next };
}

/** Deep copy through JSON: the state is plain data by construction. */
export function cloneState(state: SandboxState): SandboxState {
  return JSON.parse(JSON.stringify(state)) as SandboxState;
}

export function isLegacy(device: DeviceRecord): boolean {
  return device.type === LEGACY_DEVICE_TYPE;
}
