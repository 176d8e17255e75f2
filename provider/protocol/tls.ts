/**
 * Automatic mutual TLS, the way go-plugin does it: terraform generates a client
 * certificate and passes it in PLUGIN_CLIENT_CERT; we generate our own
 * short-lived self-signed certificate, send its DER in the handshake line, and
 * accept only clients presenting terraform's certificate.
 */
// @peculiar/x509 resolves its algorithm registry through tsyringe, which needs
// the Reflect metadata API; it must be loaded first.
import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 is written against the DOM Crypto type; Node's webcrypto is that API.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly der: Uint8Array;
}

export interface CertificateOptions {
  readonly now?: Date;
  /** How long the certificate is valid. A provider process lives for one terraform command. */
  readonly validForMs?: number;
  /** Clock-skew allowance: the certificate is valid from this long before now. */
  readonly backdateMs?: number;
}

const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;

function pem(label: string, der: ArrayBuffer | Uint8Array): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/**
 * A self-signed ECDSA P-256 certificate for "localhost", usable for server and
 * client authentication, and marked as its own CA so that verifiers which insist
 * on a CA trust anchor (OpenSSL does) accept it when it is pinned as the only root.
 */
export async function createServerCertificate(opts: CertificateOptions = {}): Promise<ServerCertificate> {
  const now = opts.now ?? new Date();
  const keys = (await webcrypto.subtle.generateKey(KEY, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] &= 0x7f; // a positive INTEGER
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: 'CN=localhost, O=terraform provider',
    notBefore: new Date(now.getTime() - (opts.backdateMs ?? 60_000)),
    notAfter: new Date(now.getTime() + (opts.validForMs ?? 7 * 24 * 3600_000)),
    signingAlgorithm: SIGNING,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature |
          x509.KeyUsageFlags.keyAgreement |
          x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.serverAuth,
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const der = new Uint8Array(cert.rawData);
  return { certPem: pem('CERTIFICATE', der), keyPem: pem('PRIVATE KEY', pkcs8), der };
}

export interface ClientCertificate {
  readonly pem: string;
  readonly der: Buffer;
}

/** Parses PLUGIN_CLIENT_CERT; throws a readable error when it is not one PEM certificate. */
export function parseClientCertificate(text: string): ClientCertificate {
  try {
    const cert = new NodeX509Certificate(text);
    return { pem: cert.toString(), der: cert.raw };
  } catch {
    throw new Error('PLUGIN_CLIENT_CERT does not hold a PEM certificate');
  }
}
