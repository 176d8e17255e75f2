/**
 * A Mermaid flowchart of the changed access: each address with the users and devices
 * around it, edges labelled by what changes. Rendered by GitHub in comments.
 */
import type { AccessReport, AddressRef } from './model';
import { addressName, deviceName, reasonText, userName } from './names';

type Kind = 'gain' | 'loss' | 'change' | 'stray';

export function renderMermaid(report: AccessReport): string {
  const nodes = new Map<string, { label: string; kind: Kind | 'address' }>();
  const edges: string[] = [];
  const addressNode = (stack: string, a: AddressRef) => {
    const id = nodeId('a', `${stack}|${a.mail_hosting_id}|${a.mailbox_name}`);
    if (!nodes.has(id)) nodes.set(id, { label: `📫 ${addressName(a)}`, kind: 'address' });
    return id;
  };
  const link = (
    x: { stack: string; address: AddressRef; resource: string },
    key: string,
    label: string,
    kind: Kind,
    edge: string,
  ) => {
    const to = addressNode(x.stack, x.address);
    const from = nodeId('n', `${x.stack}|${x.resource}|${key}`);
    nodes.set(from, { label, kind });
    // Dotted: access that goes away or is not managed; solid: access that comes or changes.
    const arrow = kind === 'loss' || kind === 'stray' ? '-.->' : '-->';
    edges.push(`  ${from} ${arrow}|"${text(edge)}"| ${to}`);
  };
  const { access, invitations, devices, unmanaged } = report;
  for (const g of access.granted)
    link(
      g,
      'grant',
      `👤 ${userName(g.user)}`,
      'gain',
      `+ ${g.permissions === null ? '?' : ['read and send', ...g.permissions].join(', ')}`,
    );
  for (const g of access.removed)
    link(g, `rm${g.user.user_id}`, `👤 ${userName(g.user)}`, 'loss', '− access removed');
  for (const p of access.permissions_changed)
    link(p, 'perm', `👤 ${userName(p.user)}`, 'change', `~ ${(p.after ?? ['?']).join(', ')}`);
  for (const i of invitations.created) link(i, 'inv', `✉️ ${i.email ?? '?'}`, 'gain', '+ invitation');
  for (const i of invitations.dropped)
    link(i, 'invrm', `✉️ ${i.email ?? '?'}`, 'loss', '− invitation dropped');
  for (const d of devices.created) link(d, 'new', `🔑 ${deviceName(d.device)}`, 'gain', '+ new device');
  for (const d of devices.regenerated)
    link(d, 'regen', `🔑 ${deviceName(d.device)}`, 'change', `~ ${d.reasons.map(reasonText).join('; ')}`);
  for (const d of devices.replaced) link(d, 'repl', `🔑 ${deviceName(d.device)}`, 'change', '~ replaced');
  for (const d of devices.revoked)
    link(d, `rv${d.device.device_id}`, `🔑 ${deviceName(d.device)}`, 'loss', '− revoked');
  for (const d of unmanaged.devices)
    link(d, `st${d.device.device_id}`, `🔑 ${deviceName(d.device)}`, 'stray', '? unmanaged');
  for (const u of unmanaged.users)
    link(u, `su${u.user.user_id}`, `👤 ${userName(u.user)}`, 'stray', '? unmanaged');

  const lines = ['```mermaid', 'flowchart LR'];
  for (const [id, n] of nodes) lines.push(`  ${id}["${text(n.label)}"]:::${n.kind}`);
  lines.push(...edges);
  lines.push(
    '  classDef address fill:#eef,stroke:#557',
    '  classDef gain fill:#e6ffed,stroke:#2da44e',
    '  classDef loss fill:#ffebe9,stroke:#cf222e',
    '  classDef change fill:#fff8c5,stroke:#9a6700',
    '  classDef stray fill:#f6f8fa,stroke:#8c959f,stroke-dasharray: 4 2',
    '```',
  );
  return lines.join('\n');
}

/** Stable, Mermaid-safe node ids. */
function nodeId(prefix: string, key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return `${prefix}${(h >>> 0).toString(36)}`;
}

/** Text inside a quoted Mermaid label: quotes and markup become entities. */
function text(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/["#<>`]/g, (c) => `#${c.charCodeAt(0)};`);
}
