/**
 * The report as titled sections of rows, shared by the terminal and Markdown
 * renderers so both always say the same thing in the same order.
 */
import type { AccessReport } from './model';
import { addressName, deviceName, permissionsText, protocolsText, reasonText, userName } from './names';

/** `+` gained, `-` lost, `~` changed in place, `?` found but not managed. */
export type Sign = '+' | '-' | '~' | '?';

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
  const { access, invitations, devices, addresses, unmanaged } = report;
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
  const via = (v: 'resource' | 'policy') =>
    v === 'policy' ? 'not kept by the exclusive access policy' : 'resource removed';
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
          g.permissions ? `${via(g.via)} (had ${permissionsText(g.permissions)})` : via(g.via),
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
      title: 'Invitations dropped',
      sign: '-',
      subjectHeading: 'Email',
      detailHeading: 'Note',
      rows: invitations.dropped.map((i) =>
        row(i, i.email ?? '?', 'withdrawn (where the API cannot, the link stays valid until it expires)'),
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
      rows: devices.regenerated.map((d) =>
        row(d, deviceName(d.device), d.reasons.map(reasonText).join('; ')),
      ),
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
          `${d.because.join(', ') || 'replacement'}; ` +
            (d.order === 'new_first'
              ? 'new access first, the old one revoked after'
              : 'old access revoked first: clients are cut off until they get the new password'),
        ),
      ),
    },
    {
      title: 'Devices revoked',
      sign: '-',
      subjectHeading: 'Device',
      detailHeading: 'Why',
      rows: devices.revoked.map((d) =>
        row(d, deviceName(d.device), `${via(d.via)}${d.is_generic ? ' (the generic password)' : ''}`),
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
          row(d, `${deviceName(d.device)}${d.is_generic ? ' (generic password)' : ''}`, fate(d.fate)),
        ),
        ...unmanaged.users.map((u) => row(u, userName(u.user), fate(u.fate))),
      ],
    },
  ];
  return all.filter((s) => s.rows.length > 0);
}

function fate(f: 'stays' | 'may_be_revoked'): string {
  return f === 'stays' ? 'stays (policy reports only)' : 'may be revoked (depends on ids known after apply)';
}
