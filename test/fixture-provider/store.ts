/**
 * The fixture's "remote API": notes kept in one JSON file in a directory given by the
 * provider configuration, so tests can change it behind terraform's back.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoredNote {
  id: string;
  title: string;
  body: string;
  folder: string;
  tags: Record<string, string> | null;
  meta: { color: string | null; priority: number | null } | null;
  links: { url: string; label: string }[] | null;
  secret: string;
  password_hash: string | null;
  created_at: string;
  revision: number;
}

interface NotesFile {
  notes: Record<string, StoredNote>;
}

export const NOTES_FILE = 'notes.json';

export class NoteStore {
  private cache: { key: string; data: NotesFile } | undefined;

  constructor(readonly dir: string) {}

  get file(): string {
    return join(this.dir, NOTES_FILE);
  }

  get(id: string): StoredNote | undefined {
    return this.load().notes[id];
  }

  list(): StoredNote[] {
    return Object.values(this.load().notes);
  }

  put(note: StoredNote): void {
    const data = this.load();
    data.notes[note.id] = note;
    this.save(data);
  }

  remove(id: string): boolean {
    const data = this.load();
    if (!(id in data.notes)) return false;
    delete data.notes[id];
    this.save(data);
    return true;
  }

  newId(): string {
    return `note-${randomBytes(6).toString('hex')}`;
  }

  // Reads and writes are synchronous: terraform applies resources concurrently in one
  // process, and no await between load and save keeps each update atomic.
  private load(): NotesFile {
    if (!existsSync(this.file)) return { notes: {} };
    const st = statSync(this.file);
    const key = `${st.mtimeMs}:${st.size}`;
    if (this.cache?.key !== key)
      this.cache = { key, data: JSON.parse(readFileSync(this.file, 'utf8')) as NotesFile };
    return this.cache.data;
  }

  private save(data: NotesFile): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2));
    renameSync(tmp, this.file);
    const st = statSync(this.file);
    this.cache = { key: `${st.mtimeMs}:${st.size}`, data };
  }
}
