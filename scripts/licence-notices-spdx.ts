/**
 * Which licences a package bundled into the executable may have, judged on the SPDX
 * expression of its package.json `license`. The executable is MPL-2.0 and ships as one
 * file, so a bundled package must allow redistribution inside it without imposing its
 * own terms on the whole.
 */

/**
 * Redistributable inside the executable with their notice and text; nothing more asked.
 * MPL-2.0 is the project's own licence (its file-level copyleft is already honoured).
 */
export const PERMISSIVE_LICENCES: readonly string[] = [
  '0BSD',
  'Apache-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'CC0-1.0',
  'ISC',
  'MIT',
  'MIT-0',
  'MPL-2.0',
  'Python-2.0',
  'Unlicense',
  'Zlib',
];

/**
 * Weak copyleft: allowed in the executable only with what the GNU LGPL version 3, section 4
 * (Combined Works), asks of it, which the notices provide (scripts/licence-notices.ts):
 * a prominent notice that the library is used and is under the LGPL, the LGPL's text and
 * the GNU GPL's it incorporates, the library's copyright notices, and the means to run the
 * executable with a modified library: section 4(d)(0), the application's own source and
 * build (this repository, MPL-2.0) plus a pointer to the library's source at the bundled
 * version. A library without a pointer to its source is refused. The executable is not a
 * "User Product", so section 4(e) (installation information) does not apply.
 *
 * The GPL, AGPL and SSPL are not here, nor the LGPL 2.x, whose conditions differ: a
 * package under one of them stays out of the bundle.
 */
export const WEAK_COPYLEFT_LICENCES: readonly string[] = ['LGPL-3.0-only', 'LGPL-3.0-or-later'];

export type Verdict = 'permissive' | 'weak-copyleft' | 'rejected';

export interface Judgement {
  readonly verdict: Verdict;
  /** The licences the package is used under (one side of an OR, every side of an AND). */
  readonly used: readonly string[];
  /** The licences that made the expression fail, when it does. */
  readonly refused: readonly string[];
}

const RANK: Record<Verdict, number> = { rejected: 0, 'weak-copyleft': 1, permissive: 2 };

const canonical = new Map(
  [...PERMISSIVE_LICENCES, ...WEAK_COPYLEFT_LICENCES].map((id) => [id.toLowerCase(), id]),
);

/**
 * An SPDX id as the lists spell it. Ids compare case-insensitively; the deprecated `X+`
 * means X or any later version and bare `LGPL-3.0` means `-only`.
 */
function normalise(id: string): string {
  const lower = id.toLowerCase();
  const known = canonical.get(lower);
  if (known) return known;
  if (lower.endsWith('+')) {
    const base = lower.slice(0, -1);
    return canonical.get(`${base}-or-later`) ?? canonical.get(base) ?? id;
  }
  return canonical.get(`${lower}-only`) ?? id;
}

function judgeId(id: string): Judgement {
  const norm = normalise(id);
  if (PERMISSIVE_LICENCES.includes(norm)) return { verdict: 'permissive', used: [norm], refused: [] };
  if (WEAK_COPYLEFT_LICENCES.includes(norm)) return { verdict: 'weak-copyleft', used: [norm], refused: [] };
  return { verdict: 'rejected', used: [], refused: [id] };
}

/** Thrown when `license` is not an SPDX expression at all ("SEE LICENSE IN ...", a typo). */
export class NotSpdxError extends Error {}

/**
 * Judges an SPDX expression: `A OR B` is allowed when either side is (the best side is
 * used), `A AND B` only when both are, and `A WITH exception` as A (an exception only
 * adds permissions). Precedence as SPDX defines it: WITH, then AND, then OR.
 */
export function judgeLicence(expression: string): Judgement {
  const tokens = expression.replace(/[()]/g, ' $& ').trim().split(/\s+/).filter(Boolean);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const isOp = (t: string | undefined, op: string) => t !== undefined && t.toUpperCase() === op;
  const fail = (why: string): never => {
    throw new NotSpdxError(`"${expression}" is not an SPDX licence expression (${why})`);
  };

  const atom = (): Judgement => {
    const t = peek();
    if (t === undefined) return fail('it ends too early');
    pos++;
    if (t === '(') {
      const inner = anyOf();
      if (peek() !== ')') fail('a parenthesis is not closed');
      pos++;
      return inner;
    }
    if (t === ')' || ['AND', 'OR', 'WITH'].includes(t.toUpperCase()))
      fail(`"${t}" where a licence id belongs`);
    if (!/^[A-Za-z0-9.+-]+$|^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(t))
      fail(`"${t}" is not a licence id`);
    const judged = judgeId(t);
    if (!isOp(peek(), 'WITH')) return judged;
    pos++;
    const exception = peek();
    if (exception === undefined || exception === '(' || exception === ')')
      return fail('WITH needs an exception id');
    pos++;
    return { ...judged, used: judged.used.map((u) => `${u} WITH ${exception}`) };
  };

  const allOf = (): Judgement => {
    let left = atom();
    while (isOp(peek(), 'AND')) {
      pos++;
      const right = atom();
      left = {
        verdict: RANK[left.verdict] <= RANK[right.verdict] ? left.verdict : right.verdict,
        used: [...left.used, ...right.used],
        refused: [...left.refused, ...right.refused],
      };
    }
    return left;
  };

  const anyOf = (): Judgement => {
    let left = allOf();
    while (isOp(peek(), 'OR')) {
      pos++;
      const right = allOf();
      if (RANK[right.verdict] > RANK[left.verdict]) left = right;
      else if (left.verdict === 'rejected' && right.verdict === 'rejected')
        left = { ...left, refused: [...left.refused, ...right.refused] };
    }
    return left;
  };

  if (tokens.length === 0) fail('it is empty');
  const result = anyOf();
  if (pos < tokens.length) fail(`"${tokens[pos]}" where AND, OR or the end belongs`);
  return result;
}
