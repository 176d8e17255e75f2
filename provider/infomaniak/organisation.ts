/** The users of the organisation that owns a Mail Service: who can be granted an address. */
import { type ApiContext, type ListOptions, listAll } from './context';
import { organisationUserSchema, type OrganisationUser } from './wire';

export class OrganisationApi {
  constructor(private readonly ctx: ApiContext) {}

  /** Every user of the organisation (all pages). */
  listUsers(hosting: number, options?: ListOptions): Promise<OrganisationUser[]> {
    return listAll(this.ctx, 'organisationUsers', { hosting }, organisationUserSchema, options);
  }
}
