/**
 * Automatic mutual TLS, the way go-plugin does it: terraform generates a client
 * certificate and passes it in PLUGIN_CLIENT_CERT; we generate our own
 * short-lived self-signed certificate, send its DER in the handshake line, and
 * accept only clients presenting terraform's certificate.
 *
 * Terraform starts a provider several times per command, so this runs on every
 * start: node:crypto makes the key, hashes and signs (synchronously, no WebCrypto
 * set-up), and asn1js only DER-encodes one fixed certificate layout. A full X.509
 * library would cost more to load than everything else here.
 */
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate as NodeX509Certificate,
} from 'node:crypto';
import * as asn1 from 'asn1js';

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

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

// KeyUsage bits, first bit first: digitalSignature (0), keyAgreement (4), keyCertSign (5).
const KEY_USAGE = { bits: 0b1000_1100, unusedBits: 2 };

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

const der = (value: asn1.AsnType): Uint8Array => new Uint8Array(value.toBER(false));
const oid = (value: string): asn1.ObjectIdentifier => new asn1.ObjectIdentifier({ value });

function distinguishedName(): asn1.Sequence {
  const rdn = (type: string, value: string): asn1.Set =>
    new asn1.Set({ value: [new asn1.Sequence({ value: [oid(type), new asn1.PrintableString({ value })] })] });
  return new asn1.Sequence({
    value: [rdn(OID.commonName, 'localhost'), rdn(OID.organization, 'terraform provider')],
  });
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
function time(date: Date): asn1.UTCTime | asn1.GeneralizedTime {
  return date.getUTCFullYear() < 2050
    ? new asn1.UTCTime({ valueDate: date })
    : new asn1.GeneralizedTime({ valueDate: date });
}

function extension(id: string, critical: boolean, value: asn1.AsnType): asn1.Sequence {
  return new asn1.Sequence({
    value: [
      oid(id),
      ...(critical ? [new asn1.Boolean({ value: true })] : []),
      new asn1.OctetString({ valueHex: der(value) }),
    ],
  });
}

/**
 * A self-signed ECDSA P-256 certificate for "localhost", usable for server and
 * client authentication, and marked as its own CA so that verifiers which insist
 * on a CA trust anchor (OpenSSL does) accept it when it is pinned as the only root.
 */
export async function createServerCertificate(opts: CertificateOptions = {}): Promise<ServerCertificate> {
  const now = opts.now ?? new Date();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = asn1.fromBER(publicKey.export({ type: 'spki', format: 'der' }));
  if (spki.offset === -1 || !(spki.result instanceof asn1.Sequence))
    throw new Error('node:crypto returned an unreadable public key');
  const point = spki.result.valueBlock.value[1];
  if (!(point instanceof asn1.BitString)) throw new Error('node:crypto returned an unreadable public key');
  // A positive INTEGER of exactly 16 bytes: the top bit clear (not negative) and the next one
  // set, so that DER needs no leading zero and strict parsers (Go's) see a minimal encoding.
  const serial = randomBytes(16);
  serial[0] = 0x40 | (serial[0] & 0x3f);
  const algorithm = new asn1.Sequence({ value: [oid(OID.ecdsaWithSha256)] });

  const tbs = new asn1.Sequence({
    value: [
      new asn1.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [new asn1.Integer({ value: 2 })],
      }),
      new asn1.Integer({ valueHex: serial }),
      algorithm,
      distinguishedName(),
      new asn1.Sequence({
        value: [
          time(new Date(now.getTime() - (opts.backdateMs ?? 60_000))),
          time(new Date(now.getTime() + (opts.validForMs ?? 7 * 24 * 3600_000))),
        ],
      }),
      distinguishedName(),
      spki.result,
      new asn1.Constructed({
        idBlock: { tagClass: 3, tagNumber: 3 },
        value: [
          new asn1.Sequence({
            value: [
              extension(
                OID.basicConstraints,
                true,
                new asn1.Sequence({ value: [new asn1.Boolean({ value: true })] }),
              ),
              extension(
                OID.keyUsage,
                true,
                new asn1.BitString({
                  valueHex: new Uint8Array([KEY_USAGE.bits]),
                  unusedBits: KEY_USAGE.unusedBits,
                }),
              ),
              extension(
                OID.extendedKeyUsage,
                false,
                new asn1.Sequence({ value: [oid(OID.serverAuth), oid(OID.clientAuth)] }),
              ),
              extension(
                OID.subjectAltName,
                false,
                new asn1.Sequence({
                  // dNSName [2] IMPLICIT IA5String
                  value: [
                    new asn1.Primitive({
                      idBlock: { tagClass: 3, tagNumber: 2 },
                      valueHex: Buffer.from('localhost', 'ascii'),
                    }),
                  ],
                }),
              ),
              // RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits.
              extension(
                OID.subjectKeyIdentifier,
                false,
                new asn1.OctetString({
                  valueHex: createHash('sha1').update(point.valueBlock.valueHexView).digest(),
                }),
              ),
            ],
          }),
        ],
      }),
    ],
  });
  const tbsDer = der(tbs);
  const signature = sign('sha256', tbsDer, privateKey); // DER ECDSA-Sig-Value, as X.509 wants it
  const cert = der(
    new asn1.Sequence({
      value: [tbs, algorithm, new asn1.BitString({ valueHex: signature, unusedBits: 0 })],
    }),
  );
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem: pem('CERTIFICATE', cert), keyPem, der: cert };
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
