/** The fixture provider under test: build it and give tests a ready workspace. */
import { join } from 'node:path';
import { buildFixtureProvider } from './fixture-build';
import { TerraformWorkspace } from './terraform';

export const NOTE_SOURCE = 'fixtures/note';
export const NOTE_VERSION = '0.1.0';

/** A workspace whose provider `note` stores its notes in `<root>/notes`. */
export async function noteWorkspace(): Promise<TerraformWorkspace & { readonly notesDir: string }> {
  const build = await buildFixtureProvider();
  const ws = await TerraformWorkspace.create(
    { source: NOTE_SOURCE, version: NOTE_VERSION, script: build.main },
    'tf-note-',
  );
  return Object.assign(ws, { notesDir: join(ws.root, 'notes') });
}

export function providerBlock(notesDir: string): string {
  return `terraform {
  required_providers {
    note = { source = "${NOTE_SOURCE}", version = "${NOTE_VERSION}" }
  }
}

provider "note" {
  dir = ${JSON.stringify(notesDir)}
}
`;
}
