/**
 * JSON Schema (draft 2020-12) of a fixture file, src/oracle/fixtureTypes.ts in schema form.
 * `sgd-oracle fixtures` writes it to fixtures/schema/fixture.schema.json, and loadFixture
 * validates every fixture against it before use (docs/oracle.md).
 */
const numbers = { type: 'array', items: { type: 'number' } } as const;
const nonNegative = { type: 'array', items: { type: 'number', minimum: 0 } } as const;

export const FIXTURE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://sgd-oracle.invalid/fixture.schema.json',
  title: 'sgd-oracle reference fixture',
  description: 'One case of the battery that gates an external implementation (docs/oracle.md).',
  type: 'object',
  required: [
    'id',
    'version',
    'description',
    'solver',
    'config',
    'dMin',
    'times',
    'columns',
    'tolerance',
    'observables',
  ],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$' },
    version: { type: 'integer', minimum: 1 },
    description: { type: 'string' },
    solver: { enum: ['sgd', 'sme', 'gf', 'online'] },
    config: { type: 'object', description: 'a config for sgd-oracle run, at the reference d' },
    dMin: { type: 'integer', minimum: 2 },
    times: { ...numbers, minItems: 1 },
    columns: {
      type: 'array',
      items: { type: 'string', pattern: '^(trainRisk|testRisk|[QM]_\\d+_\\d+)$' },
      minItems: 1,
    },
    tolerance: {
      type: 'object',
      required: ['alphaCase', 'alphaGate', 'comparisons', 'z', 'floor', 'generation'],
      additionalProperties: false,
      properties: {
        alphaCase: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        alphaGate: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        comparisons: { type: 'integer', minimum: 1 },
        z: { type: 'number', exclusiveMinimum: 0 },
        floor: { type: 'number', minimum: 0 },
        generation: {
          type: 'object',
          required: ['d', 'replicates', 'seed', 'alphaEach', 'zBias', 'fluctFactor', 'limitSource'],
          additionalProperties: false,
          properties: {
            d: { type: 'integer', minimum: 2 },
            replicates: { type: 'integer', minimum: 2 },
            seed: { type: 'integer', minimum: 0 },
            alphaEach: { type: 'number', exclusiveMinimum: 0 },
            zBias: { type: 'number', exclusiveMinimum: 0 },
            fluctFactor: { type: 'number', minimum: 1 },
            limitSource: { type: 'string' },
          },
        },
      },
    },
    observables: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        type: 'object',
        required: ['limit', 'limitSe', 'grid', 'cFluct', 'cBias'],
        additionalProperties: false,
        properties: {
          limit: numbers,
          limitSe: nonNegative,
          grid: nonNegative,
          cFluct: nonNegative,
          cBias: nonNegative,
          gfGap: nonNegative,
          slope: numbers,
          curvature: numbers,
        },
      },
    },
  },
} as const;
