/**
 * Entry point of the fixture provider executable (`fixtures/note`), run by terraform
 * through the launcher that test/support writes into a local filesystem mirror.
 */
import { providerServer } from '../../provider/framework';
import { createLogger, logLevelFromEnv, runProvider } from '../../provider/protocol';
import { noteProvider } from './provider';

const logger = createLogger({ level: logLevelFromEnv(process.env, 'note') });

void runProvider(providerServer(noteProvider, { logger: logger.named('framework') }), {
  name: 'note',
  logger,
  executableName: 'terraform-provider-note',
});
