/**
 * A strict JSON reader that keeps number literals as text. JSON.parse would
 * round every number to float64, and cty numbers are arbitrary precision; Node
 * 20 has no way to see a number's source text through JSON.parse.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
}
export type JsonTree = null | boolean | string | JsonNumber | JsonTree[] | Map<string, JsonTree>;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 1000;

export function parseJsonText(text: string): JsonTree {
  let pos = 0;

  const fail = (what: string): never => {
    throw new JsonSyntaxError(what, pos);
  };
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };
  const readString = (): string => {
    // pos is at the opening quote. Find the closing quote, then let JSON.parse
    // handle escapes: it is exact for strings.
    const start = pos;
    pos++;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) fail('unterminated string');
      if (c === 0x22) break;
      if (c === 0x5c) pos++;
      else if (c < 0x20) fail('control character in string');
      pos++;
    }
    pos++;
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail('invalid string escape');
    }
  };
  const readValue = (depth: number): JsonTree => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skipSpace();
    const c = text[pos];
    switch (c) {
      case '{': {
        pos++;
        const out = new Map<string, JsonTree>();
        skipSpace();
        if (text[pos] === '}') {
          pos++;
          return out;
        }
        for (;;) {
          skipSpace();
          if (text[pos] !== '"') fail('expected a property name');
          const key = readString();
          if (out.has(key)) fail('duplicate property name');
          skipSpace();
          if (text[pos] !== ':') fail("expected ':'");
          pos++;
          out.set(key, readValue(depth + 1));
          skipSpace();
          if (text[pos] === ',') {
            pos++;
            continue;
          }
          if (text[pos] === '}') {
            pos++;
            return out;
          }
          fail("expected ',' or '}'");
        }
      }
      case '[': {
        pos++;
        const out: JsonTree[] = [];
        skipSpace();
        if (text[pos] === ']') {
          pos++;
          return out;
        }
        for (;;) {
          out.push(readValue(depth + 1));
          skipSpace();
          if (text[pos] === ',') {
            pos++;
            continue;
          }
          if (text[pos] === ']') {
            pos++;
            return out;
          }
          fail("expected ',' or ']'");
        }
      }
      case '"':
        return readString();
      case 't':
        if (text.startsWith('true', pos)) {
          pos += 4;
          return true;
        }
        break;
      case 'f':
        if (text.startsWith('false', pos)) {
          pos += 5;
          return false;
        }
        break;
      case 'n':
        if (text.startsWith('null', pos)) {
          pos += 4;
          return null;
        }
        break;
      default: {
        NUMBER.lastIndex = pos;
        const m = NUMBER.exec(text);
        if (m) {
          pos += m[0].length;
          return new JsonNumber(m[0]);
        }
      }
    }
    return fail('unexpected character');
  };

  const tree = readValue(0);
  skipSpace();
  if (pos !== text.length) fail('unexpected data after the value');
  return tree;
}
