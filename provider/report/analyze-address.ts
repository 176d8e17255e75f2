/**
 * infomaniakmail_address changes: addresses created (or adopted) and no longer managed. No API
 * route deletes a mailbox, so a removed address keeps its mailbox and mail.
 */
import type { Change, Collector } from './change';

export function analyzeAddress(c: Change, out: Collector): void {
  const located = (values: Change['before']) => ({
    stack: c.stack,
    resource: c.resource,
    address: c.directory.address(values),
  });
  if (c.action === 'delete' || c.action === 'replace') out.addressesRemoved.push(located(c.before));
  if (c.action === 'create' || c.action === 'replace') out.addressesCreated.push(located(c.after));
}
