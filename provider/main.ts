/**
 * The provider executable (`terraform-provider-infomaniakmail`): the one module that
 * knows every layer. Terraform starts it; run by hand, it says so and exits 1.
 */
import { providerServer } from './framework';
import { createLogger, logLevelFromEnv, registerSecret, runProvider } from './protocol';
import { mailProvider, PROVIDER_TYPE_NAME } from './resources/provider';

export function main(): void {
  // Terraform's TF_LOG / TF_LOG_PROVIDER(_INFOMANIAKMAIL) pick the level; lines are redacted.
  const logger = createLogger({ level: logLevelFromEnv(process.env, PROVIDER_TYPE_NAME) });
  const definition = mailProvider({ log: logger.named('infomaniak'), registerSecret });
  void runProvider(providerServer(definition, { logger: logger.named('framework') }), {
    name: PROVIDER_TYPE_NAME,
    logger,
    executableName: `terraform-provider-${PROVIDER_TYPE_NAME}`,
  });
}
