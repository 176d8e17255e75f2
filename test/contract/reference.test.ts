import { join, resolve } from 'node:path';
import {
  DEFAULT_REFERENCE,
  loadReference,
  prepareDocument,
  ReferenceMissingError,
  referencePath,
  REPO_ROOT,
  type OpenApiDocument,
} from './reference';

const doc = (schemas: Record<string, unknown>): OpenApiDocument => ({ paths: {}, components: { schemas } });

describe('prepareDocument', () => {
  test('nullable: true adds null to the type, to an enum, and wraps a typeless schema; nullable: false goes', () => {
    const source = doc({
      A: { type: 'integer', nullable: true },
      B: { type: 'string', enum: ['x', 'y'], nullable: true },
      C: { title: 'c', nullable: true, oneOf: [{ type: 'string' }, { type: 'integer' }] },
      D: { type: 'string', nullable: false },
      E: { type: 'object', properties: { nullable: { type: 'boolean' }, type: { type: 'string' } } },
    });
    const { document, adjustments } = prepareDocument(source);
    expect(document.components?.schemas).toEqual({
      A: { type: ['integer', 'null'] },
      B: { type: ['string', 'null'], enum: ['x', 'y', null] },
      C: { anyOf: [{ title: 'c', oneOf: [{ type: 'string' }, { type: 'integer' }] }, { type: 'null' }] },
      D: { type: 'string' },
      E: { type: 'object', properties: { nullable: { type: 'boolean' }, type: { type: 'string' } } },
    });
    expect(adjustments.map((a) => a.pointer)).toEqual([
      '/components/schemas/A',
      '/components/schemas/B',
      '/components/schemas/C',
    ]);
    // In memory only: the loaded document is left as it was.
    expect(source.components?.schemas).toMatchObject({ A: { type: 'integer', nullable: true } });
  });

  test('type names that are not JSON types are dropped and listed; security schemes are not schemas', () => {
    const source: OpenApiDocument = {
      paths: {},
      components: {
        schemas: { T: { type: 'object', properties: { at: { type: 'datetime' } } } },
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    };
    const { document, adjustments } = prepareDocument(source);
    expect(document.components?.schemas).toEqual({ T: { type: 'object', properties: { at: {} } } });
    expect(document.components?.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(adjustments).toEqual([
      {
        pointer: '/components/schemas/T/properties/at',
        what: 'type "datetime" is not a JSON type: left unconstrained',
      },
    ]);
  });
});

describe('where the reference is', () => {
  test('INFOMANIAK_OPENAPI wins; relative paths start at the repository root; the default sits beside it', () => {
    expect(referencePath({ INFOMANIAK_OPENAPI: '/abs/ref.json' })).toBe('/abs/ref.json');
    expect(referencePath({ INFOMANIAK_OPENAPI: 'x/ref.json' })).toBe(join(REPO_ROOT, 'x', 'ref.json'));
    expect(referencePath({})).toBe(resolve(REPO_ROOT, DEFAULT_REFERENCE));
    expect(referencePath({})).toBe(resolve(REPO_ROOT, '..', 'shared', 'api', 'infomaniak.openapi.json'));
  });

  test('a missing file says where Infomaniak publishes the reference', () => {
    const missing = join(REPO_ROOT, 'no-such-dir', 'openapi.json');
    expect(() => loadReference(missing)).toThrow(ReferenceMissingError);
    expect(() => loadReference(missing)).toThrow(
      /not at .*no-such-dir.*developer\.infomaniak\.com.*API Reference/,
    );
  });
});
