/**
 * Loaded with `node --require` (NODE_OPTIONS, set by bench/profile-plan.ts) into every
 * provider process terraform starts: profiles it from here to its exit and writes
 * PROFILE_PLAN_DIR/<start time>-<pid>.cpuprofile. NODE_OPTIONS refuses --cpu-prof, and
 * terraform starts the provider itself, hence a module. Does nothing without that variable.
 */
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.PROFILE_PLAN_DIR;
if (dir) {
  const started = Date.now();
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  // The main thread's session answers synchronously, so this completes before the exit.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${started}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
