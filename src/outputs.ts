/**
 * The one way a secret (a device password, an invitation link) leaves the construct tree:
 * a sensitive Terraform output at the top of its stack.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

/** A sensitive output at the top of the stack, so its name is exactly `outputId`. */
export function sensitiveOutput(
  owner: Construct,
  outputId: string,
  value: string,
  options: { readonly description: string },
): TerraformOutput {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(outputId))
    throw new Error(
      `Output "${outputId}": use letters, digits, "_" and "-", starting with a letter or "_" ` +
        `(it becomes the Terraform output name, read with terraform output -raw ${outputId}).`,
    );
  const stack = TerraformStack.of(owner);
  if (stack.node.tryFindChild(outputId))
    throw new Error(`Output "${outputId}": the name is already used in this stack; choose another one.`);
  return new TerraformOutput(stack, outputId, { value, sensitive: true, description: options.description });
}
