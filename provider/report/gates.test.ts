import { buildReport } from './build';
import { checkGates } from './gates';
import { loadPlan } from './load';

function reportOf(changes: object[]) {
  return buildReport([
    loadPlan(JSON.stringify({ format_version: '1.2', resource_changes: changes }), 'p.json'),
  ]);
}

const change = (
  type: string,
  actions: string[],
  before: object | null,
  after: object | null,
  afterUnknown = {},
) => ({
  address: `${type}.x`,
  mode: 'managed',
  type,
  name: 'x',
  change: { actions, before, after, after_unknown: afterUnknown },
});
const dev = { mail_hosting_id: 1, mailbox_name: 'a', label: 'L', device_id: 7 };

describe('checkGates', () => {
  const revoke = reportOf([change('infomaniakmail_device', ['delete'], dev, null)]);
  const regen = reportOf([change('infomaniakmail_device', ['update'], dev, dev, { password_set_at: true })]);
  const removal = reportOf([
    change('infomaniakmail_user_access', ['delete'], { ...dev, user_id: 3, status: 'active' }, null),
  ]);
  const none = reportOf([]);

  it('passes with no gate, and on no change', () => {
    expect(checkGates(revoke, { failOn: [] })).toEqual({ passed: true, failures: [] });
    expect(
      checkGates(none, { failOn: ['revoke', 'regenerate', 'grant-removal', 'any-change'], maxRevocations: 0 })
        .passed,
    ).toBe(true);
  });

  it('fails each --fail-on on its own kind of change only', () => {
    expect(checkGates(revoke, { failOn: ['revoke'] }).failures).toEqual([
      '--fail-on revoke: 1 revocation(s) (1 device(s) revoked)',
    ]);
    expect(checkGates(revoke, { failOn: ['regenerate', 'grant-removal'] }).passed).toBe(true);
    expect(checkGates(regen, { failOn: ['regenerate'] }).passed).toBe(false);
    expect(checkGates(regen, { failOn: ['revoke', 'grant-removal'] }).passed).toBe(true);
    expect(checkGates(removal, { failOn: ['grant-removal'] }).passed).toBe(false);
    // A removed access is a revocation too.
    expect(checkGates(removal, { failOn: ['revoke'] }).failures).toEqual([
      '--fail-on revoke: 1 revocation(s) (1 user access(es) removed)',
    ]);
    expect(checkGates(regen, { failOn: ['revoke'] }).passed).toBe(true);
    for (const r of [revoke, regen, removal])
      expect(checkGates(r, { failOn: ['any-change'] }).passed).toBe(false);
  });

  it('counts revocations against --max-revocations', () => {
    expect(checkGates(revoke, { failOn: [], maxRevocations: 1 }).passed).toBe(true);
    expect(checkGates(revoke, { failOn: [], maxRevocations: 0 }).failures).toEqual([
      '--max-revocations: 1 revocation(s), more than 0',
    ]);
    expect(checkGates(removal, { failOn: [], maxRevocations: 0 }).passed).toBe(false);
  });

  it("fails closed when a policy's revocations are known only after apply, not when they are listed", () => {
    const policy = (afterUnknown: object, after: object = {}) =>
      reportOf([
        change(
          'infomaniakmail_access_policy',
          ['create'],
          null,
          {
            mail_hosting_id: 1,
            mailbox_name: 'a',
            exclusive_devices: true,
            exclusive_users: false,
            ...after,
          },
          afterUnknown,
        ),
      ]);
    const unknown = policy({ devices_to_revoke: true, unmanaged_devices: true });
    expect(checkGates(unknown, { failOn: ['revoke'] }).failures).toEqual([
      '--fail-on revoke: 1 access policy whose revocations the plan cannot list',
    ]);
    expect(checkGates(unknown, { failOn: [], maxRevocations: 5 }).failures).toEqual([
      '--max-revocations: 1 access policy whose revocations the plan cannot list, cannot count',
    ]);
    expect(checkGates(unknown, { failOn: ['regenerate'] }).passed).toBe(true);
    // One entry of a list known only after apply is as bad as the whole list.
    expect(checkGates(policy({ devices_to_revoke: [{ label: true }] }), { failOn: ['revoke'] }).passed).toBe(
      false,
    );
    const listed = policy(
      {},
      {
        devices_to_revoke: [{ device_id: 7, access_id: 8, label: 'x', is_generic: false }],
        users_to_remove: [],
        invitations_to_withdraw: [],
        unmanaged_devices: [],
      },
    );
    expect(checkGates(listed, { failOn: ['grant-removal'], maxRevocations: 1 }).passed).toBe(true);
    expect(checkGates(listed, { failOn: [], maxRevocations: 0 }).passed).toBe(false);
    // A new policy without a snapshot revokes nothing in this apply: nothing to stop.
    const deferred = policy(
      { unmanaged_devices: true, unmanaged_users: true },
      { devices_to_revoke: [], users_to_remove: [], invitations_to_withdraw: [] },
    );
    expect(deferred.notes.map((n) => n.kind)).toEqual(['revocations_deferred']);
    expect(checkGates(deferred, { failOn: ['revoke', 'grant-removal'], maxRevocations: 0 }).passed).toBe(
      true,
    );
  });
});
