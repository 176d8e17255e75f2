/**
 * infomaniakmail_user_access changes: grants given, removed or changed, invitations
 * created, renewed or dropped. The invitation link (`invitation_url`) is sensitive and
 * never read; only the invited email, the permissions and the language are. Permissions
 * are capabilities besides reading and sending, which every access allows.
 */
import type { Change, Collector } from './change';
import { num, str, strings, type Attributes } from './fields';
import { unknownAttribute } from './redact';

export function analyzeUserAccess(c: Change, out: Collector): void {
  const base = (values: Attributes) => ({
    stack: c.stack,
    resource: c.resource,
    address: c.directory.address(values),
  });
  // An unknown value is absent from the plan's `after`: it reads as null, "known after apply".
  const permissions = (values: Attributes) => strings(values, 'permissions');
  const grant = (values: Attributes) => ({
    ...base(values),
    user: c.directory.user(num(values, 'user_id'), str(values, 'email')),
    permissions: permissions(values),
    via: 'resource' as const,
  });
  const invitation = (values: Attributes, renews: boolean) => ({
    ...base(values),
    email: str(values, 'email'),
    key: str(values, 'invitation_key'),
    expires_at: str(values, 'invitation_expires_at'),
    permissions: permissions(values),
    language: str(values, 'language'),
    renews,
    via: 'resource' as const,
  });

  const removeBefore = () => {
    if (pendingInvitation(c.before)) out.invitationsDropped.push(invitation(c.before, false));
    else out.removed.push(grant(c.before));
  };
  const createAfter = (renews: boolean) => {
    if (isInvitation(c.after)) out.invitationsCreated.push(invitation(c.after, renews));
    else out.granted.push(grant(c.after));
  };

  switch (c.action) {
    case 'create':
      createAfter(false);
      return;
    case 'delete':
      removeBefore();
      return;
    case 'replace':
      // An invitation replaced by one for the same person is a renewal (typically an expired link).
      if (
        pendingInvitation(c.before) &&
        isInvitation(c.after) &&
        str(c.before, 'email') === str(c.after, 'email')
      )
        createAfter(true);
      else {
        removeBefore();
        createAfter(false);
      }
      return;
    case 'update': {
      const before = strings(c.before, 'permissions') ?? [];
      const after = unknownAttribute(c.afterUnknown, 'permissions') ? null : permissions(c.after);
      if (after !== null && sameList(before, after)) return;
      out.permissionsChanged.push({
        ...base(c.before),
        user: c.directory.user(num(c.before, 'user_id'), str(c.before, 'email')),
        before,
        after,
        added: after === null ? [] : after.filter((p) => !before.includes(p)),
        removed: after === null ? [] : before.filter((p) => !after.includes(p)),
      });
      return;
    }
    default:
      return;
  }
}

/** Configured by email and not (yet) an organisation user: an invitation. */
function isInvitation(values: Attributes): boolean {
  return str(values, 'email') !== null && num(values, 'user_id') === null;
}

/** An invitation whose link was not used yet (once used, the person is a user with access). */
function pendingInvitation(values: Attributes): boolean {
  const status = str(values, 'status');
  return isInvitation(values) && (status === 'invited' || status === 'expired' || status === null);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
