/**
 * Names for what the plan refers to by id: the email of an address (from address
 * resources and data sources) and who a user id is (from the `infomaniakmail_users` and
 * `infomaniakmail_address_access` data sources and from access policies' lists). Only redacted values are read. It makes the report
 * say "alice@… → contact@…" where the plan only says 100001 and "contact".
 */
import { num, objects, str, type Attributes } from './fields';
import type { PlanJson, StateModule } from './plan-json';
import { visibleObject } from './redact';
import type { AddressRef, UserRef } from './model';

const PREFIX = 'infomaniakmail_';

export class Directory {
  private readonly emails = new Map<string, string>();
  /** A Mail Service serves one domain: known from any of its addresses. */
  private readonly domains = new Map<number, string>();
  private readonly users = new Map<number, { email: string | null; display_name: string | null }>();

  static of(plan: PlanJson): Directory {
    const directory = new Directory();
    for (const module of [plan.prior_state?.values?.root_module, plan.planned_values?.root_module])
      for (const resource of walk(module))
        directory.learn(resource.type, visibleObject(resource.values, resource.sensitive_values));
    for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
      directory.learn(rc.type, visibleObject(rc.change.before, rc.change.before_sensitive));
      directory.learn(rc.type, visibleObject(rc.change.after, rc.change.after_sensitive));
    }
    return directory;
  }

  address(values: Attributes): AddressRef {
    const hosting = num(values, 'mail_hosting_id');
    const mailbox = str(values, 'mailbox_name');
    const domain = hosting === null ? undefined : this.domains.get(hosting);
    const email =
      this.emails.get(key(hosting, mailbox)) ?? (domain && mailbox ? `${mailbox}@${domain}` : null);
    return { mail_hosting_id: hosting, mailbox_name: mailbox, email };
  }

  user(userId: number | null, email: string | null = null): UserRef {
    const known = userId === null ? undefined : this.users.get(userId);
    return {
      user_id: userId,
      email: email ?? known?.email ?? null,
      display_name: known?.display_name ?? null,
    };
  }

  private learn(type: string, values: Attributes): void {
    if (!type.startsWith(PREFIX)) return;
    const email = str(values, 'email');
    const hosting = num(values, 'mail_hosting_id');
    if (type === 'infomaniakmail_address' && email) {
      this.emails.set(key(hosting, str(values, 'mailbox_name')), email);
      const domain = email.split('@')[1];
      if (hosting !== null && domain) this.domains.set(hosting, domain);
    }
    for (const list of ['users', 'mailbox_users', 'unmanaged_users', 'users_to_remove'])
      for (const user of objects(values, list)) {
        const id = num(user, 'user_id');
        if (id === null) continue;
        // Lists differ in what they hold about a person: keep whatever any of them tells.
        const known = this.users.get(id);
        this.users.set(id, {
          email: known?.email ?? str(user, 'email'),
          display_name: known?.display_name ?? str(user, 'display_name'),
        });
      }
  }
}

function key(hosting: number | null, mailbox: string | null): string {
  return `${hosting ?? '?'}/${mailbox ?? '?'}`;
}

function* walk(
  module: StateModule | undefined,
): Generator<{ type: string; values: unknown; sensitive_values: unknown }> {
  if (!module) return;
  for (const r of module.resources ?? [])
    yield { type: r.type, values: r.values, sensitive_values: r.sensitive_values };
  for (const child of module.child_modules ?? []) yield* walk(child);
}
