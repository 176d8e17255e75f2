/**
 * Mail API failures as Terraform diagnostics: the client's message (already written
 * for a person: a 403 names the missing right, a 404 the missing thing, a 501 what it
 * means for that route) becomes the detail, and the diagnostic points at the attribute
 * the failure is about, so terraform shows the configuration line. Messages never hold
 * secrets: the client scrubs the token, passwords and invitation links from every error.
 */
import { DiagnosticError } from '../framework';
import { NotFoundError, RejectedError, isMailApiError, type MailApiError } from '../infomaniak/errors';

/** Where a failure points: API field names and API error codes → the resource attribute. */
export interface ErrorTargets {
  /** e.g. `{ label: 'label' }` for a message about the body's `label` field. */
  readonly fields?: Readonly<Record<string, string>>;
  /** e.g. `{ device_already_has_access_to_mailbox: 'device_id' }`. */
  readonly codes?: Readonly<Record<string, string>>;
}

const DEFAULT_FIELDS: Readonly<Record<string, string>> = {
  mailbox_name: 'mailbox_name',
  note: 'note',
  label: 'label',
  protocols: 'protocols',
  type: 'type',
  user_id: 'user_id',
  device_id: 'device_id',
  permissions: 'permissions',
  email: 'email',
  language: 'language',
};

/** The attribute a failure is about, when it is about one. */
export function attributeOf(error: MailApiError, targets: ErrorTargets = {}): string | undefined {
  if (error.code !== undefined && targets.codes?.[error.code]) return targets.codes[error.code];
  if (error instanceof NotFoundError) {
    switch (error.resource) {
      case 'hosting':
        return 'mail_hosting_id';
      case 'mailbox':
        return 'mailbox_name';
      case 'user':
        return 'user_id';
      default:
        return undefined;
    }
  }
  if (error instanceof RejectedError) {
    const fields = { ...DEFAULT_FIELDS, ...targets.fields };
    for (const f of error.fields) {
      const mapped = f.field === undefined ? undefined : fields[f.field];
      if (mapped) return mapped;
    }
  }
  return undefined;
}

/**
 * The one place an API failure becomes a diagnostic: `summary` says what was being done
 * (e.g. `Could not create device "CRM" on "contact" (Mail Service 1234567)`), the
 * client's message is the detail, and the attribute is the one the failure is about.
 * `throw apiError(...)` stops the operation; `diagnostics.add(apiError(...))` reports
 * and goes on. What is not an API error is thrown on, for the framework to report.
 */
export function apiError(error: unknown, summary: string, targets?: ErrorTargets): DiagnosticError {
  if (!isMailApiError(error)) throw error;
  return new DiagnosticError(summary, error.message, attributeOf(error, targets));
}
