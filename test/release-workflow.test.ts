/**
 * .github/workflows/release.yml is a valid GitHub Actions workflow (checked offline against
 * the schema bundled in @action-validator/core), builds on the five native platforms, and
 * signs one SHA256SUMS. Its publish job's checks run here, as bash runs them on the runner,
 * over a layout scripts/release/layout.ts writes (the same code the job's signing step runs).
 */
import { validateWorkflow } from '@action-validator/core';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeSignedLayout } from '../scripts/release/layout';

const ROOT = join(__dirname, '..');
const WORKFLOW = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const run = promisify(execFile);

jest.setTimeout(120_000);

function validate(source: string) {
  // The validator logs that it cannot check path globs; that is expected, not test output.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return validateWorkflow(source);
  } finally {
    warn.mockRestore();
  }
}

/** The text of one job: from its key to the next job's (jobs are indented two spaces). */
function job(name: string): string {
  const start = WORKFLOW.indexOf(`\n  ${name}:\n`);
  expect({ name, found: start >= 0 }).toEqual({ name, found: true });
  const rest = WORKFLOW.slice(start + 1);
  const next = rest.slice(1).search(/\n {2}[a-z-]+:\n/);
  return next < 0 ? rest : rest.slice(0, next + 1);
}

/** The `run: |` script of the step named `name`, dedented. */
function script(name: string): string {
  const m = new RegExp(`- name: ${name}\\n(?: {8}.*\\n)*? {8}run: \\|\\n((?: {10}.*\\n|\\n)+)`).exec(
    WORKFLOW,
  );
  expect({ name, found: !!m }).toEqual({ name, found: true });
  return m![1].replace(/^ {10}/gm, '');
}

