/**
 * What `configure` hands every resource and data source of the infomaniakmail provider,
 * and the kit that binds it. Resources import `kit` from here:
 *
 *   export const thing = kit.resource({ name: 'thing', schema, create, read, ... });
 *   // then list it in index.ts
 */
import { providerKit } from '../framework';
import type { MailClient } from '../infomaniak';
import type { AccessCache } from './access-cache';
import type { RecipientsCache } from './secret-recipients';

export interface MailContext {
  /** One client per provider process: its connection pool and rate limit are shared. */
  readonly client: MailClient;
  /** Per-run cache of each address's device list and webmail list; see access-cache.ts. */
  readonly cache: AccessCache;
  /** The provider block's secret_recipients, and every recipient list parsed in this process. */
  readonly recipients: RecipientsCache;
}

export const kit = providerKit<MailContext>();
