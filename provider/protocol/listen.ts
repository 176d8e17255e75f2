/**
 * Where the gRPC server listens. Like go-plugin: a unix socket where the
 * platform has them, else TCP on 127.0.0.1 (PLUGIN_MIN_PORT..PLUGIN_MAX_PORT
 * when set). Unlike go-plugin, which drops the socket file straight into the
 * temp dir, we make a fresh 0700 directory for it, so no other user can even
 * reach the socket, and remove it on exit.
 */
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface ListenPlan {
  readonly network: 'unix' | 'tcp';
  /** grpc-js bind addresses to try in order ("unix:/abs/path" or "127.0.0.1:port"). */
  readonly bindAddresses: readonly string[];
  /** Removes whatever the plan created on disk. Safe to call more than once. */
  cleanup(): void;
}

// sun_path is 108 bytes on Linux and 104 on the BSDs, including the terminating NUL.
const MAX_UNIX_PATH = process.platform === 'linux' ? 107 : 103;

export function planListen(env: NodeJS.ProcessEnv = process.env): ListenPlan {
  if (process.platform !== 'win32') {
    const base = env.PLUGIN_UNIX_SOCKET_DIR || tmpdir();
    const dir = mkdtempSync(join(base, 'tf-provider-'));
    const socket = join(dir, 'plugin.sock');
    let removed = false;
    const cleanup = (): void => {
      if (removed) return;
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    };
    if (Buffer.byteLength(socket) <= MAX_UNIX_PATH) {
      chmodSync(dir, 0o700);
      const group = env.PLUGIN_UNIX_SOCKET_GROUP;
      if (group) shareWithGroup(dir, group);
      return { network: 'unix', bindAddresses: [`unix:${socket}`], cleanup };
    }
    cleanup();
  }
  return { network: 'tcp', bindAddresses: tcpAddresses(env), cleanup: () => undefined };
}

function tcpAddresses(env: NodeJS.ProcessEnv): string[] {
  const min = env.PLUGIN_MIN_PORT ? Number.parseInt(env.PLUGIN_MIN_PORT, 10) : 0;
  const max = env.PLUGIN_MAX_PORT ? Number.parseInt(env.PLUGIN_MAX_PORT, 10) : 0;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max > 65535) {
    throw new Error('PLUGIN_MIN_PORT and PLUGIN_MAX_PORT must be port numbers');
  }
  if (min > max) throw new Error(`PLUGIN_MIN_PORT (${min}) is greater than PLUGIN_MAX_PORT (${max})`);
  const out: string[] = [];
  for (let p = min; p <= max; p++) out.push(`127.0.0.1:${p}`);
  return out;
}

/**
 * PLUGIN_UNIX_SOCKET_GROUP asks that a group may connect (a host running in
 * another account). The socket itself is made group-writable after binding;
 * here the directory becomes group-traversable.
 */
function shareWithGroup(dir: string, group: string): void {
  const gid = /^\d+$/.test(group) ? Number(group) : lookupGroup(group);
  chownSync(dir, -1, gid);
  chmodSync(dir, 0o710);
}

function lookupGroup(name: string): number {
  // Node has no getgrnam; `getent` is the portable way on the platforms with unix sockets.
  const line = execFileSync('getent', ['group', name], { encoding: 'utf8' });
  const gid = Number(line.split(':')[2]);
  if (!Number.isInteger(gid)) throw new Error(`PLUGIN_UNIX_SOCKET_GROUP: no group named ${name}`);
  return gid;
}

/** After binding: let the configured group write to the socket. */
export function applySocketGroup(socketPath: string, env: NodeJS.ProcessEnv = process.env): void {
  const group = env.PLUGIN_UNIX_SOCKET_GROUP;
  if (!group) return;
  const gid = /^\d+$/.test(group) ? Number(group) : lookupGroup(group);
  chownSync(socketPath, -1, gid);
  chmodSync(socketPath, 0o660);
}
