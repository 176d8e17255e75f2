/**
 * terraform's Ctrl-C reaches the provider as SIGINT, possibly while the
 * provider is still starting (loading modules, generating its certificate).
 * Node's default reaction is to die, which terraform reports as a plugin
 * crash. Import this module first thing in the executable and call
 * guardEarlyInterrupts(): interrupts are then counted until serve() takes
 * over and handles them like any other.
 */
let pending = 0;
let guard: (() => void) | undefined;

export function guardEarlyInterrupts(): void {
  if (guard) return;
  guard = () => {
    pending += 1;
  };
  process.on('SIGINT', guard);
}

/** Removes the guard and returns how many interrupts arrived meanwhile. */
export function takeEarlyInterrupts(): number {
  if (guard) process.removeListener('SIGINT', guard);
  guard = undefined;
  const n = pending;
  pending = 0;
  return n;
}
