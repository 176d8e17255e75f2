/**
 * How one attribute of the schema appears in the bindings: its input type, the cdktf
 * mapper that synthesizes it, and the getter that reads it as a token.
 */
import type { Attribute } from '../provider/framework';
import { pascal } from './bindings-names';

export function isInput(a: Attribute): boolean {
  return a.required || a.optional;
}

function tsPrimitive(kind: string): string {
  return kind === 'string' ? 'string' : kind === 'number' ? 'number' : 'boolean | cdktf.IResolvable';
}

export function inputType(a: Attribute): string {
  const shape = a.shape;
  if (shape.kind === 'primitive') return tsPrimitive(shape.primitive);
  if (shape.kind === 'collection') {
    const element = shape.element === 'bool' ? 'boolean | cdktf.IResolvable' : shape.element;
    return shape.collection === 'map'
      ? `{ [key: string]: ${element} }`
      : `${element === 'string' || element === 'number' ? element : `(${element})`}[]`;
  }
  throw new Error('nested input attributes are not supported');
}

function primitiveMapper(kind: string, hcl: boolean): string {
  return `cdktf.${kind === 'bool' ? 'boolean' : kind}To${hcl ? 'Hcl' : ''}Terraform`;
}

export function mapper(a: Attribute, hcl: boolean): string {
  const shape = a.shape;
  if (shape.kind === 'primitive') return primitiveMapper(shape.primitive, hcl);
  if (shape.kind === 'collection') {
    const element = primitiveMapper(shape.element, hcl);
    return shape.collection === 'map'
      ? `cdktf.hashMapper${hcl ? 'Hcl' : ''}(${element})`
      : `cdktf.listMapper${hcl ? 'Hcl' : ''}(${element}, false)`;
  }
  throw new Error('nested input attributes are not supported');
}

export function hclType(a: Attribute): { type: string; storage: string } {
  const shape = a.shape;
  const storage = (p: string) => (p === 'bool' ? 'boolean' : p);
  if (shape.kind === 'primitive') return { type: 'simple', storage: storage(shape.primitive) };
  if (shape.kind === 'collection')
    return {
      type: shape.collection,
      storage: `${storage(shape.element)}${shape.collection === 'map' ? 'Map' : 'List'}`,
    };
  throw new Error('nested input attributes are not supported');
}

/** The token-returning read of an attribute, like the prebuilt bindings. */
export function getter(a: Attribute, name: string, self: string): string {
  const n = JSON.stringify(name);
  const shape = a.shape;
  if (shape.kind === 'primitive')
    return `${self}.get${shape.primitive === 'bool' ? 'Boolean' : pascal(shape.primitive)}Attribute(${n})`;
  if (shape.kind === 'collection') {
    const set = shape.collection === 'set';
    if (shape.collection === 'map')
      return `${self}.get${shape.element === 'bool' ? 'Boolean' : pascal(shape.element)}MapAttribute(${n})`;
    // Sets are read through tolist() so that elements can be indexed.
    if (shape.element === 'number')
      return set
        ? `cdktf.Token.asNumberList(cdktf.Fn.tolist(${self}.getNumberListAttribute(${n})))`
        : `${self}.getNumberListAttribute(${n})`;
    if (shape.element === 'string')
      return set ? `cdktf.Fn.tolist(${self}.getListAttribute(${n}))` : `${self}.getListAttribute(${n})`;
    return `${self}.interpolationForAttribute(${n})`;
  }
  return `${self}.interpolationForAttribute(${n})`;
}

export function descriptionLines(a: Attribute): string[] {
  return (a.description ?? '').split('\n');
}
