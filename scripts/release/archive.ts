/**
 * The release zip: Unix modes kept (the executable 0755, so terraform can run it as it
 * unpacks it) and one fixed modification time, so the same files make the same zip.
 */
import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** Unix permission bits, e.g. 0o755. */
  readonly mode: number;
}

/** "Made by" Unix in the central directory: the upper 16 bits of the attributes are st_mode. */
const UNIX = 3;
const REGULAR_FILE = 0o100000;

export function zipEntries(entries: readonly ZipEntry[], mtime: Date): Uint8Array {
  const files: Zippable = {};
  for (const e of entries) {
    if (e.name in files) throw new Error(`${e.name} is twice in the zip`);
    files[e.name] = [e.data, { os: UNIX, attrs: ((REGULAR_FILE | e.mode) << 16) >>> 0, mtime, level: 6 }];
  }
  return zipSync(files);
}

/**
 * The entries' modification time: SOURCE_DATE_EPOCH (seconds) when set, as reproducible
 * builds expect, else the zip format's earliest, 1980-01-01. Zip times carry no zone and
 * fflate writes the Date's local fields, so the Date returned has the UTC time in them.
 */
export function releaseMtime(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date(1980, 0, 1);
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be a number of seconds, got "${epoch}"`);
  const utc = new Date(Number(epoch) * 1000);
  if (utc.getUTCFullYear() < 1980) return new Date(1980, 0, 1);
  return new Date(
    utc.getUTCFullYear(),
    utc.getUTCMonth(),
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds(),
  );
}
