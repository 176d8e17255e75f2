/**
 * The generic Terraform plugin protocol layer: serve a ProviderServer to
 * terraform over go-plugin/gRPC/mTLS, and encode/decode cty values. Nothing
 * here knows about mail or about the framework built on top.
 */
export * from './server';

// cty
export * from './cty/type';
export * from './cty/value';
export { CtyCodecError } from './cty/errors';
export { decodeDynamicValue, encodeDynamicValue, decodeJsonValue, encodeJsonValue } from './cty/codec';
export type { JsonDecodeOptions } from './cty/codec';
export { decodeMsgpack, encodeMsgpack, UNKNOWN_EXTENSION, REFINED_UNKNOWN_EXTENSION } from './cty/msgpack';
export { decodeJson, encodeJson } from './cty/json';
export { valueEquals, valueKey, isWhollyKnown, dedupeSetElements } from './cty/equals';
export { formatPath, appendPath, attributeStep, keyStep, indexStep } from './cty/path';
export { parseCtyType, parseCtyTypeJson, ctyTypeToJson, ctyTypeEquals, impliedType } from './cty/type-ops';
export { numberFromText, numbersEqual, numberToText, toJsNumber } from './cty/number';

// serving
export { serve, runProvider } from './serve';
export type { ServeOptions, RunProviderOptions } from './serve';
export {
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  PLUGIN_PROTOCOL_VERSION,
  HandshakeError,
  isLaunchedByTerraform,
  notLaunchedByTerraformMessage,
  negotiateProtocolVersion,
  formatHandshakeLine,
} from './handshake';
export { StopRequestedError } from './calls';
export { guardEarlyInterrupts } from './interrupt-guard';
export { unsupportedDiagnostic, internalErrorDiagnostic } from './provider-service';

// logging
export {
  createLogger,
  logLevelFromEnv,
  registerSecret,
  redact,
  silentLogger,
  REDACTED,
  hclogTimestamp,
} from './log';
export type { Logger, LogLevel, LogLevelSetting, LogFields, LoggerOptions } from './log';
