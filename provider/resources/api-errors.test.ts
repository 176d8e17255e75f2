import { Diagnostics } from '../framework';
import { ForbiddenError, NotFoundError, RejectedError, type RequestDescription } from '../infomaniak';
import { attributeOf, reportApiError } from './api-errors';

const request: RequestDescription = {
  method: 'POST',
  route: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices',
  params: { hosting: 1, mailbox: 'contact' },
};

describe('API errors as diagnostics', () => {
  it('points a missing mailbox or hosting at its key attribute', () => {
    expect(attributeOf(new NotFoundError(request, 'mailbox'))).toBe('mailbox_name');
    expect(attributeOf(new NotFoundError(request, 'hosting'))).toBe('mail_hosting_id');
    expect(attributeOf(new NotFoundError(request, 'device'))).toBeUndefined();
  });

  it('maps API field messages through the resource field map', () => {
    const rejected = new RejectedError(request, 422, 'invalid', [
      { field: 'password', message: 'too short', code: 'validation_failed' },
    ]);
    expect(attributeOf(rejected, { password: 'password_wo' })).toBe('password_wo');
  });

  it('keeps the client message (a 403 names the right) as the detail', () => {
    const d = new Diagnostics();
    const forbidden = new ForbiddenError(request, undefined);
    reportApiError(d, forbidden, 'Could not create device "CRM"');
    expect(d.errors[0].summary).toBe('Could not create device "CRM"');
    expect(d.errors[0].detail).toBe(forbidden.message);
  });

  it('rethrows what is not an API error', () => {
    expect(() => reportApiError(new Diagnostics(), new TypeError('bug'), 'x')).toThrow('bug');
  });
});
