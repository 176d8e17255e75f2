export { writeLocalMirror, qualifySource, cliConfigText, shellQuote, DEFAULT_HOSTNAME } from './local-mirror';
export type { Launcher, LocalMirror, LocalMirrorOptions } from './local-mirror';
export { terraformPlatform } from './platform';
