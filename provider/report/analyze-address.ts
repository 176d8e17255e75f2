/** infomaniakmail_address changes: addresses created (or adopted) and no longer managed or deleted. */
import type { Change, Collector } from './change';
import { bool } from './fields';

export function analyzeAddress(c: Change, out: Collector): void {
  const located = (values: Change['before']) => ({
    stack: c.stack,
    resource: c.resource,
    address: c.directory.address(values),
  });
  if (c.action === 'delete' || c.action === 'replace')
    out.addressesRemoved.push({
      ...located(c.before),
      deletes_mailbox: bool(c.before, 'delete_mailbox_on_destroy') === true,
    });
  if (c.action === 'create' || c.action === 'replace')
    out.addressesCreated.push({ ...located(c.after), deletes_mailbox: false });
}
