/**
 * The classes of a computed nested attribute: an `...OutputReference` per element and,
 * for lists and sets, a `...List` around them. Configurable nested attributes are not
 * supported yet: the generator stops on them (see bindings-block.ts).
 */
import type { Attribute } from '../provider/framework';
import { descriptionLines, getter } from './bindings-attribute';
import { member, pascal } from './bindings-names';
import { doc } from './doc-comment';

/** The `...OutputReference` (and `...List`) classes of a computed nested attribute. */
export function renderNested(cls: string, a: Attribute): string[] {
  if (a.shape.kind !== 'nested') return [];
  const nesting = a.shape.nesting;
  if (nesting === 'map')
    throw new Error(`${cls}: map-nested attributes are not supported by the bindings generator yet.`);
  const inner = a.shape.attributes;
  const lines: string[] = [];
  for (const name of Object.keys(inner).sort())
    if (inner[name].shape.kind === 'nested') lines.push(...renderNested(cls + pascal(name), inner[name]));
  lines.push(doc([`One element of \`${cls}\`: each getter is a token for that element's attribute.`]));
  lines.push(`export class ${cls}OutputReference extends cdktf.ComplexObject {`);
  if (nesting === 'single')
    lines.push(
      doc(['@param terraformResource the parent resource', '@param terraformAttribute the attribute name']),
      'public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {',
      'super(terraformResource, terraformAttribute, false);',
      '}',
      '',
    );
  else
    lines.push(
      doc([
        '@param terraformResource the parent resource',
        '@param terraformAttribute the attribute name',
        '@param complexObjectIndex the index of this element',
        '@param complexObjectIsFromSet whether the list wraps a set (read through tolist())',
      ]),
      'public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, complexObjectIndex: number, complexObjectIsFromSet: boolean) {',
      'super(terraformResource, terraformAttribute, complexObjectIsFromSet, complexObjectIndex);',
      '}',
      '',
    );
  for (const name of Object.keys(inner).sort()) {
    const attribute = inner[name];
    lines.push(doc(descriptionLines(attribute)));
    if (attribute.shape.kind === 'nested') {
      const child = cls + pascal(name);
      const value =
        attribute.shape.nesting === 'single'
          ? `new ${child}OutputReference(this, ${JSON.stringify(name)})`
          : `new ${child}List(this, ${JSON.stringify(name)}, ${attribute.shape.nesting === 'set'})`;
      lines.push(`public get ${member(name)}() {`, `return ${value};`, '}', '');
    } else
      lines.push(`public get ${member(name)}() {`, `return ${getter(attribute, name, 'this')};`, '}', '');
  }
  lines.push('}', '');
  if (nesting !== 'single')
    lines.push(
      doc([`The list of \`${cls}\` elements; \`get(i)\` gives one element's attributes as tokens.`]),
      `export class ${cls}List extends cdktf.ComplexList {`,
      doc([
        '@param terraformResource the parent resource',
        '@param terraformAttribute the attribute name',
        '@param wrapsSet whether the list wraps a set (read through tolist())',
      ]),
      'public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string, wrapsSet: boolean) {',
      'super(terraformResource, terraformAttribute, wrapsSet);',
      '}',
      '',
      doc(['@param index the index of the element to return']),
      `public get(index: number): ${cls}OutputReference {`,
      `return new ${cls}OutputReference(this.terraformResource, this.terraformAttribute, index, this.wrapsSet);`,
      '}',
      '}',
      '',
    );
  return lines;
}
