/**
 * Shared pieces of the hardening tests: the seed every property runs with, run counts, and
 * fast-check arbitraries for hostile JSON and text.
 *
 * Reproduce a failure with the seed (and `path`) fast-check prints: `FUZZ_SEED=<seed> npm test`.
 * Run more cases locally with `FUZZ_SCALE=10 npx vitest run test/hardening`.
 */
import fc from 'fast-check';

/** Base seed of every property in test/hardening (override with `FUZZ_SEED`). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);

/** Multiplies every property's run count (override with `FUZZ_SCALE`, e.g. 10 for a long run). */
export const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

if (!Number.isSafeInteger(FUZZ_SEED)) throw new Error('FUZZ_SEED must be an integer');
if (!(FUZZ_SCALE > 0)) throw new Error('FUZZ_SCALE must be a positive number');

/**
 * Every 25 runs, a property yields to the event loop. Most cases settle through promises alone,
 * so without it a property of thousands of cases never lets the worker read a message: on a
 * busy machine, vitest's own calls between the worker and the runner (answered within 60 s, or
 * failed) would time out while every test passes.
 */
let runsSinceYield = 0;
fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  asyncAfterEach: async () => {
    if ((runsSinceYield += 1) % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
  },
});

/**
 * fast-check parameters of one property: its own seed (derived from {@link FUZZ_SEED} and a
 * label, so adding a property does not shift the others) and `runs` scaled by {@link FUZZ_SCALE}.
 * No time limit: every property checks all its cases, however slow the machine (fast-check's
 * `interruptAfterTimeLimit` would either fail a slow run or pass it having checked less); a
 * property that hangs meets vitest's hang guard instead.
 */
export function fuzzParameters(label: string, runs: number) {
  let hash = 0;
  for (const char of label) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return {
    seed: (FUZZ_SEED ^ hash) | 0,
    numRuns: Math.max(1, Math.round(runs * FUZZ_SCALE)),
  } as const;
}

/** Keys that have a meaning to JavaScript, to OData or to the SDK. */
const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'then',
  'value',
  'id',
  '@odata.nextLink',
  '@odata.type',
  '@odata.context',
  'error',
];

/** Strings that break naive code: empty, whitespace, quotes, markup, control and astral characters. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '"',
    "'",
    '\\',
    '</script>',
    'NaN',
    '-INF',
    '9'.repeat(400),
    '2026-13-45T99:99:99Z',
    'https://evil.example/v1.0/x',
    '\u202e\u200b\ufeff',
    '👩‍👩‍👧‍👦',
  ),
);

/** Any key, often a special one. */
const anyKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  { weight: 3, arbitrary: nastyString },
);

/** A JSON value in the shapes that break decoders: wrong types, extremes, deep nesting, huge text. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: nastyString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      true,
      null,
      [],
      {},
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 10_000, max: 400_000 }), fc.constantFrom('a', '\u00e9', '😀', '"'))
      .map(([n, c]) => c.repeat(n)),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 50, max: 800 }).map((depth) => {
      let nested: unknown = 'bottom';
      for (let i = 0; i < depth; i++) nested = i % 2 === 0 ? [nested] : { value: nested };
      return nested;
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1_000, max: 20_000 })
      .map((n) => Array.from({ length: n }, (_, i) => i)),
  },
);

/** One edit of a JSON document, at the node its `at` picks. */
export type JsonEdit =
  | { readonly op: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly op: 'drop'; readonly at: number }
  | { readonly op: 'add'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly op: 'duplicate'; readonly at: number };

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({
    op: fc.constant('replace' as const),
    at: fc.nat(),
    value: hostileJsonValue,
  }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('add' as const),
    at: fc.nat(),
    key: anyKey,
    value: hostileJsonValue,
  }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  readonly parent: Container | undefined;
  readonly key: string | number;
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Every node of a document (breadth-first, at most `limit`), as parent + key. */
function slots(root: { doc: unknown }, limit = 5_000): Slot[] {
  const out: Slot[] = [{ parent: root, key: 'doc' }];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    const { parent, key } = out[i]!;
    const node = (parent as Record<string | number, unknown>)[key];
    if (!isContainer(node)) continue;
    for (const child of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      out.push({ parent: node, key: child });
    }
  }
  return out;
}

/** Applies `edits` to a deep copy of `document` (`structuredClone`) and returns it. */
export function applyEdits(document: unknown, edits: readonly JsonEdit[]): unknown {
  const root = { doc: structuredClone(document) };
  for (const edit of edits) {
    const all = slots(root);
    const { parent, key } = all[edit.at % all.length]!;
    if (parent === undefined) continue;
    const target = parent as Record<string | number, unknown>;
    switch (edit.op) {
      case 'replace':
        target[key] = edit.value;
        break;
      case 'drop':
        if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
        else if (parent !== (root as unknown)) Reflect.deleteProperty(target, key);
        break;
      case 'add': {
        const node = target[key];
        // defineProperty: a "__proto__" key must become data, as JSON.parse makes it.
        if (Array.isArray(node)) node.push(edit.value);
        else if (isContainer(node))
          Object.defineProperty(node, edit.key, {
            value: edit.value,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        break;
      }
      case 'duplicate': {
        const node = target[key];
        if (Array.isArray(parent)) parent.push(structuredClone(node));
        break;
      }
    }
  }
  return root.doc;
}

/** A change to the text of a body, after JSON edits. */
export type TextEdit =
  | { readonly op: 'none' }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'wrap'; readonly before: string; readonly after: string }
  | { readonly op: 'replace'; readonly text: string };

export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ op: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(nastyString, fc.constantFrom(',', '}', ']', '"', '{"a":', '\ufeff')),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('wrap' as const),
      before: fc.constantFrom('\ufeff', ")]}',\n", '<html><body>', '[', ' \n\t'),
      after: fc.constantFrom('', '</body></html>', ']', '\u0000', 'garbage'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('replace' as const),
      text: fc.oneof(
        nastyString,
        fc.constantFrom(
          '',
          'null',
          'true',
          '0',
          '[]',
          '{}',
          '"value"',
          '{"value": null}',
          '{"value": {}}',
          '{"error": "boom"}',
          '{"error": {"code": 5, "message": ["x"], "innerError": "y"}}',
          '{"error": {"innererror": {"request-id": {}}}}',
          '<html><h1>502 Bad Gateway</h1></html>',
          'upstream connect error or disconnect/reset before headers',
        ),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        // Deeper than any JSON parser's recursion limit.
        fc
          .integer({ min: 1_000, max: 200_000 })
          .map((n) => `{"value":${'['.repeat(n)}${']'.repeat(n)}}`),
      ),
    }),
  },
);

/** Applies a {@link TextEdit}. */
export function applyTextEdit(text: string, edit: TextEdit): string {
  switch (edit.op) {
    case 'none':
      return text;
    case 'truncate':
      return text.slice(0, edit.at % (text.length + 1));
    case 'insert': {
      const at = edit.at % (text.length + 1);
      return `${text.slice(0, at)}${edit.text}${text.slice(at)}`;
    }
    case 'wrap':
      return `${edit.before}${text}${edit.after}`;
    case 'replace':
      return edit.text;
  }
}
