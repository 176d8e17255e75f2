import { DiagnosticError, Diagnostics, unknown } from '../framework';
import type { Address, DeviceAccess, MailboxRef } from '../infomaniak';
import { addressFixture } from '../../test/support/address-fixture';
import { addressIdForm, addressResource } from './address';
import type { MailContext } from './context';

const ref: MailboxRef = { hosting: 1234567, mailbox: 'contact' };

const address = (over: Partial<Address> = {}): Address =>
  addressFixture('contact', {
    email: 'contact@exémple.ch',
    asciiEmail: 'contact@xn--exmple-cva.ch',
    ...over,
  });

/** A context whose mailbox calls are recorded; `existing` is what the cache's address() answers. */
function fakeContext(existing: Address | undefined, devices: DeviceAccess[] = []) {
  const calls: string[] = [];
  const created: { note?: string }[] = [];
  const ctx = {
    client: {
      mailboxes: {
        show: async () => existing,
        create: async (r: MailboxRef, input: { note?: string }) => {
          calls.push(`create ${r.hosting}/${r.mailbox}`);
          created.push(input);
          return address({ note: input.note ?? null });
        },
      },
    },
    cache: {
      address: async (r: MailboxRef) => {
        calls.push(`address ${r.hosting}/${r.mailbox}`);
        return existing;
      },
      devices: async () => {
        calls.push('devices');
        return devices;
      },
      addressCreated: (r: MailboxRef) => calls.push(`cache: created ${r.hosting}/${r.mailbox}`),
    },
  } as unknown as MailContext;
  return { ctx, calls, created };
}

const base = {
  typeName: 'infomaniakmail_address',
  signal: new AbortController().signal,
  private: undefined,
};

const config = (note: string | null = null) => ({
  id: null,
  mail_hosting_id: ref.hosting,
  mailbox_name: ref.mailbox,
  note,
  email: null,
  ascii_email: null,
  has_generic_password: null,
});

describe('address importState', () => {
  const importState = (id: string) =>
    Promise.resolve().then(() =>
      addressResource.importState!({ ...base, diagnostics: new Diagnostics(), client: {} as never, id }),
    );

  it('takes MAIL_HOSTING_ID/MAILBOX_NAME, typed', async () => {
    expect(await importState('1234567/contact')).toEqual({
      state: { mail_hosting_id: 1234567, mailbox_name: 'contact' },
    });
  });

  it.each(['contact', '1234567/contact/7', 'x/contact', '0/contact', '1234567/'])(
    'refuses %j, naming the form',
    async (id) => {
      const error = await importState(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiagnosticError);
      expect((error as DiagnosticError).detail).toContain(`Expected ${addressIdForm.form}`);
      expect((error as DiagnosticError).detail).toContain(addressIdForm.example);
    },
  );
});

describe('address create', () => {
  it('creates a missing mailbox with its note and reads the Unicode and ASCII emails', async () => {
    const { ctx, calls, created } = fakeContext(undefined);
    const diagnostics = new Diagnostics();
    const { state } = await addressResource.create({
      ...base,
      diagnostics,
      client: ctx,
      config: config('Front desk'),
      plan: config('Front desk') as never,
    });
    expect(calls).toEqual([
      'address 1234567/contact',
      'create 1234567/contact',
      'cache: created 1234567/contact',
    ]);
    expect(created).toEqual([{ note: 'Front desk' }]);
    expect(state).toMatchObject({
      id: '1234567/contact',
      email: 'contact@exémple.ch',
      ascii_email: 'contact@xn--exmple-cva.ch',
      has_generic_password: false,
      note: 'Front desk',
    });
    expect(diagnostics.length).toBe(0);
  });

  it('sends no note when none is configured', async () => {
    const { ctx, created } = fakeContext(undefined);
    await addressResource.create({
      ...base,
      diagnostics: new Diagnostics(),
      client: ctx,
      config: config(),
      plan: config() as never,
    });
    expect(created).toEqual([{}]);
  });

  it('adopts an existing mailbox, warning on note that a different note cannot be set', async () => {
    const { ctx, calls } = fakeContext(address({ note: 'Old note', hasGenericPassword: true }));
    const diagnostics = new Diagnostics();
    const { state } = await addressResource.create({
      ...base,
      diagnostics,
      client: ctx,
      config: config('New note'),
      plan: config('New note') as never,
    });
    expect(calls).toEqual(['address 1234567/contact']);
    expect(state.has_generic_password).toBe(true);
    expect(diagnostics.warnings).toHaveLength(1);
    expect(diagnostics.warnings[0]).toMatchObject({ attribute: [{ attributeName: 'note' }] });
    expect(diagnostics.warnings[0].detail).toContain('the note "Old note"');
  });

  it('adopts without a warning when the note is the same or none is configured', async () => {
    for (const note of ['Same', null]) {
      const { ctx } = fakeContext(address({ note: 'Same' }));
      const diagnostics = new Diagnostics();
      await addressResource.create({
        ...base,
        diagnostics,
        client: ctx,
        config: config(note),
        plan: config(note) as never,
      });
      expect(diagnostics.length).toBe(0);
    }
  });

  it('asks the device list for the generic password only when the mailbox does not say', async () => {
    const generic = { type: 'legacy' } as DeviceAccess;
    const { ctx, calls } = fakeContext(address({ hasGenericPassword: undefined }), [generic]);
    const { state } = await addressResource.create({
      ...base,
      diagnostics: new Diagnostics(),
      client: ctx,
      config: config(),
      plan: config() as never,
    });
    expect(calls).toEqual(['address 1234567/contact', 'devices']);
    expect(state.has_generic_password).toBe(true);
  });
});

describe('address plan, read and destroy', () => {
  const state = {
    ...config('Kept'),
    id: '1234567/contact',
    email: 'a',
    ascii_email: 'a',
    has_generic_password: false,
  };

  it('warns on note when the note changes (no route changes a mailbox), and not otherwise', async () => {
    const changed = new Diagnostics();
    await addressResource.modifyPlan!({
      ...base,
      diagnostics: changed,
      client: {} as never,
      config: { ...state, note: 'Other', id: unknown } as never,
      state,
      plan: { ...state, note: 'Other' } as never,
    });
    expect(changed.warnings).toHaveLength(1);
    expect(changed.warnings[0].summary).toBe(
      'The note of "contact" (Mail Service 1234567) cannot be changed',
    );
    const same = new Diagnostics();
    await addressResource.modifyPlan!({
      ...base,
      diagnostics: same,
      client: {} as never,
      config: state as never,
      state,
      plan: state as never,
    });
    expect(same.length).toBe(0);
  });

  it('read reports a mailbox that no longer exists as gone', async () => {
    const { ctx } = fakeContext(undefined);
    expect(
      await addressResource.read({ ...base, diagnostics: new Diagnostics(), client: ctx, state }),
    ).toEqual({
      gone: true,
    });
  });

  it('destroy leaves the mailbox, calls nothing, and says so', async () => {
    const diagnostics = new Diagnostics();
    await addressResource.delete({ ...base, diagnostics, client: {} as never, state });
    expect(diagnostics.warnings).toHaveLength(1);
    expect(diagnostics.warnings[0].summary).toBe(
      'The mailbox "contact" (Mail Service 1234567) was left in place',
    );
  });

  it('has no delete_mailbox_on_destroy any more', () => {
    expect(Object.keys(addressResource.schema.attributes)).not.toContain('delete_mailbox_on_destroy');
  });
});