describe('.github/workflows/release.yml', () => {
  it('is a valid workflow, and the validator does catch a broken one', () => {
    expect(validate(WORKFLOW).errors).toEqual([]);
    expect(
      validate(WORKFLOW.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest')).errors.length,
    ).toBeGreaterThan(0);
  });

  it('runs on a version tag only, reading by default and writing only to publish', () => {
    expect(WORKFLOW).toMatch(/^on:\n {2}push:\n {4}tags: \['v\*'\]\n\n/m);
    expect(WORKFLOW).toMatch(/^permissions:\n {2}contents: read\n/m);
    expect(job('publish')).toMatch(/\n {4}needs: build\n[\s\S]*\n {4}permissions:\n {6}contents: write\n/);
    expect(job('build')).not.toContain('permissions:');
    expect(WORKFLOW.match(/contents: write/g)).toHaveLength(1);
  });

  it('builds each platform on a native runner with Node 26, checking the runner is that platform', () => {
    const platforms = [
      ...job('build').matchAll(/- \{ os: (\w+), arch: (\w+), runner: ([\w.-]+), runner_arch: (\w+) \}/g),
    ];
    expect(platforms.map((m) => `${m[1]}_${m[2]} ${m[3]} ${m[4]}`)).toEqual([
      'linux_amd64 ubuntu-latest X64',
      'linux_arm64 ubuntu-24.04-arm ARM64',
      'darwin_amd64 macos-15-intel X64',
      'darwin_arm64 macos-latest ARM64',
      'windows_amd64 windows-latest X64',
    ]);
    expect(job('build')).toContain('runs-on: ${{ matrix.runner }}');
    expect(script('The runner is the platform it builds for')).toContain(
      'if [ "$RUNNER_ARCH" != "$WANT_ARCH" ]',
    );
    for (const name of ['build', 'publish']) {
      expect(job(name)).toMatch(/- uses: actions\/setup-node@v4\n {8}with:\n {10}node-version: 26\n/);
      expect(job(name)).toContain('- run: npm ci\n');
    }
    expect(job('build')).toContain('- run: npm run release\n');
    expect(script("The tag is package.json's version")).toContain('[ "$GITHUB_REF_NAME" != "v$version" ]');
    expect(job('build')).toMatch(
      /- uses: actions\/upload-artifact@v4\n\s+with:\n\s+name: zip-\$\{\{ matrix\.os \}\}_\$\{\{ matrix\.arch \}\}\n\s+path: release\/terraform-provider-infomaniakmail_\$\{\{ env\.VERSION \}\}_\$\{\{ matrix\.os \}\}_\$\{\{ matrix\.arch \}\}\.zip\n\s+if-no-files-found: error\n/,
    );
  });

  it('signs the macOS executables, ad hoc unless the project identity is set', () => {
    const sign = script('Sign the macOS executable');
    expect(WORKFLOW).toMatch(/- name: Sign the macOS executable\n {8}if: matrix\.os == 'darwin'\n/);
    expect(sign).toMatch(/^identity=-\n/);
    expect(sign).toMatch(
      /if \[ -n "\$MACOS_CERTIFICATE_P12" \]; then[\s\S]*identity="\$MACOS_SIGNING_IDENTITY"\n/,
    );
    expect(sign).toContain('codesign --force --sign "$identity" "$work/$exe"');
    expect(sign).toContain('codesign --verify --strict');
    // The certificate never stays on disk, and the script never prints a secret.
    expect(sign).toContain('rm -f "$RUNNER_TEMP/certificate.p12"');
    expect(WORKFLOW).not.toMatch(/set -x|echo[^\n]*\$(MACOS_CERTIFICATE|RELEASE_GPG|GPG_PRIVATE)/);
  });

  it('signs one SHA256SUMS with the key from secrets, refusing to publish without it', () => {
    expect(job('publish')).toMatch(
      /- uses: actions\/download-artifact@v4\n\s+with:\n\s+pattern: zip-\*\n\s+path: release\n\s+merge-multiple: true\n/,
    );
    expect(WORKFLOW).toMatch(
      /env:\n {10}RELEASE_GPG_PRIVATE_KEY: \$\{\{ secrets\.GPG_PRIVATE_KEY \}\}\n {10}RELEASE_GPG_PASSPHRASE: \$\{\{ secrets\.PASSPHRASE \}\}\n/,
    );
    const sign = script('Manifest, SHA256SUMS and its signature');
    expect(sign).toMatch(/^if \[ -z "\$RELEASE_GPG_PRIVATE_KEY" \]; then\n[^\n]*\n {2}exit 1\nfi\n/);
    expect(sign).toContain('npm run release -- --sums-only --out release');
    const publish = script('Publish the GitHub release');
    for (const asset of ['_*_*.zip', '_manifest.json', '_SHA256SUMS"', '_SHA256SUMS.sig"'])
      expect(publish).toContain(asset);
    expect(publish).toMatch(/gh release create "\$GITHUB_REF_NAME" --verify-tag/);
  });

  describe('the publish checks, run over a signed layout of five zips', () => {
    let dir: string;
    const base = `terraform-provider-infomaniakmail_${VERSION}`;
    const platforms = ['darwin_amd64', 'darwin_arm64', 'linux_amd64', 'linux_arm64', 'windows_amd64'];

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'release-workflow-'));
      mkdirSync(join(dir, 'release'));
      for (const p of platforms)
        writeFileSync(join(dir, 'release', `${base}_${p}.zip`), `not really a zip for ${p}\n`);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: VERSION }));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const bash = (source: string, env: NodeJS.ProcessEnv = {}) =>
      run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', source], {
        cwd: dir,
        // TMPDIR: whatever a step makes with mktemp is inside `dir`, removed after each test.
        env: { PATH: process.env.PATH, HOME: dir, TMPDIR: dir, VERSION, ...env },
      });

    async function layout(): Promise<void> {
      await writeSignedLayout(join(dir, 'release'), VERSION, {});
    }

    it('accept what the signing step writes', async () => {
      const gathered = await bash(script('Five platforms gathered'), { GITHUB_ENV: join(dir, 'github-env') });
      expect(readFileSync(join(dir, 'github-env'), 'utf8')).toBe(`VERSION=${VERSION}\n`);
      expect(gathered.stdout.match(/\.zip\n/g)).toHaveLength(5);
      await layout();
      const checked = await bash(script('The sums and the signature check out'));
      expect(checked.stdout.match(/: OK\n/g)).toHaveLength(6);
      expect(checked.stderr).toContain('Good signature');
    });

    it('fail on a zip changed after signing, on a forged signature, and on a missing platform', async () => {
      await layout();
      const checks = script('The sums and the signature check out');
      writeFileSync(join(dir, 'release', `${base}_linux_arm64.zip`), 'changed\n');
      await expect(bash(checks)).rejects.toMatchObject({ stdout: expect.stringContaining('FAILED') });

      await layout();
      writeFileSync(join(dir, 'release', `${base}_SHA256SUMS.sig`), 'forged');
      await expect(bash(checks)).rejects.toMatchObject({ code: expect.any(Number) });

      rmSync(join(dir, 'release', `${base}_windows_amd64.zip`));
      await expect(
        bash(script('Five platforms gathered'), { GITHUB_ENV: join(dir, 'github-env') }),
      ).rejects.toMatchObject({ stderr: expect.stringContaining('expected 5 zips, found 4') });
    });
  });
});
