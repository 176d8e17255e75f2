/**
 * Telling a sealed value from any other string, without loading a cryptography library:
 * the decrypt command asks this of every string in a `terraform output -json`.
 */
import type { RecipientKind } from './recipients';

// One armored block and nothing else; "(?!-----)" keeps two blocks from reading as one.
const BLOCKS: readonly (readonly [RecipientKind, RegExp])[] = [
  ['age', armoredBlock('AGE ENCRYPTED FILE')],
  ['openpgp', armoredBlock('PGP MESSAGE')],
];

function armoredBlock(label: string): RegExp {
  return new RegExp(`^-----BEGIN ${label}-----\\r?\\n(?:(?!-----)[\\s\\S])*\\r?\\n-----END ${label}-----$`);
}

/** The format of a sealed value, or undefined when the text is not one. */
export function sealedKind(text: string): RecipientKind | undefined {
  const trimmed = text.trim();
  return BLOCKS.find(([, block]) => block.test(trimmed))?.[0];
}

/** True for text that is an age-armored or OpenPGP-armored message (surrounding whitespace allowed). */
export function isSealed(text: string): boolean {
  return sealedKind(text) !== undefined;
}
