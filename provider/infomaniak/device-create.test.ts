/** The device-create recovery, against an in-memory address whose answers can be lost. */
import { inspect } from 'node:util';
import type { Clock } from './clock';
import type { ApiContext } from './context';
import { createDeviceAccess, type CreateCoordination, type DeviceOps } from './device-create';
import { CreateTurns } from './device-create-turns';
import { DeviceListBatch } from './device-list-batch';
import { AmbiguousCreateError, CreatedButUnreadError } from './create-errors';
import { AbortedError, ConnectionError, type MailApiError, RejectedError, ServerError } from './errors';
import type { CreatedDeviceAccess, DeviceAccess, NewDeviceAccess } from './model';
import { retryPolicy } from './retry';
import { routes, type CreateDeviceBody } from './wire';

const ref = { hosting: 1, mailbox: 'contact' };
const postRequest = { method: 'POST' as const, route: routes.devices, params: { ...ref } };
const listRequest = { method: 'GET' as const, route: routes.devices, params: { ...ref } };

type PostFailure = 'drop_after_commit' | 'reset_before' | '500_before' | '422';

/** An in-memory address whose POST can be told to fail before or after committing. */
function fakeService() {
  const accesses: DeviceAccess[] = [];
  const passwords = new Map<number, string>();
  const calls: string[] = [];
  let nextId = 100;
  let nextPassword = 1;
  const postFailures: PostFailure[] = [];
  /** One entry per list call: an error to throw, or undefined to answer. */
  const listFailures: (MailApiError | undefined)[] = [];
  /** Run before a list answers (e.g. a concurrent create). */
  const beforeList: (() => void)[] = [];

  function add(label: string, deviceId?: number): DeviceAccess {
    const id = nextId++;
    const access: DeviceAccess = {
      accessId: id,
      deviceId: deviceId ?? id + 1000,
      label,
      type: 'other',
      protocols: 'imap',
      status: 'healthy',
      userId: null,
      lastConnection: null,
      createdAt: 10,
    };
    accesses.push(access);
    passwords.set(id, `generated-${nextPassword++}`);
    return access;
  }

  async function list(_ref: unknown, options: { onSending: () => void }): Promise<DeviceAccess[]> {
    options.onSending();
    calls.push('list');
    beforeList.shift()?.();
    const failure = listFailures.shift();
    if (failure) throw failure;
    return accesses.map((a) => ({ ...a }));
  }
  const ops: DeviceOps = {
    async post(_ref, body: CreateDeviceBody) {
      calls.push(
        `post ${body.label ?? ''}${body.device_id === undefined ? '' : ` device ${body.device_id}`}`,
      );
      const failure = postFailures.shift();
      if (failure === 'reset_before') throw new ConnectionError(postRequest, 'ECONNRESET', true, 'x');
      if (failure === '500_before') throw new ServerError(postRequest, 500);
      if (failure === '422')
        throw new RejectedError(postRequest, 422, 'invalid', [], 'legacy_device_creation');
      const access = add(body.label ?? 'existing', body.device_id);
      if (failure === 'drop_after_commit')
        throw new ConnectionError(postRequest, 'UND_ERR_SOCKET', true, 'x');
      return { password: passwords.get(access.accessId)! };
    },
    async regenerate(_ref, id) {
      calls.push(`regenerate ${id}`);
      const password = `generated-${nextPassword++}`;
      passwords.set(id, password);
      return { password };
    },
  };
  /** A client's coordination, fresh for each test (its lists read this fake address). */
  const shared: CreateCoordination = {
    lists: new DeviceListBatch(list, testClock),
    turns: new CreateTurns(),
  };
  const create = (input: NewDeviceAccess) => createDeviceAccess(context(), ops, shared, ref, input);
  return { ops, shared, create, accesses, passwords, calls, postFailures, listFailures, beforeList, add };
}

const testClock: Clock = { now: () => 0, sleep: async () => undefined };

function context(): ApiContext {
  return {
    caller: undefined as never,
    perPage: 100,
    retry: retryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 }),
    clock: testClock,
    random: () => 0,
  };
}

const input = { label: 'CRM', protocols: 'imap' as const };

