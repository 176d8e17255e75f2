/**
 * examples/gitops/workflow.yml is a valid GitHub Actions workflow (checked offline
 * against the workflow schema bundled in @action-validator/core), and keeps the
 * promises its comments make about secrets.
 */
import { validateWorkflow } from '@action-validator/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const WORKFLOW = readFileSync(join(__dirname, '..', '..', 'examples', 'gitops', 'workflow.yml'), 'utf8');

/** The validator logs that it cannot check path globs; that is expected, not test output. */
function validate(source: string) {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return validateWorkflow(source);
  } finally {
    warn.mockRestore();
  }
}

describe('examples/gitops/workflow.yml', () => {
  it('is a valid workflow', () => {
    expect(validate(WORKFLOW).errors).toEqual([]);
  });

  it('the validator does catch a broken workflow', () => {
    const broken = WORKFLOW.replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    expect(validate(broken).errors.length).toBeGreaterThan(0);
  });

  it('plans and reports on pull requests, applies on main and on a schedule', () => {
    expect(WORKFLOW).toMatch(/^ {2}pull_request:/m);
    expect(WORKFLOW).toMatch(/^ {2}push:\n {4}branches: \[main\]/m);
    expect(WORKFLOW).toMatch(/^ {2}schedule:\n {4}- cron: /m);
    expect(WORKFLOW).toContain('infomaniak-mail report --format markdown --mermaid');
    // The comment is replaced in place on a new push, or created the first time.
    expect(WORKFLOW).toMatch(
      /gh pr comment "\$PR_NUMBER" --edit-last --body-file .+ \|\|\n\s+gh pr comment "\$PR_NUMBER" --body-file/,
    );
    expect(WORKFLOW).toMatch(/terraform -chdir="\$TF_DIR" apply -input=false "\$RUNNER_TEMP\/tfplan"/);
  });

  it('pipes the password from terraform output into the secret store, and never shows or uploads secrets', () => {
    expect(WORKFLOW).toMatch(
      /terraform -chdir="\$TF_DIR" output -json device_passwords \|\n\s+jq -er '\.crm' \|\n\s+gh secret set/,
    );
    // The one artifact is the encrypted variant's ciphertext, uploaded only when recipients are set;
    // never the plan, its JSON or a plaintext password.
    const uploads = [
      ...WORKFLOW.matchAll(/- uses: actions\/upload-artifact@v4\n\s+if: (.*)\n[\s\S]*?path: (.*)\n/g),
    ];
    expect(uploads.map((m) => [m[1].startsWith("vars.SECRET_RECIPIENTS != ''"), m[2]])).toEqual([
      [true, '${{ runner.temp }}/device_passwords.sealed.json'],
    ]);
    expect(WORKFLOW.match(/upload-artifact/g)).toHaveLength(1);
    expect(WORKFLOW).toMatch(
      /if: vars\.SECRET_RECIPIENTS == '' && [^\n]*\n[\s\S]*?jq -er '\.crm' \|\n\s+gh secret set/,
    );
    expect(WORKFLOW).not.toMatch(/set -x|echo .*password|output -raw/i);
    expect(WORKFLOW).toContain('terraform_wrapper: false');
  });
});
