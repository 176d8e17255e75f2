/**
 * `infomaniakmail_devices` (data source): the devices an address actually has, the
 * generic password included, as the API lists them. Never a password: the API shows a
 * password only when it is created or regenerated.
 */
import { attr } from '../framework';
import { NotFoundError } from '../infomaniak/errors';
import { isGenericPassword } from '../infomaniak/model';
import { apiError } from './api-errors';
import { addressLookupAttributes, describeAddress, refOf, rfc3339 } from './common';
import { kit } from './context';

export const devicesDataSource = kit.dataSource({
  name: 'devices',
  schema: {
    description:
      'Lists the device accesses an address actually has (the passwords of its IMAP/POP/SMTP clients), with ' +
      'their status (`leaked`, `spam`) and last connection, including devices created outside Terraform and ' +
      'the pre-2026 generic password. Never returns a ' +
      'password. Compare with your `infomaniakmail_device` resources to see intended vs actual devices, ' +
      'or use `infomaniakmail_access_policy` to revoke the ones you do not declare.',
    attributes: {
      ...addressLookupAttributes(),
      devices: attr.listNested(
        {
          device_id: attr.int({
            computed: true,
            description: "The Device's id (what `device_id` and `keep_device_ids` take).",
          }),
          access_id: attr.int({
            computed: true,
            description: "The access's id on this address (the last part of an import id).",
          }),
          label: attr.string({ computed: true, description: "The Device's label." }),
          type: attr.string({
            computed: true,
            description: '`computer`, `phone`, `tablet`, `other`, or `legacy` for the generic password.',
          }),
          user_id: attr.int({
            computed: true,
            description: 'The user the access belongs to; null for a device "without user".',
          }),
          protocols: attr.string({
            computed: true,
            description: 'What the password opens besides SMTP: `imap`, `pop3` or `pop3-imap`.',
          }),
          status: attr.string({
            computed: true,
            description: "Infomaniak's view of the password: `healthy`, `leaked` or `spam`.",
          }),
          last_connection: attr.string({
            computed: true,
            description: 'When the password was last used (RFC 3339, UTC); null if never.',
          }),
          is_generic: attr.bool({
            computed: true,
            description: 'Whether this is the pre-2026 generic password (never displayable or resettable).',
          }),
          created_at: attr.string({
            computed: true,
            description: 'When the access was created (RFC 3339, UTC).',
          }),
        },
        { computed: true, description: 'The device accesses, ordered by access id.' },
      ),
    },
  },
  async read({ client: ctx, config, signal }) {
    const ref = refOf(config);
    try {
      const devices = await ctx.cache.devices(ref, signal);
      return {
        state: {
          ...config,
          devices: [...devices]
            .sort((a, b) => a.accessId - b.accessId)
            .map((d) => ({
              device_id: d.deviceId,
              access_id: d.accessId,
              label: d.label,
              type: d.type,
              user_id: d.userId,
              protocols: d.protocols,
              status: d.status,
              last_connection: d.lastConnection === null ? null : rfc3339(d.lastConnection),
              is_generic: isGenericPassword(d),
              created_at: rfc3339(d.createdAt),
            })),
        },
      };
    } catch (error) {
      const what = error instanceof NotFoundError ? 'find' : 'list';
      throw apiError(error, `Could not ${what} the devices of ${describeAddress(ref)}`);
    }
  },
});
