import { isSealed, sealedKind } from './armor';

const AGE =
  '-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n-----END AGE ENCRYPTED FILE-----\n';
const PGP =
  '-----BEGIN PGP MESSAGE-----\nComment: a-header\n\nwV4DAAAAAAAAAAASAQdA\n=abcd\n-----END PGP MESSAGE-----\n';

describe('isSealed', () => {
  it('knows an age-armored file and an armored OpenPGP message, with surrounding whitespace', () => {
    expect(sealedKind(AGE)).toBe('age');
    expect(sealedKind(PGP)).toBe('openpgp');
    expect(isSealed(`\n  ${AGE.replace(/\n/g, '\r\n')}  \n`)).toBe(true);
    expect(isSealed(`\t${PGP}`)).toBe(true);
  });

  it('is false for anything else', () => {
    for (const text of [
      '',
      'hunter2',
      'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
      `password: ${AGE}`,
      `${PGP}and more`,
      AGE.replace('-----END AGE ENCRYPTED FILE-----', ''),
      PGP.replace('MESSAGE-----\n', 'PUBLIC KEY BLOCK-----\n'),
      '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ\n-----END PGP PUBLIC KEY BLOCK-----',
      `${AGE}${AGE}`,
      `${PGP}${PGP}`,
    ])
      expect(isSealed(text)).toBe(false);
  });
});
