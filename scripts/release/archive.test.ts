import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { releaseMtime, zipEntries } from './archive';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'release-archive-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entries = [
  { name: 'terraform-provider-x_v1.0.0', data: Buffer.from('#!/bin/sh\necho ok\n'), mode: 0o755 },
  { name: 'LICENSE', data: Buffer.from('licence text'), mode: 0o644 },
];

test('the zip keeps each entry and its Unix mode, as unzip reads them', () => {
  const zip = join(dir, 'x.zip');
  writeFileSync(zip, zipEntries(entries, releaseMtime({})));
  const listing = execFileSync('zipinfo', [zip], { encoding: 'utf8' });
  expect(listing).toMatch(/^-rwxr-xr-x .* unx .* 80-Jan-01 00:00 terraform-provider-x_v1\.0\.0$/m);
  expect(listing).toMatch(/^-rw-r--r-- .* unx .* 80-Jan-01 00:00 LICENSE$/m);
  const files = unzipSync(zipEntries(entries, releaseMtime({})));
  expect(Object.keys(files)).toEqual(['terraform-provider-x_v1.0.0', 'LICENSE']);
  expect(Buffer.from(files.LICENSE).toString()).toBe('licence text');
});

test('the same files make the same zip; SOURCE_DATE_EPOCH sets the time, whatever the zone', () => {
  expect(Buffer.from(zipEntries(entries, releaseMtime({})))).toEqual(
    Buffer.from(zipEntries(entries, releaseMtime({}))),
  );
  const t = releaseMtime({ SOURCE_DATE_EPOCH: '1767225600' }); // 2026-01-01T00:00:00Z
  expect([t.getFullYear(), t.getMonth(), t.getDate(), t.getHours()]).toEqual([2026, 0, 1, 0]);
  const zip = join(dir, 'dated.zip');
  writeFileSync(zip, zipEntries(entries, t));
  expect(execFileSync('zipinfo', [zip], { encoding: 'utf8' })).toMatch(/26-Jan-01 00:00 LICENSE$/m);
  // Node.js applies a TZ set at run time: the bytes are the same fourteen hours east.
  const zone = process.env.TZ;
  process.env.TZ = 'Pacific/Kiritimati';
  try {
    expect(Buffer.from(zipEntries(entries, releaseMtime({ SOURCE_DATE_EPOCH: '1767225600' })))).toEqual(
      Buffer.from(zipEntries(entries, t)),
    );
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
  expect(() => releaseMtime({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH/);
  expect(() => zipEntries([entries[1], entries[1]], t)).toThrow('LICENSE is twice in the zip');
});
