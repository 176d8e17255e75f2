/**
 * `infomaniakmail_devices` (data source): the devices an address actually has, the
 * generic password included, as the API lists them. Never a password: the API shows a
 * password only when it is created or regenerated.
 */
import { attr } from '../framework';
import { NotFoundError } from '../infomaniak';
import { apiFailure } from './api-errors';
import { addressLookupAttributes, describeAddress, refOf, rfc3339 } from './common';
import { kit } from './context';

export const devicesDataSource = kit.dataSource({
  name: 'devices',
  schema: {
    description:
      'Lists the devices an address actually has (the credentials of its IMAP/POP/SMTP clients), ' +
      'including devices created outside Terraform and the pre-2026 generic password. Never returns a ' +
      'password. Compare with your `infomaniakmail_device` resources to see intended vs actual devices, ' +
      'or use `infomaniakmail_access_policy` to revoke the ones you do not declare.',
    attributes: {
      ...addressLookupAttributes(),
      devices: attr.listNested(
        {
          device_id: attr.number({ computed: true, description: 'The device id.' }),
          label: attr.string({ computed: true, description: 'Descriptive name.' }),
          user_id: attr.number({
            computed: true,
            description: 'The user the device belongs to; null for a device "without user".',
          }),
          protocols: attr.set('string', {
            computed: true,
            description: 'Protocols the password opens (`imap`, `pop`, `smtp`).',
          }),
          is_generic: attr.bool({
            computed: true,
            description: 'Whether this is the pre-2026 generic password (never displayable or resettable).',
          }),
          created_at: attr.string({ computed: true, description: 'Creation time (RFC 3339, UTC).' }),
          password_changed_at: attr.string({
            computed: true,
            description: 'When the password was last set (RFC 3339, UTC).',
          }),
        },
        { computed: true, description: 'The devices, ordered by id.' },
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
            .sort((a, b) => a.id - b.id)
            .map((d) => ({
              device_id: d.id,
              label: d.label,
              user_id: d.user_id,
              protocols: [...d.protocols],
              is_generic: d.is_generic,
              created_at: rfc3339(d.created_at),
              password_changed_at: rfc3339(d.password_changed_at),
            })),
        },
      };
    } catch (error) {
      const what = error instanceof NotFoundError ? 'find' : 'list';
      return apiFailure(error, `Could not ${what} the devices of ${describeAddress(ref)}`);
    }
  },
});
