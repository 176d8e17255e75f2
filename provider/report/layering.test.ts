/** The report reads plan JSON only: it must stay usable without the provider runtime. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

test('provider/report (tests aside) imports only its own files, zod and node built-ins', () => {
  const offending: string[] = [];
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const source = readFileSync(join(__dirname, file), 'utf8');
    for (const [, spec] of source.matchAll(/from '([^']+)'/g))
      if (!spec.startsWith('./') && spec !== 'zod' && !spec.startsWith('node:'))
        offending.push(`${file}: ${spec}`);
  }
  expect(offending).toEqual([]);
});
