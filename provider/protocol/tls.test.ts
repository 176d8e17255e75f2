/**
 * The provider's own certificate, as terraform (Go's crypto/x509) and grpc-js (OpenSSL)
 * check it: self-signed ECDSA P-256 for localhost, its own CA, server and client
 * authentication, a fresh key and serial every time. The handshake tests use it for real.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { createServerCertificate, parseClientCertificate } from './tls';

describe('createServerCertificate', () => {
  it('is a self-signed CA certificate for localhost with the key it returns', async () => {
    const { certPem, keyPem, der } = await createServerCertificate();
    const cert = new X509Certificate(certPem);
    expect(Buffer.from(der)).toEqual(cert.raw);
    expect(cert.subject).toBe('CN=localhost\nO=terraform provider');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.ca).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:localhost');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(keyPem))).toBe(true);
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
  });

  it('carries the extensions the @peculiar/x509 certificate had, byte for byte', async () => {
    const { der } = await createServerCertificate();
    const bytes = Buffer.from(der);
    const extension = (oid: string, critical: boolean, value: string): string =>
      `06 03 ${oid}${critical ? ' 01 01 ff' : ''} 04 ${value}`.replace(/ /g, '');
    const hex = bytes.toString('hex');
    expect(hex).toContain(extension('55 1d 13', true, '05 30 03 01 01 ff')); // basicConstraints: CA
    // keyUsage: digitalSignature, keyAgreement, keyCertSign
    expect(hex).toContain(extension('55 1d 0f', true, '04 03 02 02 8c'));
    // extKeyUsage: serverAuth, clientAuth
    expect(hex).toContain(
      extension('55 1d 25', false, '16 30 14 06 08 2b 06 01 05 05 07 03 01 06 08 2b 06 01 05 05 07 03 02'),
    );
    // subjectKeyIdentifier: SHA-1 of the public key's bits (RFC 5280 §4.2.1.2, method 1)
    const point = new X509Certificate(bytes).publicKey.export({ type: 'spki', format: 'der' }).subarray(-65);
    const ski = createHash('sha1').update(point).digest('hex');
    expect(hex).toContain(extension('55 1d 0e', false, `16 04 14 ${ski}`));
  });

  it('is valid from a minute ago for a week, or as asked', async () => {
    const now = new Date('2031-05-06T07:08:09Z');
    const week = new X509Certificate((await createServerCertificate({ now })).certPem);
    expect(new Date(week.validFrom)).toEqual(new Date('2031-05-06T07:07:09Z'));
    expect(new Date(week.validTo)).toEqual(new Date('2031-05-13T07:08:09Z'));
    const custom = new X509Certificate(
      (await createServerCertificate({ now, validForMs: 3600_000, backdateMs: 0 })).certPem,
    );
    expect(new Date(custom.validFrom)).toEqual(now);
    expect(new Date(custom.validTo)).toEqual(new Date('2031-05-06T08:08:09Z'));
  });

  it('writes dates from 2050 on as GeneralizedTime, as RFC 5280 requires', async () => {
    const cert = new X509Certificate(
      (await createServerCertificate({ now: new Date('2050-01-01T00:00:00Z'), backdateMs: 3600_000 }))
        .certPem,
    );
    expect(new Date(cert.validFrom)).toEqual(new Date('2049-12-31T23:00:00Z'));
    expect(new Date(cert.validTo)).toEqual(new Date('2050-01-08T00:00:00Z'));
    expect(Buffer.from(cert.raw).toString('hex')).toContain(
      `180f${Buffer.from('20500108000000Z').toString('hex')}`,
    );
  });

  it('has a fresh key and a positive, minimally encoded 16-byte serial each time', async () => {
    const certs = await Promise.all(Array.from({ length: 20 }, () => createServerCertificate()));
    const parsed = certs.map((c) => new X509Certificate(c.certPem));
    expect(new Set(parsed.map((c) => c.serialNumber)).size).toBe(certs.length);
    expect(new Set(certs.map((c) => c.keyPem)).size).toBe(certs.length);
    for (const c of parsed) {
      // INTEGER of 16 bytes whose first byte has its top bit clear and the next one set.
      expect(c.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    }
  });
});

describe('parseClientCertificate', () => {
  it('reads a PEM certificate and refuses anything else', async () => {
    const { certPem, der } = await createServerCertificate();
    expect(parseClientCertificate(certPem).der).toEqual(Buffer.from(der));
    expect(() => parseClientCertificate('not a certificate')).toThrow(
      'PLUGIN_CLIENT_CERT does not hold a PEM certificate',
    );
  });
});
