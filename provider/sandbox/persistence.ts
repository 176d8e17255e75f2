/**
 * The data file: crash-safe, serialised writes of the whole state.
 *
 * Each write goes to a fresh temp file in the same directory, is fsynced, then
 * renamed over the data file, and the directory is fsynced so the rename itself
 * survives a power cut. rename(2) is atomic on one file system, so a reader — or
 * a restart after a crash — sees either the previous state or the new one, never
 * a torn file.
 *
 * One write is in flight at a time. Commits that arrive meanwhile share the next
 * write, which snapshots the state when it starts, so a burst of N mutations
 * costs two writes, not N.
 */
import { open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseState, type SandboxState } from './state';

interface Waiter {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function waiter(): Waiter {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function serializeState(state: SandboxState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** Reads the data file; undefined when it does not exist yet. Invalid content is an error, never silently replaced. */
export async function readDataFile(file: string): Promise<SandboxState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read data file ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`data file ${file} is not valid JSON; move it away to start from the seed`);
  }
  return parseState(raw, `data file ${file}`);
}

function tempPrefix(file: string): string {
  return `.${path.basename(file)}.`;
}

/** Writes `content` to `file` atomically (see the file comment). */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `${tempPrefix(file)}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // 0o600: the file holds tokens and hashes; other local users have no business reading it.
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return; // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}

/** Removes temp files a crashed run of the sandbox left beside the data file. */
export async function removeStaleTempFiles(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'))
      .map((name) => unlink(path.join(dir, name)).catch(() => undefined)),
  );
}

export interface Persistence {
  /** Resolves once a write that includes every mutation made so far is on disk. */
  commit(): Promise<void>;
  /** Waits for writes in flight and pending. */
  flush(): Promise<void>;
}

/** No data file: state lives and dies with the process. */
export const inMemoryPersistence: Persistence = {
  commit: () => Promise.resolve(),
  flush: () => Promise.resolve(),
};

export class DataFilePersistence implements Persistence {
  private inFlight: Promise<void> | undefined;
  private pending: Waiter | undefined;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => SandboxState,
    private readonly write: (file: string, content: string) => Promise<void> = writeFileAtomic,
  ) {}

  commit(): Promise<void> {
    this.pending ??= waiter();
    const { promise } = this.pending;
    if (!this.inFlight) this.startNext();
    return promise;
  }

  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  private startNext(): void {
    const batch = this.pending;
    if (!batch) return;
    this.pending = undefined;
    // Serialise now, synchronously: the snapshot holds every mutation committed before this point.
    let content: string;
    try {
      content = serializeState(this.snapshot());
    } catch (error) {
      batch.reject(error);
      return;
    }
    this.inFlight = this.write(this.file, content)
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.inFlight = undefined;
        this.startNext();
      });
  }
}
