/**
 * The access changes of a saved plan, for the walk-throughs: `infomaniak-mail report` when
 * this build has it, else a short summary read from `terraform show -json` (never a value
 * terraform marks sensitive).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: Record<string, unknown> | null;
    readonly after?: Record<string, unknown> | null;
  };
}

export async function accessChanges(root: string, planJsonFile: string): Promise<string> {
  const cli = join(root, 'bin', 'infomaniak-mail.js');
  if (existsSync(join(root, 'dist', 'provider', 'cli', 'report.js'))) {
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [cli, 'report', '--format', 'terminal', planJsonFile],
        { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
      );
      return stdout;
    } catch {
      // Fall back to the summary below: the report is a convenience here, not the proof.
    }
  }
  return summarize(JSON.parse(readFileSync(planJsonFile, 'utf8')) as { resource_changes?: ResourceChange[] });
}

const VERBS: Record<string, string> = {
  create: '+ create',
  update: '~ update',
  delete: '- destroy',
  'delete,create': '-/+ replace',
  'create,delete': '+/- replace (new first)',
};

export function summarize(plan: { resource_changes?: readonly ResourceChange[] }): string {
  const lines: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change.actions.join(',');
    if (actions === 'no-op' || actions === 'read') continue;
    const values = rc.change.after ?? rc.change.before ?? {};
    lines.push(`${VERBS[actions] ?? actions}  ${rc.type}  ${describe(rc.type, values)}`);
    // What an exclusive policy will revoke: the lists the saved plan carries, as apply revokes them
    // (destroying a policy revokes nothing).
    if (rc.type === 'infomaniakmail_access_policy' && rc.change.after)
      lines.push(...revocations(rc.change.after));
  }
  return lines.length > 0 ? lines.join('\n') : 'No changes.';
}

interface PlannedDevice {
  readonly device_id?: number;
  readonly label?: string;
  readonly user_id?: number | null;
  readonly last_connection?: string | null;
}
interface PlannedUser {
  readonly user_id?: number;
  readonly email?: string;
  readonly display_name?: string;
}
interface PlannedInvitation {
  readonly key?: string;
  readonly sent_to?: string | null;
}

const listOf = <T>(value: unknown): readonly T[] => (Array.isArray(value) ? (value as T[]) : []);

function revocations(v: Record<string, unknown>): string[] {
  return [
    ...listOf<PlannedDevice>(v.devices_to_revoke).map(
      (d) =>
        `    revokes device ${String(d.device_id)} "${String(d.label)}"` +
        `${d.user_id ? ` of user ${d.user_id}` : ''}, last used ${d.last_connection ?? 'never'}`,
    ),
    ...listOf<PlannedUser>(v.users_to_remove).map(
      (u) => `    removes user ${String(u.user_id)} ${String(u.display_name)} (${String(u.email)})`,
    ),
    ...listOf<PlannedInvitation>(v.invitations_to_withdraw).map(
      (i) =>
        `    withdraws invitation ${String(i.key)} ${i.sent_to ? `sent to ${i.sent_to}` : '(never sent)'}`,
    ),
    // A value known only during apply: the saved plan cannot name what it holds.
    ...['devices_to_revoke', 'users_to_remove', 'invitations_to_withdraw']
      .filter((k) => v[k] === undefined)
      .map((k) => `    ${k}: known after apply`),
  ];
}

function describe(type: string, v: Record<string, unknown>): string {
  const where = `${String(v.mailbox_name)} (service ${String(v.mail_hosting_id)})`;
  switch (type) {
    case 'infomaniakmail_device': {
      // An access for an existing Device may leave its label to the Device (known after apply).
      const name = typeof v.label === 'string' ? `"${v.label}"` : `Device ${String(v.device_id ?? '?')}`;
      return `${name}${v.user_id ? ` for user ${String(v.user_id)}` : ' without user'} on ${where}`;
    }
    case 'infomaniakmail_user_access': {
      const permissions = (v.permissions as string[] | undefined) ?? [];
      // Every grant reads and sends; permissions add capabilities.
      return `${v.user_id ? `user ${String(v.user_id)}` : String(v.email)} [${['read and send', ...permissions].join(', ')}] on ${where}`;
    }
    case 'infomaniakmail_access_policy':
      return `exclusive devices: ${String(v.exclusive_devices)}, users: ${String(v.exclusive_users)} on ${where}`;
    case 'infomaniakmail_address':
      return where;
    default:
      return '';
  }
}
