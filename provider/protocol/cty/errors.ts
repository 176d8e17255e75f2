import type { AttributePath } from '../server';
import { formatPath } from './path';

/**
 * A value did not match its type while encoding or decoding. Messages describe
 * kinds ("expected a number"), never the offending value: values may be secrets.
 */
export class CtyCodecError extends Error {
  constructor(
    /** What went wrong, without the path. */
    readonly reason: string,
    /** Where, from the root of the value being coded. */
    readonly path: AttributePath = [],
  ) {
    super(path.length > 0 ? `${formatPath(path)}: ${reason}` : reason);
    this.name = 'CtyCodecError';
  }
}
