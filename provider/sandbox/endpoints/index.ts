/** Every API endpoint the sandbox serves: one entry per method and wire route. */
import { deviceEndpoints } from './devices';
import type { Endpoint } from './endpoint';
import { mailboxEndpoints } from './mailboxes';
import { accountEndpoints } from './account';
import { webmailEndpoints } from './webmail';

export const endpoints: readonly Endpoint[] = [
  ...mailboxEndpoints,
  ...deviceEndpoints,
  ...webmailEndpoints,
  ...accountEndpoints,
];
