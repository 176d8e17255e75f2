/**
 * The sandbox's whole world, as kept in memory and in the data file.
 *
 * Records hold only what the service would hold: passwords as scrypt hashes,
 * invitation links as SHA-256 digests of their token. The same schema validates
 * seed files, so a seed with a clear password is rejected before it is used.
 */
import { z } from 'zod';
import { deviceProtocolSchema, webmailPermissionSchema } from '../infomaniak/wire';
import { isPasswordHash } from './passwords';

const id = z.number().int().positive();
const seconds = z.number().int().nonnegative();

export const tokenRecordSchema = z.object({
  token: z.string().min(32, 'tokens must be at least 32 characters'),
  /** `admin` may change everything; `readonly` gets 403 on every mutation. */
  rights: z.enum(['admin', 'readonly']),
  label: z.string().default(''),
});
export type TokenRecord = z.infer<typeof tokenRecordSchema>;

export const userRecordSchema = z.object({
  user_id: id,
  email: z.string().min(3),
  display_name: z.string(),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

export const deviceRecordSchema = z.object({
  id,
  label: z.string(),
  user_id: id.nullable(),
  protocols: z.array(deviceProtocolSchema),
  created_at: seconds,
  password_changed_at: seconds,
  is_generic: z.boolean().default(false),
  password_hash: z
    .string()
    .refine(isPasswordHash, 'must be an scrypt hash (scrypt$N$r$p$salt$hash), never a password'),
});
export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

export const grantRecordSchema = z.object({
  user_id: id,
  permissions: z.array(webmailPermissionSchema),
  created_at: seconds,
});
export type GrantRecord = z.infer<typeof grantRecordSchema>;

export const invitationRecordSchema = z.object({
  id,
  email: z.string().nullable(),
  permissions: z.array(webmailPermissionSchema),
  /** `expired` is never stored: it is derived from `expires_at` and the clock on every read. */
  status: z.enum(['pending', 'sent']),
  created_at: seconds,
  expires_at: seconds,
  /** SHA-256 (hex) of the link's token: enough to recognise the link, useless to rebuild it. */
  token_sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type InvitationRecord = z.infer<typeof invitationRecordSchema>;

export const mailboxRecordSchema = z.object({
  mailbox_name: z.string().min(1),
  created_at: seconds,
  devices: z.array(deviceRecordSchema).default([]),
  webmail_users: z.array(grantRecordSchema).default([]),
  invitations: z.array(invitationRecordSchema).default([]),
});
export type MailboxRecord = z.infer<typeof mailboxRecordSchema>;

export const hostingRecordSchema = z.object({
  id,
  domain: z.string().min(1),
  mailboxes: z.array(mailboxRecordSchema).default([]),
});
export type HostingRecord = z.infer<typeof hostingRecordSchema>;

export const STATE_FORMAT_VERSION = 1;

export const stateSchema = z
  .object({
    version: z.literal(STATE_FORMAT_VERSION).default(STATE_FORMAT_VERSION),
    organisation: z.object({ id, name: z.string() }),
    users: z.array(userRecordSchema),
    tokens: z.array(tokenRecordSchema),
    hostings: z.array(hostingRecordSchema).min(1, 'at least one Mail Service is needed'),
    /** Ids are global across hostings (the label route is not scoped); absent in a seed means "max + 1". */
    next_ids: z.object({ device: id, invitation: id }).optional(),
  })
  .superRefine((state, ctx) => {
    for (const rights of ['admin', 'readonly'] as const) {
      if (!state.tokens.some((t) => t.rights === rights)) {
        ctx.addIssue({ code: 'custom', path: ['tokens'], message: `needs at least one ${rights} token` });
      }
    }
    const deviceIds = new Set<number>();
    for (const hosting of state.hostings) {
      for (const mailbox of hosting.mailboxes) {
        for (const device of mailbox.devices) {
          if (deviceIds.has(device.id)) {
            ctx.addIssue({
              code: 'custom',
              path: ['hostings'],
              message: `device id ${device.id} is used twice`,
            });
          }
          deviceIds.add(device.id);
        }
      }
    }
  });
export type SandboxState = z.output<typeof stateSchema> & {
  next_ids: { device: number; invitation: number };
};

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
  let maxDevice = 0;
  let maxInvitation = 0;
  for (const hosting of state.hostings) {
    for (const mailbox of hosting.mailboxes) {
      for (const device of mailbox.devices) maxDevice = Math.max(maxDevice, device.id);
      for (const invitation of mailbox.invitations) maxInvitation = Math.max(maxInvitation, invitation.id);
    }
  }
  const next = state.next_ids ?? { device: maxDevice + 1, invitation: maxInvitation + 1 };
  return {
    ...state,
    next_ids: {
      device: Math.max(next.device, maxDevice + 1),
      invitation: Math.max(next.invitation, maxInvitation + 1),
    },
  };
}

/** Deep copy through JSON: the state is plain data by construction. */
export function cloneState(state: SandboxState): SandboxState {
  return JSON.parse(JSON.stringify(state)) as SandboxState;
}
