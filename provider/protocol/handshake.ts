/**
 * go-plugin's start-up contract, plugin side: the magic cookie, protocol
 * version negotiation, and the single line on stdout that tells terraform
 * where to connect.
 */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
/** go-plugin's own protocol version: the first field of the handshake line. */
export const CORE_PROTOCOL_VERSION = 1;
/** The only terraform plugin protocol this server speaks. */
export const PLUGIN_PROTOCOL_VERSION = 6;

export class HandshakeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandshakeError';
  }
}

/** True when terraform (go-plugin) started this process. */
export function isLaunchedByTerraform(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/** The one sentence to print, to stderr, when someone runs the provider by hand. */
export function notLaunchedByTerraformMessage(executable = 'This program'): string {
  return (
    `${executable} is a Terraform provider plugin: terraform starts it when it needs it ` +
    `(terraform init, plan, apply), so there is nothing to run by hand.`
  );
}

/**
 * Picks protocol 6 from PLUGIN_PROTOCOL_VERSIONS ("5,6"). Without the variable
 * (a client older than version negotiation) go-plugin servers fall back to
 * their only version and let the client judge; we do the same.
 */
export function negotiateProtocolVersion(env: NodeJS.ProcessEnv = process.env): number {
  const offered = env.PLUGIN_PROTOCOL_VERSIONS;
  if (offered === undefined || offered.trim() === '') return PLUGIN_PROTOCOL_VERSION;
  const versions = offered
    .split(',')
    .map((v) => Number.parseInt(v.trim(), 10))
    .filter((v) => Number.isInteger(v));
  if (versions.includes(PLUGIN_PROTOCOL_VERSION)) return PLUGIN_PROTOCOL_VERSION;
  throw new HandshakeError(
    `This provider speaks Terraform plugin protocol ${PLUGIN_PROTOCOL_VERSION}, but terraform offered ` +
      `${offered}. Use Terraform 1.0 or newer (1.11 or newer for every feature).`,
  );
}

/** Go's base64.RawStdEncoding: standard alphabet, no padding. */
export function rawStdBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

export interface HandshakeLine {
  readonly network: 'unix' | 'tcp';
  readonly address: string;
  /** DER of the server certificate; absent when TLS is off. */
  readonly serverCertDer?: Uint8Array;
  readonly protocolVersion?: number;
}

/** `1|6|unix|/tmp/plugin123/plugin.sock|grpc|MIIB...`, with its newline. */
export function formatHandshakeLine(h: HandshakeLine): string {
  const cert = h.serverCertDer ? rawStdBase64(h.serverCertDer) : '';
  return `${CORE_PROTOCOL_VERSION}|${h.protocolVersion ?? PLUGIN_PROTOCOL_VERSION}|${h.network}|${h.address}|grpc|${cert}\n`;
}
