/**
 * Mailboxes of a Mail Service: list, show, create. No route updates or deletes a
 * mailbox (wire.ts), so neither does the sandbox.
 */
import {
  MAILBOX_CREATE_TARGET,
  MAILBOX_NAME_PATTERN,
  createMailboxBody,
  permissionsToWire,
  mailboxPermissions,
  successStatus,
} from '../../infomaniak/wire';
import { fieldError, validationFailed } from '../errors';
import type { MailboxRecord } from '../state';
import { createdMailboxView, mailboxView } from '../views';
import { paginate, parseBody, type Endpoint } from './endpoint';

const NAME = new RegExp(MAILBOX_NAME_PATTERN);

export const mailboxEndpoints: Endpoint[] = [
  {
    method: 'GET',
    route: 'mailboxes',
    handle: ({ store, params, query, viewer }) => {
      const hosting = store.hosting(params.hosting);
      const search = (query.get('search') ?? '').toLowerCase();
      return paginate(
        hosting.mailboxes
          .filter((m) => search === '' || m.mailbox_name.includes(search))
          .map((m) => mailboxView(store.state, hosting, m, viewer)),
        query,
      );
    },
  },
  {
    method: 'POST',
    route: 'mailboxes',
    handle: ({ store, params, body, viewer }) => {
      const hosting = store.hosting(params.hosting);
      const input = parseBody(createMailboxBody, body, ({ mailbox_name: name }) =>
        typeof name === 'string' && name !== '' && name.length <= 64 && !NAME.test(name)
          ? [
              fieldError(
                'mailbox_name',
                'must be lower-case ASCII letters and digits, separated by single dots or runs of "-" and "_", starting and ending with a letter or digit',
              ),
            ]
          : [],
      );
      if (store.findMailbox(hosting, input.mailbox_name)) {
        // The reference names no code for this; a field error says which field and why.
        throw validationFailed([fieldError('mailbox_name', 'is already taken in this Mail Service')]);
      }
      const now = store.nowSeconds();
      const mailbox: MailboxRecord = {
        mailbox_name: input.mailbox_name,
        mailbox_id: store.nextId('mailbox'),
        note: input.note ?? null,
        created_at: now,
        device_accesses: [],
        user_accesses: [],
        invitations: [],
      };
      // ASSUMED mailboxCreateTarget: only other_user without link_to_current_user grants nobody.
      const target = input.target ?? 'current_user';
      const linkCurrent = input.link_to_current_user ?? target !== MAILBOX_CREATE_TARGET;
      if (linkCurrent && viewer.userId !== null && store.findUser(viewer.userId)) {
        mailbox.user_accesses.push({
          id: store.nextId('user_access'),
          user_id: viewer.userId,
          permissions: permissionsToWire(mailboxPermissions),
          created_at: now,
          creator_id: viewer.userId,
        });
      }
      hosting.mailboxes.push(mailbox);
      return { status: successStatus('POST', 'mailboxes'), data: createdMailboxView(hosting, mailbox) };
    },
  },
  {
    method: 'GET',
    route: 'mailbox',
    handle: ({ store, params, viewer }) => {
      const hosting = store.hosting(params.hosting);
      return { data: mailboxView(store.state, hosting, store.mailbox(hosting, params.mailbox), viewer) };
    },
  },
];
