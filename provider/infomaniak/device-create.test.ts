import { inspect } from 'node:util';
import type { Clock } from './clock';
import type { ApiContext } from './context';
import { createDevice, type DeviceOps, newMarker } from './device-create';
import { AmbiguousCreateError, ConnectionError, MailApiError, RejectedError, ServerError } from './errors';
import { retryPolicy } from './retry';
import { routes, type CreateDeviceBody, type Device, type DeviceWithPassword } from './wire';

const ref = { hosting: 1, mailbox: 'contact' };
const postRequest = {
  method: 'POST' as const,
  route: routes.devices,
  params: { hosting: 1, mailbox: 'contact' },
};
const MARKER = ' ~0a1b2c3d';

/** An in-memory mailbox whose POST can be told to fail before or after committing. */
function fakeService() {
  const devices: Device[] = [];
  const passwords = new Map<number, string>();
  const calls: string[] = [];
  let nextId = 100;
  let nextPassword = 1;
  const failures: Array<'drop_after_commit' | 'reset_before' | '500_before' | '422'> = [];
  const failList: MailApiError[] = [];
  const failLabel: MailApiError[] = [];
  const ops: DeviceOps = {
    async list() {
      calls.push('list');
      const failure = failList.shift();
      if (failure) throw failure;
      return devices.map((d) => ({ ...d }));
    },
    async post(_ref, body: CreateDeviceBody) {
      calls.push(`post ${body.label}`);
      const failure = failures.shift();
      if (failure === 'reset_before') throw new ConnectionError(postRequest, 'ECONNRESET', true, 'x');
      if (failure === '500_before') throw new ServerError(postRequest, 500);
      if (failure === '422') throw new RejectedError(postRequest, 422, 'invalid', []);
      const device: Device = {
        id: nextId++,
        label: body.label,
        user_id: body.user_id ?? null,
        protocols: body.protocols,
        created_at: 10,
        password_changed_at: 10,
        is_generic: false,
      };
      devices.push(device);
      const password = body.password ?? `generated-${nextPassword++}`;
      passwords.set(device.id, password);
      if (failure === 'drop_after_commit')
        throw new ConnectionError(postRequest, 'UND_ERR_SOCKET', true, 'x');
      return { ...device, password };
    },
    async regenerate(_ref, id, password) {
      calls.push(`regenerate ${id}`);
      const chosen = password ?? `generated-${nextPassword++}`;
      passwords.set(id, chosen);
      const device = devices.find((d) => d.id === id)!;
      return { ...device, password: chosen };
    },
    async updateLabel(id, label) {
      calls.push(`label ${id} ${label}`);
      const failure = failLabel.shift();
      if (failure) throw failure;
      const device = devices.find((d) => d.id === id)!;
      device.label = label;
      return { ...device };
    },
    async revoke(_ref, id) {
      calls.push(`revoke ${id}`);
      const index = devices.findIndex((d) => d.id === id);
      devices.splice(index, 1);
    },
  };
  return { ops, devices, passwords, calls, failures, failList, failLabel };
}

function context(warnings: string[] = []): ApiContext {
  const clock: Clock = { now: () => 0, sleep: async () => undefined };
  return {
    caller: undefined as never,
    perPage: 100,
    retry: retryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 }),
    clock,
    random: () => 0,
    logger: { warn: (line) => warnings.push(line) },
  };
}

const input = { label: 'CRM', protocols: ['smtp' as const] };

function expectValid(service: ReturnType<typeof fakeService>, result: DeviceWithPassword): void {
  expect(service.devices).toHaveLength(1);
  expect(service.passwords.get(result.id)).toBe(result.password);
  expect(result.label).toBe('CRM');
  expect(service.devices[0].label).toBe('CRM');
}

