/** A JSDoc block of these lines, as the generated files write them (a `*\/` inside is escaped). */
export function doc(lines: readonly string[]): string {
  const body = lines.map((l) => ` * ${l.replace(/\*\//g, '*\\/')}`.trimEnd());
  return ['/**', ...body, ' */'].join('\n');
}
