/** Reading back created addresses from shared lists, counted on a fake source. */
import { AbortedError } from './errors';
import { MailboxReadBack } from './mailbox-read-back';
import { addressFixture as address } from '../../test/support/address-fixture';

const HOSTING = 7;
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A source the test answers with the addresses the Mail Service has then; sleeps the test ends. */
function fake() {
  const names: string[] = [];
  const pending: { answer: () => void; fail: () => void }[] = [];
  const sleeps: (() => void)[] = [];
  const readBack = new MailboxReadBack(
    () =>
      new Promise((resolve, reject) =>
        pending.push({
          answer: () => {
            const listed = new Set(names);
            resolve({
              get: (m) => (listed.has(m.toLowerCase()) ? address(m.toLowerCase()) : undefined),
              complete: true,
            });
          },
          fail: () => reject(new Error('503')),
        }),
      ),
    () => new Promise<void>((resolve) => sleeps.push(resolve)),
  );
  /** A create: its POST starts, the mailbox appears, the POST answers; then its read-back. */
  const create = (name: string) => {
    const post = readBack.postStarting(HOSTING);
    return {
      answered: (signal?: AbortSignal) => {
        names.push(name.toLowerCase());
        return readBack.read({ hosting: HOSTING, mailbox: name }, post.settled(), { signal });
      },
    };
  };
  return { readBack, pending, sleeps, create, names };
}

describe('MailboxReadBack', () => {
  it('one list for the creates in flight together, requested once the last POST answered', async () => {
    const f = fake();
    const [a, b, c] = ['une', 'deux', 'Trois'].map(f.create);
    const first = a.answered();
    const second = b.answered();
    await flush();
    expect(f.pending).toHaveLength(0);
    const third = c.answered();
    await flush();
    expect(f.pending).toHaveLength(1);
    f.pending.shift()?.answer();
    expect((await first)?.mailboxName).toBe('une');
    // The others return one by one, RETURN_SPACING_MS apart.
    await flush();
    expect(f.sleeps).toHaveLength(1);
    f.sleeps.shift()?.();
    expect((await second)?.mailboxName).toBe('deux');
    f.sleeps.shift()?.();
    expect((await third)?.mailboxName).toBe('trois');
  });

  it('a create the list does not show is undefined (the caller reads it alone)', async () => {
    const f = fake();
    const post = f.readBack.postStarting(HOSTING);
    const read = f.readBack.read({ hosting: HOSTING, mailbox: 'ailleurs' }, post.settled());
    await flush();
    f.pending.shift()?.answer();
    expect(await read).toBeUndefined();
  });

  it('a POST that answers while the list is in flight waits for the next list', async () => {
    const f = fake();
    const a = f.create('une');
    const late = f.create('deux');
    const first = a.answered();
    const lateRead = late.answered();
    await flush();
    expect(f.pending).toHaveLength(1);
    f.pending.shift()?.answer();
    await flush();
    f.sleeps.splice(0).forEach((wake) => wake());
    expect((await first)?.mailboxName).toBe('une');
    const again = f.create('trois');
    const afterList = again.answered();
    await flush();
    // "deux" answered before the first list went: served by it. "trois" needs a new list.
    expect((await lateRead)?.mailboxName).toBe('deux');
    expect(f.pending).toHaveLength(1);
    f.pending.shift()?.answer();
    await flush();
    f.sleeps.splice(0).forEach((wake) => wake());
    expect((await afterList)?.mailboxName).toBe('trois');
  });

  it('a failed list fails its readers and is not kept; a stopped reader stops alone', async () => {
    const f = fake();
    const failed = f.create('une').answered();
    await flush();
    f.pending.shift()?.fail();
    await expect(failed).rejects.toThrow('503');

    const stop = new AbortController();
    const [deux, trois] = ['deux', 'trois'].map(f.create);
    const stopped = deux.answered(stop.signal);
    const other = trois.answered();
    await flush();
    expect(f.pending).toHaveLength(1);
    stop.abort();
    await expect(stopped).rejects.toBeInstanceOf(AbortedError);
    f.pending.shift()?.answer();
    expect((await other)?.mailboxName).toBe('trois');
  });
});
