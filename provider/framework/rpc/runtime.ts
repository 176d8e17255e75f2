/**
 * One schema, compiled once: its cty type and protocol schema, and the only place where
 * values cross between the wire, the cty value model and the plain models resource code
 * sees. Every crossing registers the schema's sensitive and write-only strings with the
 * log redaction, so an RPC cannot forget to (it never calls the codecs itself).
 */
import { decodeDynamicValue, decodeJsonValue, encodeDynamicValue } from '../../protocol/cty/codec';
import type { CtyType } from '../../protocol/cty/type';
import type { Value } from '../../protocol/cty/value';
import type { DynamicValue, Schema } from '../../protocol/server';
import type { Attributes } from '../attributes';
import { nullWriteOnly } from '../plan';
import { checkSchema, schemaType, toProtocolSchema, type SchemaDefinition, type SchemaKind } from '../schema';
import { registerSecrets, type SecretSink } from '../secrets';
import { fromModel, isObjectValue, toObjectModel, unknownsToNull } from '../values';

/**
 * A model as the type-erased definitions take it: each definition was type-checked
 * against its own schema where it was written; here the schema's cty type vouches for
 * the shape.
 */
export type ErasedModel = { [attribute: string]: unknown };

/** A decoded value and its model, converted once and only when asked for. */
export class Decoded {
  private converted: ErasedModel | null | undefined;
  constructor(readonly value: Value) {}

  /** null when the value is null (no object: creating, destroying, or gone). */
  get model(): ErasedModel | null {
    if (this.converted === undefined)
      this.converted = isObjectValue(this.value) ? toObjectModel(this.value) : null;
    return this.converted;
  }
}

export class SchemaRuntime<D> {
  readonly attributes: Attributes;
  readonly type: CtyType;
  readonly schema: Schema;
  readonly version: number;

  constructor(
    readonly typeName: string,
    readonly kind: SchemaKind,
    readonly def: D,
    definition: SchemaDefinition,
    private readonly secrets: SecretSink,
  ) {
    checkSchema(typeName, kind, definition);
    this.attributes = definition.attributes;
    this.type = schemaType(definition);
    this.schema = toProtocolSchema(definition);
    this.version = definition.version ?? 0;
  }

  /** Wire → value and model. */
  decode(encoded: DynamicValue): Decoded {
    return this.decoded(decodeDynamicValue(encoded, this.type));
  }

  /** Stored JSON state (UpgradeResourceState) → value and model. */
  decodeStoredJson(json: Uint8Array): Decoded {
    // Same schema version: tolerate attributes removed since (terraform keeps them until we drop them).
    return this.decoded(decodeJsonValue(json, this.type, { ignoreUndefinedAttributes: true }));
  }

  /**
   * A model returned by resource code → value (throws ModelShapeError when it does not
   * fit). Its secrets are registered when it is encoded, before it can reach a log.
   */
  fromModel(model: unknown): Value {
    return fromModel(model, this.type);
  }

  /** The model of a value the framework made (a plan): the definition sees it as it sees decoded ones. */
  modelOf(value: Value): ErasedModel {
    return new Decoded(value).model ?? {};
  }

  /** Value → wire. */
  encode(value: Value): DynamicValue {
    registerSecrets(this.attributes, value, this.secrets);
    return encodeDynamicValue(value, this.type);
  }

  /** The null of this schema's type: what terraform expects for "no object". */
  encodeNull(): DynamicValue {
    return encodeDynamicValue(null, this.type);
  }

  /** Write-only attributes are never stored. */
  withoutWriteOnly(value: Value): Value {
    return nullWriteOnly(this.attributes, value);
  }

  /** What terraform stores for an object just read from outside (import, upgrade): no unknowns, no write-only. */
  storable(value: Value): Value {
    return unknownsToNull(this.withoutWriteOnly(value), this.type);
  }

  private decoded(value: Value): Decoded {
    registerSecrets(this.attributes, value, this.secrets);
    return new Decoded(value);
  }
}
