/**
 * The routes of the Infomaniak API this project uses, as the reference names them (see
 * wire.ts for the source of truth and what the other wire-*.ts files hold).
 */

/**
 * Route templates, keyed by a stable name. `{x}` are our names for path parameters
 * (the reference calls them mail_hosting_id / service_mail, mailbox_name,
 * device_access, device, user_id, invitation_webmail / key, account).
 */
export const routes = {
  /** GET: list; POST: create (201). */
  mailboxes: '/1/mail_hostings/{hosting}/mailboxes',
  /** GET only: no route updates or deletes a mailbox. */
  mailbox: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}',
  /** GET: list the address's device accesses; POST: create one (200, the password); DELETE: revoke all. */
  devices: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices',
  /** POST: regenerate (200, the password); DELETE: revoke. `{access}` is a DeviceAccess id. */
  deviceAccess: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices/{access}',
  /** GET / DELETE: one user's device accesses on the address. */
  userDevices: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices/users/{user}',
  /** GET: user accesses and invitations; POST: grant a user (201). */
  webmail: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail',
  /** GET: the users with access. */
  webmailUsers: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/users',
  /** PATCH: permissions; DELETE: remove the user's access. */
  webmailUser: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/users/{user}',
  /** POST: create an invitation link. */
  invitations: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/invitations',
  /** POST: mail the link. `{invitation}` is the invitation's string key. */
  invitationSend:
    '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/invitations/{invitation}/send',
  /**
   * DELETE: withdraw an invitation. An older route ("Mailboxes > Users"), the only one
   * that deletes an invitation; see ASSUMED `invitationWithdrawal`.
   */
  invitationWithdraw: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/invitations/{invitation}',
  /** PATCH: a Device's label. Not scoped by address: a Device may read several. */
  deviceLabel: '/1/mail_hostings/accesses/devices/{device}',
  /** GET: the products the token sees; a Mail Service is one (its id is the mail_hosting_id). */
  products: '/1/products',
  /** GET: the users of an account (organisation). */
  accountUsers: '/2/accounts/{account}/users',
} as const;
export type RouteName = keyof typeof routes;

export interface RouteParams {
  readonly hosting?: number;
  readonly mailbox?: string;
  readonly access?: number;
  readonly device?: number;
  readonly user?: number;
  readonly invitation?: string;
  readonly account?: number;
}

/** Fills a route template; every parameter is URI-encoded. */
export function routePath(name: RouteName, params: RouteParams): string {
  return routes[name].replace(/\{(\w+)\}/g, (_m, key: string) => {
    const value = (params as Record<string, unknown>)[key];
    if (value === undefined || value === null || value === '') {
      throw new Error(`route ${name}: missing path parameter "${key}"`);
    }
    return encodeURIComponent(String(value));
  });
}

/**
 * Which generation a route belongs to; a 501 means opposite things in the two:
 * - `accesses`: the Mail Service is not yet enabled for device and user accesses;
 * - `legacy` ("Mailboxes > Users"): the account has already moved to that new model.
 */
export type RouteFamily = 'accesses' | 'legacy' | 'mailbox' | 'account';
export function routeFamily(name: RouteName): RouteFamily {
  if (name === 'invitationWithdraw') return 'legacy';
  if (name === 'mailboxes' || name === 'mailbox') return 'mailbox';
  if (name === 'products' || name === 'accountUsers') return 'account';
  return 'accesses';
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Success statuses the reference gives where they are not 200. */
const CREATED: ReadonlySet<string> = new Set(['POST mailboxes', 'POST webmail']);
export function successStatus(method: HttpMethod, route: RouteName): 200 | 201 {
  return CREATED.has(`${method} ${route}`) ? 201 : 200;
}
