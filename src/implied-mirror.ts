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
import { findThisPackage, providerLauncher, writeMirrorPackage } from '../packaging';
import type { InfomaniakmailProvider } from './generated/provider';

/** The mirror directory terraform searches in its working directory. */
export const IMPLIED_MIRROR_DIR = path.join('terraform.d', 'plugins');

/**
 * cdktf's hook for constructs that write files at synth (its own TerraformAsset uses it). It is
 * an internal of cdktf: keyed by a registered symbol, set by an `addCustomSynthesis` that the
 * package root does not export. Relied on as cdktf 0.21.0 (the installed version; package.json
 * allows ^0.21.0) has it in lib/synthesize/synthesizer.js: `StackSynthesizer.synthesize` calls
 * `onSynthesize(session)` of every construct of the stack that carries the symbol, leaves first,
 * with a session whose `outdir` and `manifest.forStack(stack).workingDirectory` name the stack's
 * directory. implied-mirror.test.ts (beside it) fails when a cdktf upgrade changes that.
 */
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

/**
 * Has `hook` run when the app synthesizes the stack of `construct`, with cdktf's session (its
 * `outdir` and manifest). A construct takes one hook: false, and nothing changes, when it has one.
 */
export function runAtSynth(construct: IConstruct, hook: (session: ISynthesisSession) => void): boolean {
  if (Object.prototype.hasOwnProperty.call(construct, CUSTOM_SYNTHESIS)) return false;
  Object.defineProperty(construct, CUSTOM_SYNTHESIS, { enumerable: false, value: { onSynthesize: hook } });
  return true;
}

/** Installs the provider next to the stack of `provider` when the app is synthesized. */
export function installProviderAtSynth(provider: InfomaniakmailProvider): void {
  const source = provider.terraformProviderSource;
  const version = provider.terraformGeneratorMetadata?.providerVersion;
  if (!source || !version) throw new Error('the infomaniakmail provider binding lacks its source or version');
  const stack = TerraformStack.of(provider);
  // Several MailServices share one provider configuration: the first one installs it.
  runAtSynth(provider, (session) => {
    const stackDir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
    writeMirrorPackage({
      dir: path.join(stackDir, IMPLIED_MIRROR_DIR),
      source,
      version,
      launcher: providerLauncher(findThisPackage(__dirname)),
    });
  });
}
