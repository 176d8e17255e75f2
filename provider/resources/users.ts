/**
 * Data source infomaniakmail_users: who can be granted an address (the users of the
 * organisation that owns the Mail Service) and, for one address, who has access.
 * Nothing here is a secret; the webmail list comes from the per-run cache, so it is
 * shared with the grants and the policy of that address.
 */
import { attr, type ModelOf, type Validator } from '../framework';
import type { OrganisationUser, UserAccess } from '../infomaniak';
import { apiError } from './api-errors';
import { addressLookupAttributes, describeAddress } from './common';
import { kit } from './context';

const lookup = addressLookupAttributes();

const userAttributes = {
  user_id: attr.int({ computed: true, description: 'Id of the user in the organisation.' }),
  email: attr.string({ computed: true, description: 'Their login email.' }),
  display_name: attr.string({ computed: true, description: 'Their name.' }),
  first_name: attr.string({ computed: true, description: 'Their first name.' }),
  last_name: attr.string({ computed: true, description: 'Their last name.' }),
};

const attributes = {
  mail_hosting_id: lookup.mail_hosting_id,
  mailbox_name: attr.string({
    optional: true,
    description:
      'An address of the Mail Service (the part before `@`). When set, `mailbox_users` lists the users ' +
      'with access to it.',
    // The same rule as every mailbox_name (common.ts).
    validators: lookup.mailbox_name.validators as readonly Validator<string>[],
  }),
  users: attr.listNested(userAttributes, {
    computed: true,
    description: 'Every user of the organisation that owns the Mail Service, by `user_id`.',
  }),
  mailbox_users: attr.listNested(
    {
      ...userAttributes,
      permissions: attr.set('string', {
        computed: true,
        description: 'What they may do besides reading and sending (capability names without `can_`).',
      }),
    },
    {
      computed: true,
      description:
        'Users with access to `mailbox_name`, by `user_id`, with their permissions; null when ' +
        '`mailbox_name` is not set. Open invitations are not listed.',
    },
  ),
};

type UsersModel = ModelOf<typeof attributes>;

export const users = kit.dataSource({
  name: 'users',
  schema: {
    description:
      'The users of the organisation that owns a Mail Service — who can be granted an address with ' +
      '`infomaniakmail_user_access` — and, optionally, those with access to one address. Look a user up ' +
      'by email with `one([for u in data.infomaniakmail_users.all.users : u.user_id if u.email == "alice@example.ch"])`.',
    attributes,
  },

  async read({ client: ctx, config, signal }) {
    const hosting = config.mail_hosting_id;
    let organisation: OrganisationUser[];
    try {
      organisation = await ctx.client.organisation.listUsers(hosting, { signal });
    } catch (error) {
      throw apiError(error, `Could not list the users of Mail Service ${hosting}`);
    }
    const state: UsersModel = {
      ...config,
      users: organisation.map(userRow).sort(byUserId),
      mailbox_users: null,
    };
    if (config.mailbox_name === null) return { state };
    const ref = { hosting, mailbox: config.mailbox_name };
    try {
      const access = await ctx.cache.webmail(ref, signal);
      return { state: { ...state, mailbox_users: access.users.map(mailboxUserRow).sort(byUserId) } };
    } catch (error) {
      throw apiError(error, `Could not list the users with access to ${describeAddress(ref)}`);
    }
  },
});

function userRow(u: OrganisationUser | UserAccess) {
  return {
    user_id: u.userId,
    email: u.email,
    display_name: u.displayName,
    first_name: u.firstName,
    last_name: u.lastName,
  };
}

function mailboxUserRow(u: UserAccess) {
  return { ...userRow(u), permissions: [...u.permissions] };
}

function byUserId(a: { user_id: number | null }, b: { user_id: number | null }): number {
  return (a.user_id ?? 0) - (b.user_id ?? 0);
}
