/**
 * The report as titled sections of rows, shared by the terminal and Markdown
 * renderers so both always say the same thing in the same order.
 */
import type { AccessReport, Drift, Forgotten } from './model';
import {
  addressName,
  deviceName,
  permissionsText,
  protocolsText,
  reasonText,
  userName,
  withCallOuts,
} from './names';

/** `+` gained, `-` lost, `~` changed in place, `?` found but not managed, `!` outside this plan's changes. */
export type Sign = '+' | '-' | '~' | '?' | '!';

export interface Row {
  readonly stack: string;
  readonly address: string;
  /** Who or what: a user, a device, an email. */
  readonly subject: string;
  readonly detail: string;
  readonly resource: string;
}

export interface Section {
  readonly title: string;
  readonly sign: Sign;
  readonly subjectHeading: string;
  readonly detailHeading: string;
  readonly rows: readonly Row[];
}

export function sections(report: AccessReport): Section[] {
  const { access, invitations, devices, addresses, unmanaged, drift, forgotten } = report;
  const row = (
    x: { stack: string; resource: string; address: Parameters<typeof addressName>[0] },
    subject: string,
    detail: string,
  ): Row => ({
    stack: x.stack,
    address: addressName(x.address),
    subject,
    detail,
    resource: x.resource,
  });
  const via = (v: 'resource' | 'policy', keep = '') =>
    v === 'policy' ? `not kept by the exclusive access policy${keep}` : 'resource removed';
  const all: Section[] = [
    {
      title: 'Access granted',
      sign: '+',
      subjectHeading: 'User',
      detailHeading: 'Permissions',
      rows: access.granted.map((g) => row(g, userName(g.user), permissionsText(g.permissions))),
    },
    {
      title: 'Access removed',
      sign: '-',
      subjectHeading: 'User',
      detailHeading: 'Why',
      rows: access.removed.map((g) =>
        row(
          g,
          userName(g.user),
          g.permissions
            ? `${via(g.via)} (had ${permissionsText(g.permissions)})`
            : via(g.via, ' (not in keep_user_ids)'),
        ),
      ),
    },
    {
      title: 'Permissions changed',
      sign: '~',
      subjectHeading: 'User',
      detailHeading: 'Permissions',
      rows: access.permissions_changed.map((p) => {
        const delta = [...p.added.map((x) => `+${x}`), ...p.removed.map((x) => `-${x}`)].join(' ');
        return row(
          p,
          userName(p.user),
          `${permissionsText(p.before)} → ${permissionsText(p.after)}${delta ? ` (${delta})` : ''}`,
        );
      }),
    },
    {
      title: 'Invitations created',
      sign: '+',
      subjectHeading: 'Email',
      detailHeading: 'Permissions',
      rows: invitations.created.map((i) =>
        row(
          i,
          i.email ?? '?',
          `${permissionsText(i.permissions)}${i.language ? `; mailed in ${i.language}` : ''}` +
            `${i.renews ? ' (renews an earlier link)' : ''}`,
        ),
      ),
    },
    {
      title: 'Invitations withdrawn',
      sign: '-',
      subjectHeading: 'Email',
      detailHeading: 'Why',
      rows: invitations.dropped.map((i) =>
        row(
          i,
          i.email ?? 'never sent',
          [
            via(i.via, ' (not in keep_invitation_emails)'),
            ...(i.key !== null ? [`key ${i.key}`] : []),
            ...(i.expires_at !== null ? [`the link would have expired ${i.expires_at.slice(0, 10)}`] : []),
          ].join('; '),
        ),
      ),
    },
    {
      title: 'Devices created',
      sign: '+',
      subjectHeading: 'Device',
      detailHeading: 'Opens',
      rows: devices.created.map((d) =>
        row(
          d,
          deviceName(d.device),
          [
            protocolsText(d.protocols),
            ...(d.type ? [d.type] : []),
            ...(d.existing_device ? ['an existing Device gets this address too'] : []),
          ].join('; '),
        ),
      ),
    },
    {
      title: 'Passwords regenerated',
      sign: '~',
      subjectHeading: 'Device',
      detailHeading: 'Why',
      rows: devices.regenerated.map((d) => {
        // A flag that caused the regeneration is said once, as the reason.
        const flagged = d.reasons.some((r) => r.reason === 'flagged');
        const device = flagged
          ? { ...d.device, call_outs: d.device.call_outs.filter((c) => c.kind !== 'flagged') }
          : d.device;
        return row(d, deviceName(d.device), withCallOuts(device, d.reasons.map(reasonText).join('; ')));
      }),
    },
    {
      title: 'Devices replaced (old password revoked, new access and password)',
      sign: '~',
      subjectHeading: 'Device',
      detailHeading: 'Because of',
      rows: devices.replaced.map((d) =>
        row(
          d,
          deviceName(d.device),
          withCallOuts(
            d.device,
            `${d.because.join(', ') || 'replacement'}; ` +
              (d.order === 'new_first'
                ? 'new access first, the old one revoked after'
                : 'old access revoked first: clients are cut off until they get the new password'),
          ),
        ),
      ),
    },
    {
      title: 'Devices revoked',
      sign: '-',
      subjectHeading: 'Device',
      detailHeading: 'Why',
      rows: devices.revoked.map((d) =>
        row(
          d,
          deviceName(d.device),
          withCallOuts(
            d.device,
            `${via(d.via, ' (not in keep_device_ids)')}${d.is_generic ? ' (the generic password)' : ''}`,
          ),
        ),
      ),
    },
    {
      title: 'Devices relabelled',
      sign: '~',
      subjectHeading: 'Device',
      detailHeading: 'Label',
      rows: devices.relabelled.map((d) =>
        row(d, deviceName(d.device), `"${d.from ?? ''}" → "${d.to ?? ''}"`),
      ),
    },
    {
      title: 'Addresses created or adopted',
      sign: '+',
      subjectHeading: 'Effect',
      detailHeading: '',
      rows: addresses.created.map((a) => row(a, 'managed from now on (created if absent)', '')),
    },
    {
      title: 'Addresses removed',
      sign: '-',
      subjectHeading: 'Effect',
      detailHeading: '',
      // No API route deletes a mailbox.
      rows: addresses.removed.map((a) =>
        row(a, 'no longer managed; the mailbox, its mail, devices and users stay', ''),
      ),
    },
    {
      title: 'Not managed by this code (found on the address)',
      sign: '?',
      subjectHeading: 'Device or user',
      detailHeading: 'Fate',
      rows: [
        ...unmanaged.devices.map((d) =>
          row(
            d,
            `${deviceName(d.device)}${d.is_generic ? ' (generic password)' : ''}`,
            withCallOuts(d.device, fate(d.fate)),
          ),
        ),
        ...unmanaged.users.map((u) => row(u, userName(u.user), fate(u.fate))),
      ],
    },
    {
      title: 'Changed outside Terraform since the last apply',
      sign: '!',
      subjectHeading: 'What',
      detailHeading: 'Outside / this plan',
      rows: drift.map((d) => row(d, subjectName(d), `${outsideText(d)}; ${thisPlanText(d)}`)),
    },
    {
      title: 'No longer managed by Terraform (removed block, stays in place)',
      sign: '!',
      subjectHeading: 'What',
      detailHeading: 'Effect',
      rows: forgotten.map((f) => row(f, subjectName(f), forgottenText(f))),
    },
  ];
  return all.filter((s) => s.rows.length > 0);
}