describe('createDevice', () => {
  it('creates with a marker, then sets the final label (happy path)', async () => {
    const service = fakeService();
    const result = await createDevice(context(), service.ops, ref, input, {}, MARKER);
    expect(service.calls).toEqual([`post CRM${MARKER}`, 'label 100 CRM']);
    expectValid(service, result);
  });

  it('after a drop after commit: finds the marked device and regenerates it, never creating a second', async () => {
    const service = fakeService();
    service.failures.push('drop_after_commit');
    const result = await createDevice(context(), service.ops, ref, input, {}, MARKER);
    expect(service.calls).toEqual([`post CRM${MARKER}`, 'list', 'regenerate 100', 'label 100 CRM']);
    expectValid(service, result);
  });

  it('keeps the chosen password when recovering', async () => {
    const service = fakeService();
    service.failures.push('drop_after_commit');
    const result = await createDevice(
      context(),
      service.ops,
      ref,
      { ...input, password: 'a-chosen-password-0123' },
      {},
      MARKER,
    );
    expect(result.password).toBe('a-chosen-password-0123');
    expectValid(service, result);
  });

  it('creates again when the list shows the create did not happen', async () => {
    const service = fakeService();
    service.failures.push('500_before', 'reset_before');
    const result = await createDevice(context(), service.ops, ref, input, {}, MARKER);
    expect(service.calls.filter((c) => c === 'list')).toHaveLength(2);
    expect(service.calls.filter((c) => c.startsWith('post'))).toHaveLength(3);
    expectValid(service, result);
  });

  it('gives up after maxAttempts rounds with the last ambiguous error', async () => {
    const service = fakeService();
    service.failures.push('500_before', '500_before', '500_before');
    await expect(createDevice(context(), service.ops, ref, input, {}, MARKER)).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(service.devices).toHaveLength(0);
  });

  it('does not reconcile a definite refusal', async () => {
    const service = fakeService();
    service.failures.push('422');
    await expect(createDevice(context(), service.ops, ref, input, {}, MARKER)).rejects.toBeInstanceOf(
      RejectedError,
    );
    expect(service.calls).toEqual([`post CRM${MARKER}`]);
  });

  it('throws AmbiguousCreateError naming the marker when the check fails too', async () => {
    const service = fakeService();
    service.failures.push('drop_after_commit');
    service.failList.push(new ServerError({ method: 'GET', route: routes.devices, params: {} }, 503));
    const error = await createDevice(context(), service.ops, ref, input, {}, MARKER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect((error as AmbiguousCreateError).marker).toBe(MARKER);
    expect((error as Error).message).toContain(MARKER);
  });

  it('revokes duplicates a late commit left, keeping the oldest', async () => {
    const service = fakeService();
    service.failures.push('drop_after_commit', 'drop_after_commit');
    // First round: pretend the check saw nothing (the first create committed late).
    const realList = service.ops.list;
    let firstList = true;
    service.ops.list = async (r, o) => {
      if (firstList) {
        firstList = false;
        service.calls.push('list');
        return [];
      }
      return realList(r, o);
    };
    const warnings: string[] = [];
    const result = await createDevice(context(warnings), service.ops, ref, input, {}, MARKER);
    expect(service.calls).toContain('revoke 101');
    expect(result.id).toBe(100);
    expectValid(service, result);
    expect(warnings.join('\n')).toMatch(/revoking device 101/);
  });

  it('returns the password even when the final label cannot be set', async () => {
    const service = fakeService();
    service.failLabel.push(
      new ServerError({ method: 'PATCH', route: routes.deviceLabel, params: { device: 100 } }, 503),
    );
    const warnings: string[] = [];
    const result = await createDevice(context(warnings), service.ops, ref, input, {}, MARKER);
    expect(result.password).toBe(service.passwords.get(100));
    expect(result.label).toBe(`CRM${MARKER}`);
    expect(warnings.join('\n')).toMatch(/temporary label/);
    expect(warnings.join('\n')).not.toContain(result.password);
  });

  it('errors never carry the password', async () => {
    const service = fakeService();
    service.failures.push('422');
    const error = await createDevice(
      context(),
      service.ops,
      ref,
      { ...input, password: 'never-shown-password-xyz' },
      {},
      MARKER,
    ).catch((e: unknown) => e);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('never-shown-password-xyz');
    expect(JSON.stringify(error)).not.toContain('never-shown-password-xyz');
  });
});

describe('newMarker', () => {
  it('is " ~" and 8 hex digits, different each time', () => {
    const a = newMarker();
    expect(a).toMatch(/^ ~[0-9a-f]{8}$/);
    expect(newMarker()).not.toBe(a);
  });
});
