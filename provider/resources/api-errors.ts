/**
 * Mail API failures as Terraform diagnostics: the client's message (already written
 * for a person: a 403 names the missing right, a 404 the missing thing, a 501 what it
 * means for that route) becomes the detail, and the diagnostic points at the attribute
 * the failure is about, so terraform shows the configuration line. Messages never hold
 * secrets: the client scrubs the token, passwords and invitation links from every error.
 */
import { DiagnosticError, attrPath, type Diagnostics } from '../framework';
import { NotFoundError, RejectedError, isMailApiError, type MailApiError } from '../infomaniak';

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
 * Adds an error diagnostic for `error`: `summary` says what was being done (e.g.
 * `Could not create device "CRM" on "contact" (Mail Service 1234567)`). Errors that
 * are not API errors are rethrown for the framework to report.
 */
export function reportApiError(
  diagnostics: Diagnostics,
  error: unknown,
  summary: string,
  targets?: ErrorTargets,
): void {
  if (!isMailApiError(error)) throw error;
  diagnostics.error(summary, error.message, attributeOf(error, targets));
}

/** Like reportApiError, for code that must stop at once: throws a DiagnosticError. */
export function apiFailure(error: unknown, summary: string, targets?: ErrorTargets): never {
  if (!isMailApiError(error)) throw error;
  const attribute = attributeOf(error, targets);
  throw new DiagnosticError(
    summary,
    error.message,
    attribute === undefined ? undefined : attrPath(attribute),
  );
}
