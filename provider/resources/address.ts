/**
 * `infomaniakmail_address` (resource and data source): an address of a Mail Service.
 * The resource creates the mailbox when it is absent and adopts it when present. The
 * API has no route to update or delete a mailbox: `note` is sent at creation only, and
 * destroy leaves the mailbox and its mail.
 */
import { attr, stringLength, useStateForUnknown, type Diagnostics, type ModelOf } from '../framework';
import type { Address as ApiAddress, MailboxRef } from '../infomaniak';
import { MAILBOX_NOTE_MAX_LENGTH } from '../infomaniak/api-rules';
import { isGenericPassword } from '../infomaniak/model';
import { apiError } from './api-errors';
import { addressKeyAttributes, addressLookupAttributes, describeAddress, refOf } from './common';
import { kit, type MailContext } from './context';
import { parseImportId } from './import-id';

/** Computed attributes shared by the resource (which keeps them across plans) and the data source. */
function computedAttributes(keep: boolean) {
  const kept = <T>() => (keep ? [useStateForUnknown<T>()] : []);
  return {
    email: attr.string({
      computed: true,
      description: 'The full address in Unicode (`mailbox_idn`), e.g. `contact@exemple-domaine.ch`.',
      planModifiers: kept<string>(),
    }),
    ascii_email: attr.string({
      computed: true,
      description:
        'The full address in ASCII (the ACE form of an internationalised domain, `mailbox`): what mail ' +
        'clients and DNS records use.',
      planModifiers: kept<string>(),
    }),
    has_generic_password: attr.bool({
      computed: true,
      description:
        'Whether the address still has its pre-2026 **generic password** (`has_legacy_device`): valid, never ' +
        'displayable, never resettable. It is listed among the devices with `type = "legacy"`; revoke it ' +
        'with `infomaniakmail_access_policy` and `revoke_generic_password = true` once every client has ' +
        'its own device password.',
      planModifiers: kept<boolean>(),
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
  note: attr.string({
    optional: true,
    description:
      `A note shown in the Manager (at most ${MAILBOX_NOTE_MAX_LENGTH} characters), sent when the mailbox is ` +
      'created. The API has no route to change a mailbox, so a note on an adopted address, or a later ' +
      'change, is kept in state only and the plan warns.',
    validators: [stringLength({ max: MAILBOX_NOTE_MAX_LENGTH })],
  }),
  ...computedAttributes(true),
};

export const addressIdForm = {
  form: 'MAIL_HOSTING_ID/MAILBOX_NAME',
  example: '1234567/contact',
  parts: ['int', 'string'],
} as const;

type AddressModel = ModelOf<typeof attributes>;
type Described = Pick<AddressModel, 'email' | 'ascii_email' | 'has_generic_password'>;

/** The computed attributes from the mailbox; the device list (shared, cached) only if the mailbox does not say. */
async function describe(
  ctx: MailContext,
  ref: MailboxRef,
  address: ApiAddress,
  signal: AbortSignal,
): Promise<Described> {
  const generic =
    address.hasGenericPassword ?? (await ctx.cache.devices(ref, signal)).some((d) => isGenericPassword(d));
  return { email: address.email, ascii_email: address.asciiEmail, has_generic_password: generic };
}

function warnNoteKept(diagnostics: Diagnostics, ref: MailboxRef, current: string | null): void {
  diagnostics.warning(
    `The note of ${describeAddress(ref)} cannot be changed`,
    `The Infomaniak API sets a mailbox's note only when it creates the mailbox and has no route to change ` +
      `it. The address keeps ${current === null || current === '' ? 'no note' : `the note "${current}"`}; ` +
      'change it in the Manager if it matters. The configured note is kept in state only.',
    'note',
  );
}

export const addressResource = kit.resource({
  name: 'address',
  schema: {
    description: [
      'An address (mailbox) of an Infomaniak Mail Service.',
      '',
      'Create **or adopt**: when the mailbox already exists it is adopted as it is; otherwise it is created ',
      'with no password and **nobody granted**: access is given only by the devices, users and invitations ',
      'this configuration declares (the create sends `target = "other_user"` and ',
      '`link_to_current_user = false`).',
      '',
      'The API has no route to update or delete a mailbox: `note` is sent at creation only, and destroy ',
      'stops managing the address but leaves the mailbox, its mail, devices and users (the apply says so). ',
      'Delete a mailbox in the Manager.',
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

  async modifyPlan({ state, config, plan, diagnostics }) {
    // Only the note can differ in place, and the API cannot apply it.
    if (state !== null && typeof config.note === 'string' && config.note !== state.note)
      warnNoteKept(diagnostics, refOf(state), state.note);
    return { plan };
  },

  async create({ client: ctx, config, signal, diagnostics }) {
    const ref = refOf(config);
    let address: ApiAddress | undefined;
    let adopted = false;
    try {
      const found = await ctx.cache.address(ref, signal);
      adopted = found !== undefined;
      address =
        found ??
        (await ctx.client.mailboxes.create(ref, config.note === null ? {} : { note: config.note }, {
          signal,
        }));
    } catch (error) {
      throw apiError(error, `Could not create or adopt the address ${describeAddress(ref)}`);
    } finally {
      if (!adopted) ctx.cache.addressCreated(ref, address);
    }
    if (adopted && config.note !== null && config.note !== (address.note ?? ''))
      warnNoteKept(diagnostics, ref, address.note);
    const state: AddressModel = {
      ...config,
      id: `${ref.hosting}/${ref.mailbox}`,
      email: address.email,
      ascii_email: address.asciiEmail,
      has_generic_password: address.hasGenericPassword ?? false,
    };
    if (address.hasGenericPassword !== undefined) return { state };
    try {
      return { state: { ...state, ...(await describe(ctx, ref, address, signal)) } };
    } catch {
      // The mailbox exists: keep it in state; the next refresh fills has_generic_password.
      return { state };
    }
  },

  async read({ client: ctx, state, signal }) {
    const ref = refOf(state);
    try {
      const address = await ctx.cache.address(ref, signal);
      if (!address) return { gone: true };
      return {
        state: {
          ...state,
          id: `${ref.hosting}/${ref.mailbox}`,
          ...(await describe(ctx, ref, address, signal)),
        },
      };
    } catch (error) {
      throw apiError(error, `Could not read the address ${describeAddress(ref)}`);
    }
  },

  update({ plan, state }) {
    // The note lives in state alone (no route updates a mailbox; modifyPlan warned).
    return { state: { ...state, note: plan.note as string | null } };
  },

  delete({ state, diagnostics }) {
    diagnostics.warning(
      `The mailbox ${describeAddress(refOf(state))} was left in place`,
      'The Infomaniak API has no route to delete a mailbox: Terraform stopped managing the address, but the ' +
        'mailbox, its mail, its devices and its users remain. Delete it in the Manager if it should go.',
    );
  },

  importState({ id }) {
    const [hosting, mailbox] = parseImportId(id, addressIdForm);
    return { state: { mail_hosting_id: hosting, mailbox_name: mailbox } };
  },
});

export const addressDataSource = kit.dataSource({
  name: 'address',
  schema: {
    description:
      'Looks up an existing address of a Mail Service: its full email (Unicode and ASCII) and whether it ' +
      'still has a generic password. Fails when the address does not exist.',
    attributes: { ...addressLookupAttributes(), ...computedAttributes(false) },
  },
  async read({ client: ctx, config, signal }) {
    const ref = refOf(config);
    try {
      // show() only for an address the directory lacks: its 404 is the error the user reads.
      const address =
        (await ctx.cache.address(ref, signal)) ?? (await ctx.client.mailboxes.show(ref, { signal }));
      return { state: { ...config, ...(await describe(ctx, ref, address, signal)) } };
    } catch (error) {
      throw apiError(error, `Could not read the address ${describeAddress(ref)}`);
    }
  },
});
