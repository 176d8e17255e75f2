/** Mailboxes of a Mail Service: list, show, create (with no password, as since 2026), delete. */
import { createMailboxBody, errorCodes } from '../../infomaniak/wire';
import { ApiError, fieldError } from '../errors';
import { mailboxView } from '../views';
import { ok, paginate, parseBody, type Endpoint } from './endpoint';

/** ASSUMED local-part rule: lower case letters, digits, dot, dash, underscore; no leading/trailing punctuation. */
const MAILBOX_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;

export const mailboxEndpoints: Endpoint[] = [
  {
    method: 'GET',
    route: 'mailboxes',
    handle: ({ store, params, query }) => {
      const hosting = store.hosting(params.hosting);
      return paginate(
        hosting.mailboxes.map((m) => mailboxView(hosting, m)),
        query,
      );
    },
  },
  {
    method: 'POST',
    route: 'mailboxes',
    handle: ({ store, params, body }) => {
      const hosting = store.hosting(params.hosting);
      const { mailbox_name } = parseBody(createMailboxBody, body, ({ mailbox_name: name }) =>
        typeof name === 'string' && name !== '' && (!MAILBOX_NAME.test(name) || name.includes('..'))
          ? [
              fieldError(
                'mailbox_name',
                'must be the local part of an address: 1 to 64 lower case letters, digits, ".", "-" or "_", starting and ending with a letter or digit',
              ),
            ]
          : [],
      );
      if (store.findMailbox(hosting, mailbox_name)) {
        throw new ApiError(
          409,
          errorCodes.conflict,
          `Mailbox "${mailbox_name}" already exists in Mail Service ${hosting.id}; adopt it instead of creating it.`,
          [fieldError('mailbox_name', 'is already taken', errorCodes.conflict)],
        );
      }
      const mailbox = {
        mailbox_name,
        created_at: store.nowSeconds(),
        devices: [],
        webmail_users: [],
        invitations: [],
      };
      hosting.mailboxes.push(mailbox);
      return { data: mailboxView(hosting, mailbox) };
    },
  },
  {
    method: 'GET',
    route: 'mailbox',
    handle: ({ store, params }) => {
      const hosting = store.hosting(params.hosting);
      return { data: mailboxView(hosting, store.mailbox(hosting, params.mailbox)) };
    },
  },
  {
    method: 'DELETE',
    route: 'mailbox',
    handle: ({ store, params }) => {
      const hosting = store.hosting(params.hosting);
      const mailbox = store.mailbox(hosting, params.mailbox);
      // Its devices, grants and invitations go with it, as the mail does.
      hosting.mailboxes = hosting.mailboxes.filter((m) => m !== mailbox);
      return ok;
    },
  },
];
