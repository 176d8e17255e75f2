/** Read and open results must be wholly known: terraform cannot store or use an unknown. */
import type { CtyType } from '../../protocol/cty/type';
import type { Value } from '../../protocol/cty/value';
import type { Diagnostics } from '../diagnostics';
import { describePath } from '../path';
import { unknownPaths, unknownsToNull } from '../values';

/** Reports every unknown in a result (naming its attribute) and returns the value with them nulled. */
export function rejectUnknowns(
  typeName: string,
  operation: 'read' | 'open',
  value: Value,
  type: CtyType,
  diagnostics: Diagnostics,
): Value {
  const paths = unknownPaths(value, type);
  for (const path of paths)
    diagnostics.error(
      `${typeName}: "${describePath(path)}" is unknown after ${operation}`,
      `Every value returned by ${operation} must be known. This is a bug in the provider.`,
      path,
    );
  return paths.length > 0 ? unknownsToNull(value, type) : value;
}
