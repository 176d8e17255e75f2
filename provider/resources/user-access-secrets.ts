/**
 * Invitation links under `secret_recipients`: the API returns the link on every read,
 * and age and OpenPGP output is randomised, so sealing it on every refresh would rewrite
 * state each time. The link is sealed only when it (or the keys) change; to tell, private
 * state keeps a salted SHA-256 of it — the link is long and random, so the hash reveals
 * nothing about it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { unknown, type PrivateData } from '../framework';
import type { MailContext } from './context';
import { sealerFor } from './secret-recipients';
import type { UserAccessModel, UserAccessPlan } from './user-access-schema';

const LINK_SALT = 'invitation_link_salt';
const LINK_HASH = 'invitation_link_sha256';

function linkHash(salt: string, url: string): string {
  return createHash('sha256').update(salt).update('\0').update(url).digest('hex');
}

/**
 * The state to store for an access whose `invitation_url` is the link the API just gave
 * (or null): unchanged without recipients; with them, the link only sealed, re-using
 * the prior ciphertext when the link and the keys are the same.
 */
export async function sealInvitation(
  ctx: MailContext,
  next: UserAccessModel,
  prior: { readonly state: UserAccessModel | null; readonly private: PrivateData | undefined },
): Promise<{ state: UserAccessModel; private: PrivateData }> {
  const sealer = await sealerFor(ctx.recipients, next.secret_recipients);
  if (sealer === null)
    return {
      state: { ...next, encrypted_invitation_url: null, invitation_recipients_fingerprint: null },
      private: {},
    };
  const url = next.invitation_url;
  const sealedState = {
    ...next,
    invitation_url: null,
    invitation_recipients_fingerprint: sealer.fingerprint,
  };
  if (url === null) return { state: { ...sealedState, encrypted_invitation_url: null }, private: {} };
  const salt =
    typeof prior.private?.[LINK_SALT] === 'string'
      ? prior.private[LINK_SALT]
      : randomBytes(16).toString('hex');
  const hash = linkHash(salt, url);
  const kept = prior.state?.encrypted_invitation_url ?? null;
  const unchanged =
    kept !== null &&
    prior.private?.[LINK_HASH] === hash &&
    prior.state?.invitation_recipients_fingerprint === sealer.fingerprint;
  return {
    state: { ...sealedState, encrypted_invitation_url: unchanged ? kept : await sealer.seal(url) },
    private: { [LINK_SALT]: salt, [LINK_HASH]: hash },
  };
}

/**
 * Where the link will be in the plan: in `invitation_url` without recipients, else only
 * in `encrypted_invitation_url`, which stays as it is unless the link is new (create,
 * replacement) or the keys changed.
 */
export function planInvitationSecret(
  planned: { readonly plan: UserAccessPlan; readonly requiresReplace?: readonly string[] },
  state: UserAccessModel | null,
  fingerprint: string | null | 'unknown',
): UserAccessPlan {
  const { plan } = planned;
  const grant = typeof plan.user_id === 'number';
  if (fingerprint === null) {
    // Opting out of encryption: the link reappears in plaintext, read again at apply.
    const reappears =
      state?.invitation_recipients_fingerprint != null && state.encrypted_invitation_url !== null;
    return {
      ...plan,
      ...(reappears ? { invitation_url: unknown } : {}),
      encrypted_invitation_url: null,
      invitation_recipients_fingerprint: null,
    };
  }
  if (fingerprint === 'unknown')
    return grant
      ? { ...plan, encrypted_invitation_url: null, invitation_recipients_fingerprint: unknown }
      : {
          ...plan,
          invitation_url: unknown,
          encrypted_invitation_url: unknown,
          invitation_recipients_fingerprint: unknown,
        };
  const newLink = state === null || (planned.requiresReplace?.length ?? 0) > 0;
  const keep = !newLink && state.invitation_recipients_fingerprint === fingerprint;
  return {
    ...plan,
    invitation_url: null,
    invitation_recipients_fingerprint: fingerprint,
    encrypted_invitation_url:
      grant || plan.status === 'active' ? null : keep ? state.encrypted_invitation_url : unknown,
  };
}
