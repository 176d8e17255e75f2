import type { MailboxRef, MailClient } from '../infomaniak';
import { addressFixture as address } from '../../test/support/address-fixture';
import { AccessCache } from './access-cache';

const HOSTING = 1234567;
const signal = new AbortController().signal;

/** A client whose Mail Service lists `listed` on its first page (`complete`: nothing more). */
function fakeClient(listed: string[], complete: boolean, elsewhere: string[] = []) {
  const calls: string[] = [];
  let failNext = false;
  const client = {
    mailboxes: {
      directory: async (hosting: number) => {
        calls.push(`directory ${hosting}`);
        if (failNext) {
          failNext = false;
          throw new Error('503 from the API');
        }
        // As MailboxesApi.directory: names compared in lower case.
        const get = (m: string) => (listed.includes(m.toLowerCase()) ? address(m.toLowerCase()) : undefined);
        return { get, complete };
      },
      find: async (ref: MailboxRef) => {
        calls.push(`find ${ref.mailbox}`);
        return [...listed, ...elsewhere].includes(ref.mailbox) ? address(ref.mailbox) : undefined;
      },
    },
  } as unknown as MailClient;
  return { cache: new AccessCache(client), calls, failNextDirectory: () => (failNext = true) };
}

const ref = (mailbox: string): MailboxRef => ({ hosting: HOSTING, mailbox });

describe('AccessCache.address', () => {
  it('answers every address of a Mail Service that fits one page from one list, names in any case', async () => {
    const { cache, calls } = fakeClient(['contact', 'support'], true);
    const answers = await Promise.all(
      ['contact', 'Support', 'absent'].map((m) => cache.address(ref(m), signal)),
    );
    expect(answers.map((a) => a?.mailboxName)).toEqual(['contact', 'support', undefined]);
    await cache.hostingExists(HOSTING, signal);
    expect(calls).toEqual([`directory ${HOSTING}`]);
  });

  it('asks for each address a larger Mail Service did not list on the first page', async () => {
    const { cache, calls } = fakeClient(['contact'], false, ['ventes']);
    expect((await cache.address(ref('contact'), signal))?.mailboxName).toBe('contact');
    expect((await cache.address(ref('ventes'), signal))?.mailboxName).toBe('ventes');
    expect(await cache.address(ref('absent'), signal)).toBeUndefined();
    expect(calls).toEqual([`directory ${HOSTING}`, 'find ventes', 'find absent']);
  });

  it('knows an address this run created, and asks the API about one whose create failed', async () => {
    const { cache, calls } = fakeClient([], true);
    expect(await cache.address(ref('nouvelle'), signal)).toBeUndefined();
    cache.addressCreated(ref('nouvelle'), address('nouvelle'));
    expect((await cache.address(ref('nouvelle'), signal))?.mailboxName).toBe('nouvelle');
    cache.addressCreated(ref('incertaine'));
    expect(await cache.address(ref('incertaine'), signal)).toBeUndefined();
    expect(calls).toEqual([`directory ${HOSTING}`, 'find incertaine']);
  });

  it('does not keep a failed list: the next question asks again', async () => {
    const { cache, calls, failNextDirectory } = fakeClient(['contact'], true);
    failNextDirectory();
    await expect(cache.address(ref('contact'), signal)).rejects.toThrow('503');
    await expect(cache.hostingExists(HOSTING, signal)).resolves.toBeUndefined();
    expect((await cache.address(ref('contact'), signal))?.mailboxName).toBe('contact');
    expect(calls).toEqual([`directory ${HOSTING}`, `directory ${HOSTING}`]);
  });
});