function expectOneValid(
  service: ReturnType<typeof fakeService>,
  result: CreatedDeviceAccess,
  before = 0,
): void {
  expect(service.accesses).toHaveLength(before + 1);
  expect(service.passwords.get(result.accessId)).toBe(result.password);
  expect(result.label).toBe('CRM');
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('createDeviceAccess', () => {
  it('happy path: list before, POST with the final label, read the new access back (no search call)', async () => {
    const service = fakeService();
    service.add('Other');
    const result = await service.create(input);
    expect(service.calls).toEqual(['list', 'post CRM', 'list']);
    expectOneValid(service, result, 1);
  });

  it('tells its access from an older one with the same label', async () => {
    const service = fakeService();
    const older = service.add('CRM');
    const result = await service.create(input);
    expect(result.accessId).not.toBe(older.accessId);
    expectOneValid(service, result, 1);
  });

  it('with deviceId, finds the access of that Device whatever its label', async () => {
    const service = fakeService();
    const result = await service.create({
      protocols: 'imap',
      deviceId: 777,
    });
    expect(service.calls).toEqual(['list', 'post  device 777', 'list']);
    expect(result.deviceId).toBe(777);
  });

  it('answer lost after commit: found in the list, regenerated, never a second device', async () => {
    const service = fakeService();
    service.postFailures.push('drop_after_commit');
    const result = await service.create(input);
    expect(service.calls).toEqual(['list', 'post CRM', 'list', 'regenerate 100']);
    expectOneValid(service, result);
  });

  it('not found after an ambiguous failure: POSTs again', async () => {
    const service = fakeService();
    service.postFailures.push('500_before', 'reset_before');
    const result = await service.create(input);
    expect(service.calls.filter((c) => c.startsWith('post'))).toHaveLength(3);
    expectOneValid(service, result);
  });

  it('gives up after maxAttempts rounds with the last error', async () => {
    const service = fakeService();
    service.postFailures.push('500_before', '500_before', '500_before');
    const error = await failure(service.create(input));
    expect(error).toBeInstanceOf(ServerError);
    expect(service.calls.filter((c) => c.startsWith('post'))).toHaveLength(3);
    expect(service.accesses).toHaveLength(0);
  });

  it('two new accesses with that label after an ambiguous failure: AmbiguousCreateError naming both', async () => {
    const service = fakeService();
    service.postFailures.push('drop_after_commit');
    // Someone else creates "CRM" at the same moment.
    service.beforeList.push(
      () => undefined,
      () => void service.add('CRM'),
    );
    const error = await failure(service.create(input));
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect((error as AmbiguousCreateError).candidates).toEqual([100, 101]);
    expect((error as Error).message).toMatch(/100, 101/);
    expect(service.calls).not.toContainEqual(expect.stringMatching(/^regenerate/));
  });

  it('the list fails during recovery, asked three times: AmbiguousCreateError', async () => {
    const service = fakeService();
    service.postFailures.push('drop_after_commit');
    const unavailable = () => new ServerError(listRequest, 503);
    service.listFailures.push(undefined, unavailable(), unavailable(), unavailable());
    const error = await failure(service.create(input));
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect(error).toMatchObject({ mayHaveCommitted: true, retryable: false });
    expect(service.calls.filter((c) => c.startsWith('post'))).toHaveLength(1);
    expect(service.calls.filter((c) => c === 'list')).toHaveLength(4);
  });

  it('a list that fails after its own retries is asked for again: found, regenerated, one device', async () => {
    const service = fakeService();
    service.postFailures.push('drop_after_commit');
    service.listFailures.push(
      undefined,
      new ServerError(listRequest, 503),
      new ServerError(listRequest, 500),
    );
    expectOneValid(service, await service.create(input));
    expect(service.calls).toEqual(['list', 'post CRM', 'list', 'list', 'list', 'regenerate 100']);
  });

  it('read-back fails after a successful POST: CreatedButUnreadError carries the password, hidden', async () => {
    const service = fakeService();
    const unavailable = () => new ServerError(listRequest, 503);
    service.listFailures.push(undefined, unavailable(), unavailable(), unavailable());
    const error = await failure(service.create(input));
    expect(error).toBeInstanceOf(CreatedButUnreadError);
    const created = error as CreatedButUnreadError;
    expect(created.password).toBe(service.passwords.get(100));
    expect(created.label).toBe('CRM');
    for (const text of [inspect(created, { depth: 10 }), JSON.stringify(created), created.message]) {
      expect(text).not.toContain(created.password);
    }
  });

  it('cancelled during the read-back: the password still comes back in the error', async () => {
    const service = fakeService();
    service.listFailures.push(undefined, new AbortedError(listRequest, false));
    const error = await failure(service.create(input));
    expect(error).toBeInstanceOf(CreatedButUnreadError);
    expect((error as CreatedButUnreadError).password).toBe(service.passwords.get(100));
  });

  it('a refusal is thrown as it is, nothing listed again', async () => {
    const service = fakeService();
    service.postFailures.push('422');
    const error = await failure(service.create(input));
    expect(error).toBeInstanceOf(RejectedError);
    expect(service.calls).toEqual(['list', 'post CRM']);
  });
});

describe('createDeviceAccess, several at once on one address', () => {
  it('share the list before and the list after', async () => {
    const service = fakeService();
    const results = await Promise.all(['A', 'B', 'C'].map((label) => service.create({ ...input, label })));
    expect(service.calls).toEqual(['list', 'post A', 'post B', 'post C', 'list']);
    expect(results.map((r) => [r.label, service.passwords.get(r.accessId) === r.password])).toEqual([
      ['A', true],
      ['B', true],
      ['C', true],
    ]);
  });

  it('an answer lost in the batch: recovered from the shared list, the others read back from it too', async () => {
    const service = fakeService();
    service.postFailures.push('drop_after_commit');
    const results = await Promise.all(['A', 'B'].map((label) => service.create({ ...input, label })));
    expect(service.calls).toEqual(['list', 'post A', 'post B', 'list', 'regenerate 100']);
    expect(service.accesses).toHaveLength(2);
    for (const r of results) expect(service.passwords.get(r.accessId)).toBe(r.password);
  });

  it('the same label twice: the second waits for the first, then finds its own', async () => {
    const service = fakeService();
    const [first, second] = await Promise.all([service.create(input), service.create(input)]);
    expect(service.calls).toEqual(['list', 'post CRM', 'list', 'post CRM', 'list']);
    expect(first.accessId).not.toBe(second.accessId);
    for (const r of [first, second]) expect(service.passwords.get(r.accessId)).toBe(r.password);
  });

  it('the same label twice, the first lost its answer and its recovery list failed: the second still never takes it', async () => {
    const service = fakeService();
    service.postFailures.push('drop_after_commit', '500_before');
    const unavailable = () => new ServerError(listRequest, 503);
    service.listFailures.push(undefined, unavailable(), unavailable(), unavailable());
    const [first, second] = await Promise.allSettled([service.create(input), service.create(input)]);
    expect(first.status === 'rejected' && first.reason).toBeInstanceOf(AmbiguousCreateError);
    // The second's 500 made nothing; its recovery list shows the first's access as known (listed
    // after the first POST settled), so it POSTs again instead of regenerating the first one.
    expect(second.status).toBe('fulfilled');
    const created = (second as PromiseFulfilledResult<CreatedDeviceAccess>).value;
    expect(created.accessId).toBe(101);
    expect(service.passwords.get(101)).toBe(created.password);
    expect(service.calls).not.toContainEqual(expect.stringMatching(/^regenerate/));
  });

  it('stopped while waiting for its turn: nothing sent, AbortedError that says so', async () => {
    const service = fakeService();
    const stop = new AbortController();
    const first = service.create(input);
    const second = createDeviceAccess(context(), service.ops, service.shared, ref, input, {
      signal: stop.signal,
    });
    stop.abort();
    const error = await failure(second);
    expect(error).toMatchObject({ kind: 'aborted', mayHaveCommitted: false });
    await first;
    expect(service.calls.filter((c) => c.startsWith('post'))).toHaveLength(1);
  });
});
