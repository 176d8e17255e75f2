import { DiagnosticError, Diagnostics } from '../framework';
import {
  CreatedButUnreadError,
  errorCodes,
  ForbiddenError,
  NotFoundError,
  RejectedError,
  type RequestDescription,
} from '../infomaniak';
import { apiError, attributeOf, type ErrorTargets } from './api-errors';

const request: RequestDescription = {
  method: 'POST',
  route: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices',
  params: { hosting: 1, mailbox: 'contact' },
};

/** What device.ts gives its create. */
const createTargets: ErrorTargets = {
  codes: {
    [errorCodes.deviceAlreadyHasAccess]: 'device_id',
    [errorCodes.legacyDeviceCreation]: 'device_id',
    [errorCodes.existingDeviceOneUser]: 'user_id',
  },
};

const rejected = (
  status: number,
  code: string | undefined,
  fields: { field?: string; code: string; message: string }[] = [],
) => new RejectedError(request, status, 'refused', fields, code);

describe('attributeOf', () => {
  it('points a missing hosting, mailbox or user at its attribute', () => {
    expect(attributeOf(new NotFoundError(request, 'hosting'))).toBe('mail_hosting_id');
    expect(attributeOf(new NotFoundError(request, 'mailbox'))).toBe('mailbox_name');
    expect(attributeOf(new NotFoundError(request, 'user'))).toBe('user_id');
    expect(attributeOf(new NotFoundError(request, 'device_access'))).toBeUndefined();
    expect(attributeOf(new NotFoundError(request, 'invitation'))).toBeUndefined();
  });

  it('maps the API error code through the targets', () => {
    expect(attributeOf(rejected(409, errorCodes.deviceAlreadyHasAccess), createTargets)).toBe('device_id');
    expect(attributeOf(rejected(422, errorCodes.existingDeviceOneUser), createTargets)).toBe('user_id');
    expect(attributeOf(rejected(422, errorCodes.legacyDeviceCreation), createTargets)).toBe('device_id');
    expect(attributeOf(rejected(409, errorCodes.deviceAlreadyHasAccess))).toBeUndefined();
    expect(attributeOf(rejected(409, 'some_other_code'), createTargets)).toBeUndefined();
  });

  it('a mapped code wins over a field message and over the kind of 404', () => {
    const both = rejected(409, errorCodes.deviceAlreadyHasAccess, [
      { field: 'label', code: 'x', message: 'taken' },
    ]);
    expect(attributeOf(both, createTargets)).toBe('device_id');
    const missing = new NotFoundError(request, 'user', errorCodes.userHasNoAccess);
    expect(attributeOf(missing, { codes: { [errorCodes.userHasNoAccess]: 'email' } })).toBe('email');
  });

  it('maps the API field messages by name, the first one that maps', () => {
    const fields = rejected(422, errorCodes.validationFailed, [
      { code: 'x', message: 'no field' },
      { field: 'unheard_of', code: 'x', message: 'unmapped' },
      { field: 'protocols', code: 'x', message: 'invalid' },
      { field: 'label', code: 'x', message: 'too long' },
    ]);
    expect(attributeOf(fields)).toBe('protocols');
    expect(
      attributeOf(rejected(422, undefined, [{ field: 'unheard_of', code: 'x', message: 'y' }])),
    ).toBeUndefined();
  });

  it('lets the targets rename or add fields', () => {
    const mail = rejected(422, undefined, [{ field: 'mail', code: 'x', message: 'invalid' }]);
    expect(attributeOf(mail)).toBeUndefined();
    expect(attributeOf(mail, { fields: { mail: 'email' } })).toBe('email');
    const label = rejected(422, undefined, [{ field: 'label', code: 'x', message: 'invalid' }]);
    expect(attributeOf(label, { fields: { label: 'name' } })).toBe('name');
  });

  it('has nothing to point at for other failures', () => {
    expect(attributeOf(new ForbiddenError(request, undefined))).toBeUndefined();
  });
});

describe('apiError', () => {
  it('keep the client message (a 403 names the right) as the detail, on the attribute', () => {
    const d = new Diagnostics();
    const forbidden = new ForbiddenError(request, undefined);
    d.add(apiError(forbidden, 'Could not create device "CRM"'));
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0].summary).toBe('Could not create device "CRM"');
    expect(d.errors[0].detail).toBe(forbidden.message);
    expect(d.errors[0].attribute).toBeUndefined();

    const onDevice = new Diagnostics();
    onDevice.add(apiError(rejected(409, errorCodes.deviceAlreadyHasAccess), 'x', createTargets));
    expect(onDevice.errors[0].attribute).toEqual([{ attributeName: 'device_id' }]);
  });

  it('is a DiagnosticError on the attribute, to throw', () => {
    let caught: unknown;
    try {
      throw apiError(new NotFoundError(request, 'mailbox'), 'Could not read');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DiagnosticError);
    expect(caught).toMatchObject({
      summary: 'Could not read',
      attribute: [{ attributeName: 'mailbox_name' }],
    });
  });

  it('never carry the password an error holds for its caller', () => {
    const password = 'fresh-secret-password-1234';
    const error = new CreatedButUnreadError(request, { password, label: 'CRM' }, undefined);
    expect(error.password).toBe(password);
    const d = new Diagnostics();
    d.add(apiError(error, 'Could not create device "CRM"'));
    expect(JSON.stringify(d.toArray())).not.toContain(password);
    let thrown: unknown;
    try {
      throw apiError(error, 'Could not create device "CRM"');
    } catch (e) {
      thrown = e;
    }
    expect(String((thrown as Error).message)).not.toContain(password);
    expect(JSON.stringify(thrown)).not.toContain(password);
  });

  it('rethrow what is not an API error', () => {
    expect(() => new Diagnostics().add(apiError(new TypeError('bug'), 'x'))).toThrow('bug');
    expect(() => apiError(new TypeError('bug'), 'x')).toThrow('bug');
  });
});
