import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST, publicKeyFileName, writeSignedLayout } from './layout';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'release-layout-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const base = 'terraform-provider-infomaniakmail_1.4.0';

test('one SHA256SUMS over every zip of the version and the manifest, that sha256sum -c accepts, signed', async () => {
  for (const name of [
    `${base}_linux_amd64.zip`,
    `${base}_darwin_arm64.zip`,
    'terraform-provider-infomaniakmail_1.3.0_linux_amd64.zip',
    'notes.txt',
  ])
    writeFileSync(join(dir, name), `content of ${name}`);
  const layout = await writeSignedLayout(dir, '1.4.0', {});
  expect(layout.zips).toEqual([`${base}_darwin_arm64.zip`, `${base}_linux_amd64.zip`]);
  expect(JSON.parse(readFileSync(layout.manifest, 'utf8'))).toEqual({
    version: 1,
    metadata: { protocol_versions: ['6.0'] },
  });
  expect(MANIFEST.metadata.protocol_versions).toEqual(['6.0']);
  expect(layout.sums).toBe(join(dir, `${base}_SHA256SUMS`));
  expect(layout.signature).toBe(join(dir, `${base}_SHA256SUMS.sig`));
  expect(layout.signing.publicKeyFile).toBe(join(dir, publicKeyFileName('1.4.0')));
  const checked = execFileSync('sha256sum', ['-c', layout.sums], { cwd: dir, encoding: 'utf8' });
  expect(checked.trim().split('\n')).toEqual([
    `${base}_darwin_arm64.zip: OK`,
    `${base}_linux_amd64.zip: OK`,
    `${base}_manifest.json: OK`,
  ]);
  expect(readFileSync(layout.signature).subarray(0, 1)[0] & 0x80).toBe(0x80); // binary OpenPGP, not armor
});

test('a directory with no zip of the version is an error', async () => {
  writeFileSync(join(dir, 'terraform-provider-infomaniakmail_1.3.0_linux_amd64.zip'), 'older');
  await expect(writeSignedLayout(dir, '1.4.0', {})).rejects.toThrow(
    `${dir} holds no terraform-provider-infomaniakmail_1.4.0_OS_ARCH.zip`,
  );
});
