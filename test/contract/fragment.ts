/**
 * A tiny OpenAPI 3.1 document written for the validator's unit tests (not taken from
 * Infomaniak's reference): it has the same habits as the reference — `$ref` into
 * components, `nullable: true`, invented formats, a `$ref` parameter with a local override,
 * error responses whose code enum is not exhaustive.
 */
import type { OpenApiDocument } from './reference';

export function fragment(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    paths: {
      '/1/shelves/{shelf}/books': {
        get: {
          parameters: [
            { name: 'shelf', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'genre', in: 'query', schema: { type: 'string', enum: ['novel', 'essay'] } },
            { $ref: '#/components/parameters/PerPage', schema: { minimum: 1 } },
          ],
          responses: {
            '200': {
              description: 'OK',
              content: {
                'application/json': {
                  schema: {
                    allOf: [
                      { $ref: '#/components/schemas/Envelope' },
                      {
                        type: 'object',
                        properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Book' } } },
                      },
                    ],
                  },
                },
              },
            },
            '404': { $ref: '#/components/responses/Missing' },
          },
        },
        post: {
          parameters: [{ name: 'shelf', in: 'path', required: true, schema: { type: 'integer' } }],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['title'],
                  properties: {
                    title: { type: 'string', maxLength: 20 },
                    genre: { type: 'string', enum: ['novel', 'essay'] },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Created',
              content: {
                'application/json': {
                  schema: {
                    allOf: [
                      { $ref: '#/components/schemas/Envelope' },
                      { type: 'object', properties: { data: { $ref: '#/components/schemas/Book' } } },
                    ],
                  },
                },
              },
            },
            '409': {
              description: 'Conflict',
              content: {
                'application/json': {
                  schema: {
                    allOf: [
                      { $ref: '#/components/schemas/Failure' },
                      {
                        type: 'object',
                        properties: {
                          error: {
                            type: 'object',
                            properties: { code: { type: 'string', enum: ['title_taken'] } },
                          },
                        },
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      },
      '/1/shelves/{shelf}/books/{book}': {
        delete: {
          parameters: [
            { name: 'shelf', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'book', in: 'path', required: true, schema: { type: 'integer' } },
          ],
          responses: {
            '200': {
              description: 'OK',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Envelope' } } },
            },
          },
        },
      },
      '/1/shelves/archive/books': {
        get: {
          responses: {
            '200': {
              description: 'OK',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Envelope' } } },
            },
          },
        },
      },
    },
    components: {
      parameters: {
        PerPage: { name: 'per_page', in: 'query', schema: { type: 'integer' } },
      },
      responses: {
        Missing: {
          description: 'Not Found',
          content: {
            'application/json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/Failure' },
                  {
                    type: 'object',
                    properties: {
                      error: {
                        type: 'object',
                        properties: { code: { type: 'string', enum: ['shelf_not_found'] } },
                      },
                    },
                  },
                ],
              },
            },
          },
        },
      },
      schemas: {
        Envelope: {
          type: 'object',
          required: ['result'],
          properties: { result: { type: 'string', enum: ['success', 'error'] } },
        },
        ErrorResponse: { type: 'object', required: ['result'], properties: { result: { type: 'string' } } },
        Failure: {
          type: 'object',
          required: ['result', 'error'],
          properties: {
            result: { type: 'string' },
            error: {
              type: 'object',
              required: ['code'],
              properties: { code: { type: 'string' }, description: { type: 'string' } },
            },
          },
        },
        Book: {
          type: 'object',
          required: ['id', 'title', 'kind'],
          properties: {
            id: { type: 'integer', example: 7 },
            title: { type: 'string' },
            kind: { type: 'string', enum: ['paper', 'ebook'], nullable: true },
            subtitle: { type: 'string', nullable: true },
            added_at: { type: 'integer', format: 'timestamp' },
            isbn: { title: 'isbn', nullable: true, oneOf: [{ type: 'string' }, { type: 'integer' }] },
          },
        },
      },
    },
  };
}
