/**
 * The access snapshot's zod schema: what access-snapshot.ts checks a snapshot read back
 * from configuration or private state against. Loaded on first use (the first snapshot
 * decoded), never by a provider start: see access-snapshot.ts.
 */
import { z } from 'zod';

const deviceEntrySchema = z.object({
  device_id: z.number().int(),
  access_id: z.number().int(),
  label: z.string(),
  type: z.string(),
  user_id: z.number().int().nullable(),
  is_generic: z.boolean(),
  status: z.string(),
  last_connection: z.string().nullable(),
  created_at: z.string(),
});
export type DeviceEntry = z.infer<typeof deviceEntrySchema>;

const userEntrySchema = z.object({
  user_id: z.number().int(),
  email: z.string(),
  display_name: z.string(),
  created_at: z.string(),
});
export type UserEntry = z.infer<typeof userEntrySchema>;

const invitationEntrySchema = z.object({
  key: z.string(),
  sent_to: z.string().nullable(),
  expires_at: z.string(),
});
export type InvitationEntry = z.infer<typeof invitationEntrySchema>;

export const snapshotSchema = z.object({
  /** The address existed when the snapshot was taken. */
  exists: z.boolean(),
  devices: z.array(deviceEntrySchema),
  users: z.array(userEntrySchema),
  invitations: z.array(invitationEntrySchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