function fate(f: 'stays' | 'may_be_revoked'): string {
  return f === 'stays' ? 'stays (policy reports only)' : 'may be revoked (depends on ids known after apply)';
}

type Kind = 'device' | 'user' | 'invitation' | 'address' | 'policy' | 'other';

function kindOf(x: Drift | Forgotten): Kind {
  if (x.device) return 'device';
  if (x.user) return 'user';
  if (x.email !== null) return 'invitation';
  if (x.type === 'infomaniakmail_address') return 'address';
  if (x.type === 'infomaniakmail_access_policy') return 'policy';
  return 'other';
}

function subjectName(x: Drift | Forgotten): string {
  if (x.device) return `${deviceName(x.device)}${x.device.call_outs.length > 0 ? ' ⚠' : ''}`;
  if (x.user) return userName(x.user);
  if (x.email !== null) return `invitation to ${x.email}`;
  if (x.type === 'infomaniakmail_access_policy') return 'the access policy';
  return 'the address';
}

function outsideText(d: Drift): string {
  if (d.outside === 'changed') {
    const what = d.attributes.map((a) => {
      const v = d.values.find((x) => x.attribute === a);
      return v ? `${a} ${JSON.stringify(v.before)} → ${JSON.stringify(v.now)}` : a;
    });
    return `changed outside Terraform (${what.join(', ')})`;
  }
  switch (kindOf(d)) {
    case 'device':
      return 'revoked outside Terraform';
    case 'user':
      return 'access removed outside Terraform';
    case 'invitation':
      return 'invitation withdrawn or taken up outside Terraform';
    default:
      return 'gone outside Terraform';
  }
}

function thisPlanText(d: Drift): string {
  switch (d.this_plan) {
    case 'create':
      return {
        device: 'this plan creates it again: a new access with a new password (the old one stays revoked)',
        user: 'this plan grants the access again',
        invitation: 'this plan sends a new invitation',
        address: 'this plan creates it again',
        policy: 'this plan creates it again',
        other: 'this plan creates it again',
      }[kindOf(d)];
    case 'update':
      return 'this plan sets it back to what the code says';
    case 'replace':
      return 'this plan replaces it';
    case 'delete':
      return 'this plan removes it';
    case 'forget':
      return 'this plan stops managing it';
    case 'no-op':
      return 'this plan keeps the change (the code agrees)';
    case 'none':
      return d.outside === 'removed'
        ? 'this plan does nothing about it: it stays gone'
        : 'this plan does nothing about it';
  }
}

function forgottenText(f: Forgotten): string {
  if (f.revoked_by !== null)
    return `no longer managed, but revoked by ${f.revoked_by} in this plan (not in its keep lists)`;
  if (f.device) return withCallOuts(f.device, 'stays in place: its password keeps working');
  switch (kindOf(f)) {
    case 'user':
      return 'stays in place: the user keeps their access';
    case 'invitation':
      return 'stays in place: the invitation link stays valid until it expires';
    case 'policy':
      return 'the policy is no longer enforced; nothing is revoked';
    default:
      return 'stays in place with everything on it';
  }
}
