import { modelSchema } from '../../src/mcp/model-schema';

describe('modelSchema', () => {
  it('keeps what a call needs: types, descriptions, properties, required, items and enums, at every depth', () => {
    const schema = {
      type: 'object',
      description: 'args',
      properties: {
        kinds: { type: 'array', description: 'checks', items: { type: 'string', enum: ['pods', 'nodes'] } },
        selector: { type: 'object', properties: { app: { type: 'string', description: 'label' } }, required: ['app'] },
      },
      required: ['kinds'],
    };
    expect(modelSchema(schema)).toEqual(schema);
  });

  it('leaves out what the server enforces anyway: patterns, lengths, bounds, defaults and schema bookkeeping', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]+$', description: 'Object name' },
        tail: { type: 'integer', minimum: 1, maximum: 2000, default: 100, description: 'Lines per container' },
        previous: { type: 'boolean', default: false },
        output: { type: 'string', enum: ['table', 'yaml'], default: 'table' },
      },
    };
    expect(modelSchema(schema)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Object name' },
        tail: { type: 'integer', description: 'Lines per container' },
        previous: { type: 'boolean' },
        output: { type: 'string', enum: ['table', 'yaml'] },
      },
    });
  });

  it('turns a union into the list of its types (one type stays a single type)', () => {
    const patch = {
      description: 'The change',
      anyOf: [{ type: 'object' }, { type: 'array', items: { type: 'object', properties: { op: { type: 'string' } } } }, { type: 'string' }],
    };
    expect(modelSchema(patch)).toEqual({ description: 'The change', type: ['object', 'array', 'string'] });
    expect(modelSchema({ anyOf: [{ type: 'string', maxLength: 3 }, { type: 'string' }] })).toEqual({ type: 'string' });
    expect(modelSchema({ anyOf: [{ type: ['string', 'null'] }, { type: 'integer' }] })).toEqual({ type: ['string', 'null', 'integer'] });
  });

  it('drops the type of a union one of whose branches allows anything', () => {
    expect(modelSchema({ description: 'any value', anyOf: [{ type: 'string' }, {}] })).toEqual({ description: 'any value' });
  });

  it('keeps a property named like a dropped keyword', () => {
    const schema = { type: 'object', properties: { default: { type: 'string' }, pattern: { type: 'string' } } };
    expect(modelSchema(schema)).toEqual(schema);
  });
});
