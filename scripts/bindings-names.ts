/** How schema names become TypeScript names in the bindings: folders, classes, members. */

/** Members of the cdktf base classes a generated property must not shadow. */
const RESERVED = new Set([
  'node',
  'count',
  'provider',
  'lifecycle',
  'dependsOn',
  'forEach',
  'connection',
  'provisioners',
  'fqn',
  'friendlyUniqueId',
  'terraformResourceType',
  'terraformGeneratorMetadata',
  'terraformMetaArguments',
  'rawOverrides',
  'cdktfStack',
]);

export function member(name: string): string {
  const prop = camel(name);
  return RESERVED.has(prop) ? `${prop}Attribute` : prop;
}

export function camel(name: string): string {
  return name.replace(/[_-]([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function pascal(name: string): string {
  const c = camel(name);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

export function kebab(name: string): string {
  return name.replace(/_/g, '-');
}
