/**
 * Finds the reference's path template for a concrete request path. OpenAPI matches literal
 * paths before templated ones; between two templates the one whose first differing segment
 * is literal wins (`/1/mail_hostings/accesses/devices/{device}` before
 * `/1/mail_hostings/{service_mail}/...` when both would match).
 */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface RouteMatch {
  readonly template: string;
  /** Decoded path parameter values by name. */
  readonly params: Readonly<Record<string, string>>;
}

interface CompiledTemplate {
  readonly template: string;
  readonly segments: readonly Segment[];
}

type Segment = { readonly literal: string } | { readonly pattern: RegExp; readonly names: readonly string[] };

export class RouteTable {
  private readonly templates: CompiledTemplate[];

  constructor(templates: Iterable<string>) {
    this.templates = [...templates].map((template) => ({
      template,
      segments: template.split('/').map(compileSegment),
    }));
  }

  /** The best matching template for `path` (no query string), or undefined. */
  match(path: string): RouteMatch | undefined {
    const parts = path.split('/');
    let best: { match: RouteMatch; rank: boolean[] } | undefined;
    for (const t of this.templates) {
      if (t.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const rank: boolean[] = [];
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = t.segments[i];
        if ('literal' in seg) {
          ok = seg.literal === parts[i];
          rank.push(true);
          continue;
        }
        const m = seg.pattern.exec(parts[i]);
        if (!m) ok = false;
        else seg.names.forEach((name, j) => (params[name] = safeDecode(m[j + 1])));
        rank.push(false);
      }
      if (ok && (!best || outranks(rank, best.rank)))
        best = { match: { template: t.template, params }, rank };
    }
    return best?.match;
  }
}

function compileSegment(segment: string): Segment {
  if (!segment.includes('{')) return { literal: segment };
  const names: string[] = [];
  const source = segment
    .split(/(\{[^}]+\})/)
    .map((piece) => {
      const name = /^\{([^}]+)\}$/.exec(piece)?.[1];
      if (name === undefined) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

function outranks(a: boolean[], b: boolean[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i];
  return false;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
