/**
 * Synth-time checks of the API rules in generated/api-rules.ts (generated from the
 * provider's wire.ts): a value refused here is refused by the provider's plan, and the
 * other way round, with a message that says what to change.
 */
import { Token } from 'cdktf';
import {
  DEVICE_LABEL_FORBIDDEN_RANGES,
  DEVICE_LABEL_MAX_LENGTH,
  MAILBOX_NAME_MAX_LENGTH,
  MAILBOX_NAME_PATTERN,
  MAILBOX_NOTE_MAX_LENGTH,
} from './generated/api-rules';

const MAILBOX_NAME = new RegExp(MAILBOX_NAME_PATTERN);

/** Characters as a person counts them (and as the provider does), not UTF-16 code units. */
export function characters(value: string): number {
  return [...value].length;
}

/** Why `name` is not a mailbox name the API takes, or undefined when it is (or is a token). */
export function mailboxNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  const length = characters(name);
  if (length >= 1 && length <= MAILBOX_NAME_MAX_LENGTH && MAILBOX_NAME.test(name)) return undefined;
  const hint = name.includes('@')
    ? ` Give the part before @ only: service.mailbox('${name.split('@')[0]}').`
    : /[A-Z]/.test(name) && MAILBOX_NAME.test(name.toLowerCase())
      ? ` Write it in lowercase: service.mailbox('${name.toLowerCase()}').`
      : name.includes('+')
        ? ' "+" separates sub-addresses and cannot be part of a mailbox name.'
        : '';
  return (
    'a mailbox name is the part of the address before @, in lowercase: letters and digits, with single ' +
    `dots or "-" / "_" between them, at most ${MAILBOX_NAME_MAX_LENGTH} characters (e.g. ` +
    `service.mailbox('contact') for contact@example.ch).${hint}`
  );
}

/** Why `label` is not a Device label the API takes. */
export function labelProblem(label: string): string | undefined {
  if (Token.isUnresolved(label)) return undefined;
  const length = characters(label);
  if (length < 1 || length > DEVICE_LABEL_MAX_LENGTH)
    return (
      `label must be 1 to ${DEVICE_LABEL_MAX_LENGTH} characters (got ${length}), e.g. "Outlook (Alice)"; it is ` +
      'how people tell devices apart in the Manager and in plans.'
    );
  const points = [...label].map((c) => c.codePointAt(0) ?? 0);
  const at = points.findIndex((n) =>
    DEVICE_LABEL_FORBIDDEN_RANGES.some(([low, high]) => n >= low && n <= high),
  );
  if (at < 0) return undefined;
  const code = points[at].toString(16).toUpperCase().padStart(4, '0');
  return (
    `label must not contain control characters: found U+${code} at character ${at + 1} (a line break, a ` +
    'tab, NUL or another control code). A label is one line, shown in the Manager and in plans: remove it, ' +
    'or put a space instead.'
  );
}

/** Why `note` is not an address note the API takes. */
export function noteProblem(note: string): string | undefined {
  if (Token.isUnresolved(note)) return undefined;
  const length = characters(note);
  if (length <= MAILBOX_NOTE_MAX_LENGTH) return undefined;
  return `note must be at most ${MAILBOX_NOTE_MAX_LENGTH} characters (got ${length}); shorten it.`;
}

/** `"a", "b" or "c"`, for messages. */
export function choices(values: readonly string[]): string {
  const quoted = values.map((v) => `"${v}"`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
