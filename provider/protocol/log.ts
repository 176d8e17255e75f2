/**
 * Logging in the form go-plugin's client understands: one JSON object per line
 * on stderr, with "@level", "@message", "@timestamp" (exactly microsecond
 * precision, or go-plugin rejects the line and shows it raw at debug level)
 * and "@module"; every other key becomes a field of terraform's log line.
 * With TF_LOG=debug (or TF_LOG_PROVIDER) terraform shows them with their level.
 *
 * Secrets: any string passed to registerSecret() is replaced by "(sensitive)"
 * in the message and in every field, before the line is serialised, so no
 * escaping or formatting can smuggle it past the filter.
 */
import { format } from 'node:util';
import { redact } from './redaction';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogLevelSetting = LogLevel | 'off';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Cheap check before building expensive fields. */
  enabled(level: LogLevel): boolean;
  /** A logger whose lines carry "@module": "<parent>.<name>". */
  named(name: string): Logger;
  /** A logger that adds these fields to every line. */
  with(fields: LogFields): Logger;
}

const RANK: Record<LogLevelSetting, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };

// ------------------------------------------------------------------ secrets

export { clearSecretsForTesting, redact, REDACTED, registerSecret } from './redaction';

/** A JSON-safe, redacted copy of a field value. */
function safeField(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return redact(value);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      return redact(String(value));
  }
  if (depth > 8) return '(nested too deep)';
  if (value instanceof Error) return redact(`${value.name}: ${value.message}`);
  if (value instanceof Uint8Array) return `(${value.byteLength} bytes)`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => safeField(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(out, redact(k), { value: safeField(v, depth + 1), enumerable: true });
  }
  return out;
}

// ------------------------------------------------------------------ levels

function parseLevel(text: string | undefined): LogLevelSetting | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const t = text.trim().toLowerCase();
  if (t in RANK) return t as LogLevelSetting;
  // terraform treats TF_LOG=json, and any value it does not know, as trace.
  return 'trace';
}

/**
 * The level terraform's settings ask for: TF_LOG_PROVIDER_<NAME>, then
 * TF_LOG_PROVIDER, then TF_LOG. Without any, only errors are written (terraform
 * discards provider output unless logging is on, so this costs nothing there
 * and helps when the provider is run by hand).
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv, providerName?: string): LogLevelSetting {
  const specific = providerName
    ? env[`TF_LOG_PROVIDER_${providerName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`]
    : undefined;
  return parseLevel(specific) ?? parseLevel(env.TF_LOG_PROVIDER) ?? parseLevel(env.TF_LOG) ?? 'error';
}

// ------------------------------------------------------------------ lines

/** go-plugin parses "2006-01-02T15:04:05.000000Z07:00": six fractional digits, exactly. */
export function hclogTimestamp(date: Date): string {
  const iso = date.toISOString(); // 2024-01-02T03:04:05.123Z
  return `${iso.slice(0, 23)}000Z`;
}

export interface LoggerOptions {
  readonly level?: LogLevelSetting;
  /** Where finished lines go (without trailing newline handling: each call gets one full line). */
  readonly write?: (line: string) => void;
  readonly module?: string;
  readonly fields?: LogFields;
  readonly now?: () => Date;
}

const RESERVED = new Set(['@level', '@message', '@timestamp', '@module']);

class JsonLineLogger implements Logger {
  constructor(
    private readonly rank: number,
    private readonly write: (line: string) => void,
    private readonly module: string,
    private readonly base: LogFields,
    private readonly now: () => Date,
  ) {}

  enabled(level: LogLevel): boolean {
    return RANK[level] >= this.rank;
  }
  trace(message: string, fields?: LogFields): void {
    this.log('trace', message, fields);
  }
  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }
  named(name: string): Logger {
    return new JsonLineLogger(
      this.rank,
      this.write,
      this.module ? `${this.module}.${name}` : name,
      this.base,
      this.now,
    );
  }
  with(fields: LogFields): Logger {
    return new JsonLineLogger(this.rank, this.write, this.module, { ...this.base, ...fields }, this.now);
  }

  private log(level: LogLevel, message: string, fields?: LogFields): void {
    if (RANK[level] < this.rank) return;
    const line: Record<string, unknown> = {
      '@level': level,
      '@message': redact(String(message)),
      '@module': this.module,
      '@timestamp': hclogTimestamp(this.now()),
    };
    for (const source of [this.base, fields ?? {}]) {
      for (const [k, v] of Object.entries(source)) {
        if (RESERVED.has(k)) continue;
        Object.defineProperty(line, redact(k), { value: safeField(v), enumerable: true, configurable: true });
      }
    }
    let text: string;
    try {
      text = JSON.stringify(line);
    } catch {
      text = JSON.stringify({
        '@level': level,
        '@message': redact(String(message)),
        '@module': this.module,
        '@timestamp': line['@timestamp'],
      });
    }
    // Belt and braces: a secret split across values cannot be rebuilt here, but
    // one that survived in an unexpected form (e.g. escaped twice) is caught.
    this.write(redact(text));
  }
}

function defaultWrite(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return new JsonLineLogger(
    RANK[opts.level ?? 'error'],
    opts.write ?? defaultWrite,
    opts.module ?? 'provider',
    opts.fields ?? {},
    opts.now ?? (() => new Date()),
  );
}

/** A logger that drops everything (tests, library use without a host). */
export const silentLogger: Logger = createLogger({ level: 'off', write: () => undefined });

/**
 * After the handshake line, stdout belongs to go-plugin: anything else written
 * there would be read as a broken handshake or ignored. This sends console
 * output and direct stdout writes to the logger instead (redacted like any log
 * line). Returns a function that undoes it.
 */
export function redirectConsoleToLogger(logger: Logger): () => void {
  const saved = {
    log: console.log,
    info: console.info,
    debug: console.debug,
    warn: console.warn,
    error: console.error,
    trace: console.trace,
    write: process.stdout.write,
  };
  const out = logger.named('console');
  console.log = (...args: unknown[]) => out.info(format(...args));
  console.info = (...args: unknown[]) => out.info(format(...args));
  console.debug = (...args: unknown[]) => out.debug(format(...args));
  console.warn = (...args: unknown[]) => out.warn(format(...args));
  console.error = (...args: unknown[]) => out.error(format(...args));
  console.trace = (...args: unknown[]) => out.trace(format(...args), { stack: new Error().stack });
  process.stdout.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    for (const line of text.split('\n')) if (line !== '') out.info(line, { stream: 'stdout' });
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as typeof process.stdout.write;
  return () => {
    Object.assign(console, {
      log: saved.log,
      info: saved.info,
      debug: saved.debug,
      warn: saved.warn,
      error: saved.error,
      trace: saved.trace,
    });
    process.stdout.write = saved.write;
  };
}
