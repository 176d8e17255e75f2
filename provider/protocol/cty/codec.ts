/**
 * Contract for the cty codecs (implemented in this folder).
 *
 *   decodeDynamicValue(dv, type)   msgpack (or JSON when only json is set) -> Value
 *   encodeDynamicValue(value, type) Value -> { msgpack }
 *   decodeJson(bytes, type)         terraform's JSON state encoding -> Value (UpgradeResourceState)
 *   encodeJson(value, type)         Value -> JSON bytes (no unknowns allowed)
 *
 * Errors are thrown as CtyCodecError carrying the AttributePath of the offending value.
 */
export {};
