/**
 * infomaniakmail_device when terraform asks the provider to stop (the call's signal
 * aborts): a create or regenerate already sent is finished and its password kept; one
 * not sent yet is not sent, and the diagnostic says nothing was created. Against the
 * sandbox, whose latency fault holds a request on the wire while the stop comes.
 */
import { DiagnosticError, Diagnostics, isUnknown, unknown } from '../framework';
import { MailClient, routes } from '../infomaniak';
import {
  SANDBOX_ADMIN_TOKEN,
  SANDBOX_DOMAIN,
  SANDBOX_MAIL_HOSTING_ID as HOSTING,
  SandboxHooksClient,
  startSandbox,
  type RunningSandbox,
} from '../sandbox';
import { AccessCache } from './access-cache';
import type { MailContext } from './context';
import { deviceResource } from './device';
import { deviceAttributes, type DeviceModel } from './device-schema';
import { RecipientsCache } from './secret-recipients';

const MAILBOX = 'contact';
const CREATE = `POST ${routes.devices}`;
const LIST = `GET ${routes.devices}`;
const REGENERATE = `POST ${routes.deviceAccess}`;

let sandbox: RunningSandbox;
let hooks: SandboxHooksClient;
let client: MailClient;

beforeAll(async () => {
  sandbox = await startSandbox({ testHooks: true });
  hooks = new SandboxHooksClient(sandbox.url);
});
afterAll(() => sandbox.close());
// A client per test, as terraform starts a provider per command: what one client learnt
// of an address (its shared device lists) must not spare the next test's reads.
beforeEach(() => {
  client = new MailClient({ token: SANDBOX_ADMIN_TOKEN, endpoint: sandbox.url, requestsPerMinute: 6000 });
});
afterEach(async () => {
  await client.close();
  await hooks.reset();
});

function context(): MailContext {
  return { client, cache: new AccessCache(client), recipients: new RecipientsCache(null) };
}

/** What terraform sends for a new device: the configured attributes, everything else null. */
function config(label: string): DeviceModel {
  const nulls = Object.fromEntries(Object.keys(deviceAttributes).map((k) => [k, null]));
  return {
    ...nulls,
    mail_hosting_id: HOSTING,
    mailbox_name: MAILBOX,
    label,
    protocols: 'imap',
    rotate_when_flagged: false,
  } as DeviceModel;
}

/** Aborts `stop` as soon as the sandbox has received a `route` request (it is on the wire). */
async function stopWhenSeen(route: string, stop: AbortController): Promise<void> {
  for (;;) {
    const { entries } = await hooks.requests();
    if (entries.some((e) => e.key === route)) return stop.abort();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function devicesNamed(label: string) {
  return (await client.devices.list({ hosting: HOSTING, mailbox: MAILBOX })).filter((d) => d.label === label);
}

function create(label: string, stop: AbortController) {
  return Promise.resolve(
    deviceResource.create({
      typeName: 'infomaniakmail_device',
      signal: stop.signal,
      diagnostics: new Diagnostics(),
      client: context(),
      config: config(label),
      plan: config(label),
      private: undefined,
    }),
  );
}

it('a create already sent when the stop comes is finished: state with the password, one device', async () => {
  await hooks.addFault({ route: CREATE, mode: 'latency', latency_ms: 300 });
  const stop = new AbortController();
  const [{ state }] = await Promise.all([create('Interrupted CRM', stop), stopWhenSeen(CREATE, stop)]);
  expect(stop.signal.aborted).toBe(true);
  const made = await devicesNamed('Interrupted CRM');
  expect(made.map((d) => d.accessId)).toEqual([state.access_id]);
  expect(typeof state.password).toBe('string');
  expect(await hooks.verify(`${MAILBOX}@${SANDBOX_DOMAIN}`, state.password as string)).toBe(true);
});

it('a create stopped before its POST is sent: nothing is sent, and the diagnostic says nothing was created', async () => {
  await hooks.addFault({ route: LIST, mode: 'latency', latency_ms: 300 });
  const stop = new AbortController();
  const [error] = await Promise.all([
    create('Never sent', stop).catch((e: unknown) => e),
    stopWhenSeen(LIST, stop),
  ]);
  expect(error).toBeInstanceOf(DiagnosticError);
  const { summary, detail } = error as DiagnosticError;
  expect(summary).toMatch(/Device "Never sent" was not created on "contact"/);
  expect(detail).toMatch(/before the create was sent: nothing was created/);
  expect((await hooks.requests()).counts[CREATE] ?? 0).toBe(0);
  await hooks.clearFaults();
  expect(await devicesNamed('Never sent')).toEqual([]);
});

it('a regenerate already sent when the stop comes is finished: the new password is in state', async () => {
  const { state } = await create('Rotated CRM', new AbortController());
  await hooks.addFault({ route: REGENERATE, mode: 'latency', latency_ms: 300 });
  const stop = new AbortController();
  const diagnostics = new Diagnostics();
  const [result] = await Promise.all([
    deviceResource.update!({
      typeName: 'infomaniakmail_device',
      signal: stop.signal,
      diagnostics,
      client: context(),
      config: { ...config('Rotated CRM'), rotation_triggers: { q: '2' } },
      state,
      plan: { ...state, rotation_triggers: { q: '2' }, password: unknown, password_set_at: unknown },
      private: {},
    }),
    stopWhenSeen(REGENERATE, stop),
  ]);
  expect(stop.signal.aborted).toBe(true);
  expect(diagnostics.hasErrors()).toBe(false);
  const password = result.state.password;
  expect(typeof password === 'string' && !isUnknown(password) && password !== state.password).toBe(true);
  const email = `${MAILBOX}@${SANDBOX_DOMAIN}`;
  expect(await hooks.verify(email, password as string)).toBe(true);
  expect(await hooks.verify(email, state.password as string)).toBe(false);
});
