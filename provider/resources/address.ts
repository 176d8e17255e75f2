/**
 * `infomaniakmail_address` (resource and data source): an address of a Mail Service.
 * The resource creates the mailbox when it is absent and adopts it when present; destroy
 * keeps the mailbox and its mail unless `delete_mailbox_on_destroy` is set.
 */
import { attr, useStateForUnknown, type ModelOf } from '../framework';
import { NotFoundError, type MailboxRef, type Mailbox } from '../infomaniak';
import { apiFailure, reportApiError } from './api-errors';
import { addressKeyAttributes, addressLookupAttributes, describeAddress, refOf, rfc3339 } from './common';
import { kit, type MailContext } from './context';
import { ImportIdError } from './import-id';

/** Computed attributes shared by the resource (which keeps them across plans) and the data source. */
function computedAttributes(keep: boolean) {
  const kept = <T>() => (keep ? [useStateForUnknown<T>()] : []);
  return {
    email: attr.string({
      computed: true,
      description: 'The full address, e.g. `contact@example.ch`.',
      planModifiers: kept<string>(),
    }),
    has_generic_password: attr.bool({
      computed: true,
      description:
        'Whether the address still has its pre-2026 **generic password**: valid, never displayable, never ' +
        'resettable. It is listed among the devices (`is_generic`); revoke it with ' +
        '`infomaniakmail_access_policy` and `revoke_generic_password = true` once every client has its own ' +
        'device password.',
      planModifiers: kept<boolean>(),
    }),
    created_at: attr.string({
      computed: true,
      description: 'When the mailbox was created (RFC 3339, UTC).',
      planModifiers: kept<string>(),
    }),
  };
}

const attributes = {
  id: attr.string({
    computed: true,
    description: '`MAIL_HOSTING_ID/MAILBOX_NAME`, e.g. `1234567/contact`.',
    planModifiers: [useStateForUnknown()],
  }),
  ...addressKeyAttributes(),
  delete_mailbox_on_destroy: attr.bool({
    optional: true,
    default: false,
    description:
      'When `true`, destroying this resource **deletes the mailbox and all its mail**. By default ' +
      '(`false`) destroy only stops managing the address: the mailbox, its mail, devices and users stay. ' +
      'Can be changed in place; set it to `true` and apply before a destroy that must delete.',
  }),
  ...computedAttributes(true),
};

type Address = ModelOf<typeof attributes>;

/** Reads what the address looks like now; the device list comes from the shared cache. */
async function describe(
  ctx: MailContext,
  ref: MailboxRef,
  mailbox: Mailbox,
  signal: AbortSignal,
): Promise<Pick<Address, 'email' | 'has_generic_password' | 'created_at'>> {
  const devices = await ctx.cache.devices(ref, signal);
  return {
    email: mailbox.email,
    has_generic_password: devices.some((d) => d.is_generic),
    created_at: rfc3339(mailbox.created_at),
  };
}

export const addressResource = kit.resource({
  name: 'address',
  schema: {
    description: [
      'An address (mailbox) of an Infomaniak Mail Service.',
      '',
      'Create **or adopt**: when the mailbox already exists it is adopted as it is; otherwise it is created, ',
      'with no password (as the service does since 2026: access is given with devices and users). ',
      'Destroy keeps the mailbox and its mail unless `delete_mailbox_on_destroy = true`.',
      '',
      '## Import',
      '',
      'Import by `MAIL_HOSTING_ID/MAILBOX_NAME`:',
      '',
      '```shell',
      'terraform import infomaniakmail_address.contact 1234567/contact',
      '```',
      '',
      'or with an `import` block (`id = "1234567/contact"`). Creating the resource for an existing mailbox ',
      'adopts it too, so import is optional.',
    ].join('\n'),
    attributes,
  },

  async create({ client: ctx, config, signal, diagnostics }) {
    const ref = refOf(config);
    let mailbox: Mailbox;
    try {
      mailbox =
        (await ctx.client.mailboxes.find(ref, { signal })) ??
        (await ctx.client.mailboxes.create(ref, { signal }));
    } catch (error) {
      return apiFailure(error, `Could not create or adopt the address ${describeAddress(ref)}`);
    }
    const state: Address = {
      ...config,
      // Left unset in configuration, the planned default applies.
      delete_mailbox_on_destroy: config.delete_mailbox_on_destroy ?? false,
      id: `${ref.hosting}/${ref.mailbox}`,
      email: mailbox.email,
      has_generic_password: false,
      created_at: rfc3339(mailbox.created_at),
    };
    try {
      return { state: { ...state, ...(await describe(ctx, ref, mailbox, signal)) } };
    } catch (error) {
      // The mailbox exists: keep it in state even though its devices could not be listed.
      reportApiError(diagnostics, error, `Created ${describeAddress(ref)} but could not list its devices`);
      return { state };
    }
  },

  async read({ client: ctx, state, signal }) {
    const ref = refOf(state);
    try {
      const mailbox = await ctx.client.mailboxes.find(ref, { signal });
      if (!mailbox) return { gone: true };
      return {
        state: {
          ...state,
          id: `${ref.hosting}/${ref.mailbox}`,
          ...(await describe(ctx, ref, mailbox, signal)),
        },
      };
    } catch (error) {
      return apiFailure(error, `Could not read the address ${describeAddress(ref)}`);
    }
  },

  update({ plan, state }) {
    // Only delete_mailbox_on_destroy can change in place, and it lives in state alone.
    return {
      state: { ...state, delete_mailbox_on_destroy: plan.delete_mailbox_on_destroy as boolean | null },
    };
  },

  async delete({ client: ctx, state, signal }) {
    if (state.delete_mailbox_on_destroy !== true) return;
    const ref = refOf(state);
    try {
      await ctx.client.mailboxes.delete(ref, { signal });
    } catch (error) {
      if (error instanceof NotFoundError && error.resource === 'mailbox') return;
      return apiFailure(error, `Could not delete the mailbox ${describeAddress(ref)}`);
    } finally {
      // Its devices went with it.
      ctx.cache.devicesChanged(ref);
      ctx.cache.webmailChanged(ref);
    }
  },

  importState({ id }) {
    return { state: parseAddressId(id) };
  },
});

/** `1234567/contact` → the key attributes; a DiagnosticError naming the expected form otherwise. */
export function parseAddressId(
  id: string,
): Pick<Address, 'mail_hosting_id' | 'mailbox_name' | 'delete_mailbox_on_destroy'> {
  const match = /^(\d+)\/([^/\s]+)$/.exec(id.trim());
  if (!match) throw new ImportIdError(id, 'MAIL_HOSTING_ID/MAILBOX_NAME', '1234567/contact');
  return { mail_hosting_id: Number(match[1]), mailbox_name: match[2], delete_mailbox_on_destroy: false };
}

export const addressDataSource = kit.dataSource({
  name: 'address',
  schema: {
    description:
      'Looks up an existing address of a Mail Service: its full email and whether it still has a generic ' +
      'password. Fails when the address does not exist.',
    attributes: { ...addressLookupAttributes(), ...computedAttributes(false) },
  },
  async read({ client: ctx, config, signal }) {
    const ref = refOf(config);
    try {
      const mailbox = await ctx.client.mailboxes.show(ref, { signal });
      return { state: { ...config, ...(await describe(ctx, ref, mailbox, signal)) } };
    } catch (error) {
      return apiFailure(error, `Could not read the address ${describeAddress(ref)}`);
    }
  },
});
