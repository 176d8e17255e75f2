import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataFilePersistence, readDataFile, removeStaleTempFiles, writeFileAtomic } from './persistence';
import { loadSeed } from './seed';
import type { SandboxState } from './state';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sandbox-persistence-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file in one step, leaves no temp file, and keeps it private', async () => {
    const file = path.join(dir, 'state.json');
    await writeFileAtomic(file, '{"a":1}');
    await writeFileAtomic(file, '{"a":2}');
    expect(await readFile(file, 'utf8')).toBe('{"a":2}');
    expect(await readdir(dir)).toEqual(['state.json']);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves the previous file intact when the new one cannot be put in place', async () => {
    const file = path.join(dir, 'state.json');
    await writeFileAtomic(file, '{"a":1}');
    // A directory where the rename must land makes rename(2) fail after the temp file is written.
    const blocked = path.join(dir, 'blocked');
    await (await import('node:fs/promises')).mkdir(blocked);
    await expect(writeFileAtomic(blocked, '{"b":2}')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('{"a":1}');
    expect((await readdir(dir)).sort()).toEqual(['blocked', 'state.json']);
  });

  it('removes temp files a crashed run left behind, and nothing else', async () => {
    const file = path.join(dir, 'state.json');
    await writeFile(path.join(dir, '.state.json.123.abc.tmp'), '{"torn":');
    await writeFile(path.join(dir, 'other.tmp'), 'keep');
    await removeStaleTempFiles(file);
    expect((await readdir(dir)).sort()).toEqual(['other.tmp']);
  });
});

describe('DataFilePersistence', () => {
  it('serialises writes and coalesces the commits that arrive meanwhile', async () => {
    const state = (await loadSeed()) as SandboxState & { counter?: number };
    const writes: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const slowWrite = async (_file: string, content: string) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      writes.push(content);
      inFlight--;
    };
    const persistence = new DataFilePersistence(path.join(dir, 'x.json'), () => state, slowWrite);
    const commits: Promise<void>[] = [];
    for (let i = 1; i <= 10; i++) {
      state.counter = i;
      commits.push(persistence.commit());
    }
    await Promise.all(commits);
    expect(maxInFlight).toBe(1);
    expect(writes.length).toBe(2); // the first commit, then one for the nine that queued behind it
    expect(JSON.parse(writes[writes.length - 1]).counter).toBe(10);
  });

  it('reports a failed write to the commits it carried, and retries on the next commit', async () => {
    const state = await loadSeed();
    let fail = true;
    const persistence = new DataFilePersistence(
      path.join(dir, 'x.json'),
      () => state,
      async () => {
        if (fail) throw new Error('disk full');
      },
    );
    await expect(persistence.commit()).rejects.toThrow('disk full');
    fail = false;
    await expect(persistence.commit()).resolves.toBeUndefined();
    await persistence.flush();
  });

  it('keeps the data file valid JSON while many commits race', async () => {
    const file = path.join(dir, 'state.json');
    const state = (await loadSeed()) as SandboxState & { filler?: string[] };
    const persistence = new DataFilePersistence(file, () => state);
    await persistence.commit();
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        const parsed = await readDataFile(file); // throws on a torn file
        expect(parsed).toBeDefined();
        reads++;
      }
    })();
    const commits: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      state.filler = Array.from({ length: 50 + (i % 7) * 100 }, (_, j) => `entry-${i}-${j}`);
      commits.push(persistence.commit());
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    await Promise.all(commits);
    reading = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('readDataFile', () => {
  it('is undefined for a missing file and an error (never a reset) for a corrupt one', async () => {
    await expect(readDataFile(path.join(dir, 'missing.json'))).resolves.toBeUndefined();
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{"version": 1, "hostings": [');
    await expect(readDataFile(bad)).rejects.toThrow(/not valid JSON/);
    expect(await readFile(bad, 'utf8')).toBe('{"version": 1, "hostings": [');
  });
});
