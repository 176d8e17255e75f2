/**
 * The organisation behind a Mail Service: the Mail Services the token sees (products),
 * the account that owns one, and that account's users (who can be granted an address).
 */
import type { CallOptions } from './caller';
import { type ApiContext, type ListOptions, listAll } from './context';
import { fromAccountUser, toMailService } from './convert';
import { NotFoundError } from './errors';
import type { MailService, OrganisationUser } from './model';
import { MAIL_SERVICE_NAME, accountUserSchema, productSchema, routes } from './wire';

export class OrganisationApi {
  /** hosting → account id; an account never changes for a Mail Service. */
  private readonly accounts = new Map<number, number>();

  constructor(private readonly ctx: ApiContext) {}

  /** Every Mail Service (product `email_hosting`) the token sees (all pages). */
  async mailServices(options?: ListOptions): Promise<MailService[]> {
    const products = await listAll(this.ctx, 'products', {}, productSchema, options, {
      service_name: MAIL_SERVICE_NAME,
    });
    // The filter is asked of the service and checked again here.
    return products.filter((p) => p.service_name === MAIL_SERVICE_NAME).map(toMailService);
  }

  /** The account (organisation) owning the Mail Service; NotFoundError (resource 'hosting') when not visible. */
  async accountOf(hosting: number, options?: CallOptions): Promise<number> {
    const cached = this.accounts.get(hosting);
    if (cached !== undefined) return cached;
    for (const service of await this.mailServices(options)) this.accounts.set(service.id, service.accountId);
    const account = this.accounts.get(hosting);
    if (account === undefined) {
      throw new NotFoundError({ method: 'GET', route: routes.products, params: { hosting } }, 'hosting');
    }
    return account;
  }

  /** The users of the organisation owning the Mail Service (all pages); pending users are skipped. */
  async listUsers(hosting: number, options?: ListOptions): Promise<OrganisationUser[]> {
    const account = await this.accountOf(hosting, options);
    const users = await listAll(this.ctx, 'accountUsers', { account }, accountUserSchema, options);
    return users.flatMap((u) => fromAccountUser(u) ?? []);
  }
}
