/**
 * Errors the sandbox answers with, in the service's error envelope.
 *
 * Every description is written for the person reading it in a Terraform
 * diagnostic: it says what is wrong and what to do. None ever echoes a request
 * value, so no token, password or invitation link can leak through an error.
 */
import type { z } from 'zod';
import { errorCodes, type ApiErrorBody, type ApiErrorDetail } from '../infomaniak/wire';

/** ASSUMED errorDetails (wire.ts): every entry has code, description and context.attribute. */
type FieldError = ApiErrorDetail & { context: { attribute: string } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly fieldErrors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.fieldErrors
      ? { code: this.code, description: this.description, errors: this.fieldErrors }
      : { code: this.code, description: this.description };
  }
}

export function fieldError(
  attribute: string,
  description: string,
  code: string = errorCodes.validationFailed,
): FieldError {
  return { code, description, context: { attribute } };
}

/** 422 with one entry per offending field; the top description lists them so a log line is enough. */
export function validationFailed(errors: FieldError[]): ApiError {
  const summary = errors.map((e) => `${e.context?.attribute ?? 'body'}: ${e.description}`).join('; ');
  return new ApiError(422, errorCodes.validationFailed, `The request is invalid: ${summary}`, errors);
}

/** Turns zod issues into field errors without ever quoting the rejected value. */
export function fromZodError(error: z.ZodError): ApiError {
  return validationFailed(
    error.issues.map((issue) => {
      const attribute = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
      return fieldError(attribute, describeIssue(issue));
    }),
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `must hold at least ${issue.minimum} item(s)`
        : issue.origin === 'string'
          ? `must be at least ${issue.minimum} character(s) long`
          : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} character(s) long`
        : `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    default:
      return 'is invalid';
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** 404 `object_not_found`, naming what is missing; never a value the caller did not already know to be an id. */
function objectNotFound(description: string): ApiError {
  return new ApiError(404, errorCodes.objectNotFound, description);
}

export const notFound = {
  hosting: (id: string | number) =>
    objectNotFound(`Mail Service ${id} does not exist or this token cannot see it; check mail_hosting_id.`),
  mailbox: (hosting: number, name: string) =>
    objectNotFound(`Mailbox "${name}" does not exist in Mail Service ${hosting}; check mailbox_name.`),
  deviceAccess: (id: string | number, mailbox: string) =>
    objectNotFound(`Device access ${id} does not exist on mailbox "${mailbox}"; it may have been revoked.`),
  device: (id: string | number) =>
    objectNotFound(`Device ${id} does not exist; its last access may have been revoked.`),
  user: (id: string | number) =>
    objectNotFound(`User ${id} is not a member of the organisation that owns this Mail Service.`),
  account: (id: string | number) =>
    objectNotFound(`Account ${id} does not exist or this token cannot see it.`),
  userAccess: (id: string | number, mailbox: string) =>
    new ApiError(404, errorCodes.userHasNoAccess, `User ${id} has no access to mailbox "${mailbox}".`),
  invitation: (mailbox: string) =>
    // The key is not echoed: an invitation key is half of what finds a link.
    objectNotFound(
      `This invitation does not exist on mailbox "${mailbox}"; it may have been accepted or withdrawn.`,
    ),
  route: (method: string) =>
    new ApiError(404, errorCodes.routeNotFound, `No ${method} route matches this path in the Mail API.`),
};

export function accessDenied(description: string): ApiError {
  return new ApiError(403, errorCodes.accessDenied, description);
}

export function unexpectedError(description: string): ApiError {
  return new ApiError(500, errorCodes.unexpectedError, description);
}
