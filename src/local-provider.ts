/**
 * Zero-step provider installation for synthesized stacks.
 *
 * Terraform looks for providers in `terraform.d/plugins` of its working directory (an
 * implied local mirror) before any registry, with no CLI configuration at all. At synth
 * time this writes, into each stack directory that uses the `infomaniakmail` provider, a
 * launcher for the provider this very package ships. `terraform init` in the stack
 * directory — plain or through `cdktf deploy` — then installs it offline.
 *
 * Terraform ignores implied mirrors when a CLI configuration declares its own
 * `provider_installation` (as `infomaniak-mail setup-terraform` does); that setup keeps
 * working as before.
 */
import path from 'node:path';
import { TerraformStack, type ISynthesisSession } from 'cdktf';
import type { IConstruct } from 'constructs';
import { findThisPackage, providerLauncher, writeMirrorPackage } from '../provider/tooling';
import type { InfomaniakmailProvider } from './generated/provider';

/** The mirror directory terraform searches in its working directory. */
export const IMPLIED_MIRROR_DIR = path.join('terraform.d', 'plugins');

// cdktf's hook for constructs that write files at synth (its own assets use it); it is keyed by
// a registered symbol rather than exported, so it is reached through that symbol.
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

interface ProviderFacts {
  readonly terraformProviderSource?: string;
  readonly terraformGeneratorMetadata?: { readonly providerVersion?: string };
}

/** Installs the provider next to the stack of `provider` when the app is synthesized. */
export function installProviderAtSynth(provider: InfomaniakmailProvider): void {
  // Several MailServices share one provider configuration: install once.
  if (Object.prototype.hasOwnProperty.call(provider, CUSTOM_SYNTHESIS)) return;
  const stack = TerraformStack.of(provider);
  const facts = provider as unknown as ProviderFacts;
  const source = facts.terraformProviderSource;
  const version = facts.terraformGeneratorMetadata?.providerVersion;
  if (!source || !version) throw new Error('the infomaniakmail provider binding lacks its source or version');
  Object.defineProperty(provider as IConstruct, CUSTOM_SYNTHESIS, {
    enumerable: false,
    value: {
      onSynthesize(session: ISynthesisSession) {
        const stackDir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        writeMirrorPackage({
          dir: path.join(stackDir, IMPLIED_MIRROR_DIR),
          source,
          version,
          launcher: providerLauncher(findThisPackage(__dirname)),
        });
      },
    },
  });
}
