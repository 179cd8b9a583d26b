// fast-check generators of hostile API input for test/integration/security/fuzz.test.ts:
// malformed, oversized, deeply nested, wrong-typed and unicode strings, bodies, version headers and
// query strings, and a short failure report.
import fc from 'fast-check';

export const weirdString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%E0%A4%A',
    'detail',
    'validate',
    'latest',
    '',
    ' ',
    '\n',
    '🦄',
    'ǅ'.repeat(300),
    'null',
    'true',
    '-1',
    '1e309',
    '0x41',
    '<script>',
    "'; DROP TABLE nodes; --",
    '${jndi:ldap://x}',
  ),
  fc.uuid(),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

function deeplyNested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

export const jsonValue = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  {
    weight: 1,
    arbitrary: fc.array(
      fc.record({
        op: fc.constantFrom('add', 'replace', 'remove', 'move', 'test', 'bogus'),
        path: weirdString.map((s) => `/${s}`),
        value: fc.jsonValue({ maxDepth: 2 }),
      }),
      { maxLength: 3 },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom(
        'target',
        'driver',
        'name',
        'address',
        'node_uuid',
        'uuid',
        'configdrive',
        'clean_steps',
        'traits',
        'enabled',
        'boot_device',
        'id',
        'inventory',
        'steps',
        'resource_class',
      ),
      fc.jsonValue({ maxDepth: 3 }),
    ),
  },
);

export const body = fc.oneof(
  { weight: 6, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('{', '{"a":', 'nul', '\u0000', deeplyNested(5000), `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`, '[]', '""'),
  },
  // Deep nesting where it gets stored: a PATCH value and a create body's object fields.
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      `[{"op":"add","path":"/extra/deep","value":${deeplyNested(5000)}}]`,
      `{"driver":"fake-hardware","extra":{"deep":${deeplyNested(5000)}}}`,
      `{"address":"52:54:00:f0:0f:01","node_uuid":"x","extra":${`{"a":`.repeat(3000)}1${'}'.repeat(3000)}}`,
    ),
  },
);

// Mostly versions that reach the handlers; sometimes ones that must be refused.
export const versionHeader = fc.oneof(
  { weight: 3, arbitrary: fc.constant('latest') },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 82 }).map((m) => `1.${m}`) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer({ min: 83, max: 120 }).map((m) => `1.${m}`),
      fc.constantFrom('', 'abc', '2.0', '1.', '1.82.1', '1.0'),
      weirdString,
    ),
  },
);

const queryKeys = [
  'limit',
  'marker',
  'fields',
  'detail',
  'sort_key',
  'sort_dir',
  'provision_state',
  'driver',
  'node',
  'node_uuid',
  'address',
  'maintenance',
  'associated',
  'shard',
  'sharded',
  'conductor',
  'resource_class',
  'addresses',
  'method',
  'type',
  'instance_uuid',
  'reset_interfaces',
];
export const query = fc
  .array(fc.tuple(fc.constantFrom(...queryKeys), weirdString), { maxLength: 3 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));

/** fast-check's own report repeats the whole input (megabytes for the nesting cases): cut it. */
export function failWithShortReport<T>(out: fc.RunDetails<T>): void {
  if (!out.failed) return;
  const err = out.errorInstance as Error | undefined;
  throw new Error((err?.message ?? fc.defaultReportMessage(out) ?? 'failed').slice(0, 3000));
}
