/**
 * The collection page reader (src/core/json-stream.ts) against `JSON.parse` of the whole text:
 * for any body, cut into chunks anywhere (inside a string, an escape, a multi-byte character),
 * it gives what the SDK gave before it existed: the same value, the same "no body", or the same
 * "not valid JSON" detail (kind, position, length), on hostile bytes too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readText, type StreamedJson } from '../../src/core/json-detail.js';
import { CollectionReader, readCollection } from '../../src/core/json-stream.js';
import { fuzzParameters } from './fuzz.js';

const encoder = new TextEncoder();

/** Reads `bytes` pushed in the chunks that `cuts` (offsets, any order) make. */
function readInChunks(bytes: Uint8Array, cuts: readonly number[]): StreamedJson {
  const reader = new CollectionReader();
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    reader.push(bytes.subarray(from, to));
    from = to;
  }
  return reader.end();
}

/** What the SDK made of the same bytes read whole, as `response.text()` decodes them. */
const whole = (bytes: Uint8Array): StreamedJson => readText(new TextDecoder().decode(bytes));

/** A member name: `value` (plain, escaped or again), Graph's annotations, or anything. */
const memberName = fc.oneof(
  fc.constant('"value"'),
  fc.constant('"valu\\u0065"'),
  fc.constant('"\\u0076\\u0061\\u006c\\u0075\\u0065"'),
  fc.constant('"@odata.nextLink"'),
  fc.constant('"\uFEFFvalue"'),
  fc.constant('"\\uFEFFvalue"'),
  fc.string({ maxLength: 6 }).map((name) => JSON.stringify(name)),
);

/** A page's text: members around a `value` array, in any order, with any JSON spacing. */
const pageText = fc
  .tuple(
    fc.array(fc.tuple(memberName, fc.jsonValue({ maxDepth: 3 })), { maxLength: 4 }),
    fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }),
    fc.nat(),
    fc.constantFrom('', ' ', '\n  ', '\t', '\r\n'),
  )
  .map(([members, items, at, ws]) => {
    const parts = members.map(
      ([name, value]) => `${ws}${name}${ws}:${ws}${JSON.stringify(value, null, ws.length)}`,
    );
    const array = `[${items.map((item) => ws + JSON.stringify(item)).join(`${ws},`)}${ws}]`;
    parts.splice(at % (parts.length + 1), 0, `${ws}"value"${ws}:${ws}${array}`);
    return `${ws}{${parts.join(',')}${ws}}${ws}`;
  });

const cuts = fc.array(fc.nat(), { maxLength: 10 });

/** Byte edits: at an offset, delete up to 3 bytes and insert up to 3 random ones. */
const edits = fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.uint8Array({ maxLength: 3 })), {
  maxLength: 3,
});

function edit(bytes: Uint8Array, changes: readonly [number, number, Uint8Array][]): Uint8Array {
  let out = bytes;
  for (const [offset, remove, insert] of changes) {
    const at = offset % (out.length + 1);
    const removed = Math.min(remove, out.length - at);
    const next = new Uint8Array(out.length - removed + insert.length);
    next.set(out.subarray(0, at));
    next.set(insert, at);
    next.set(out.subarray(at + removed), at + insert.length);
    out = next;
  }
  return out;
}

describe('the collection page reader', () => {
  it('reads any valid page, in any chunks, as JSON.parse of its text does', async () => {
    await fc.assert(
      fc.asyncProperty(pageText, cuts, async (text, at) => {
        const read = readInChunks(encoder.encode(text), at);
        expect(read).toEqual({
          kind: 'value',
          value: JSON.parse(text) as unknown,
          length: text.length,
        });
        await Promise.resolve();
      }),
      fuzzParameters('json-stream valid', 1500),
    );
  });

  it('refuses, accepts and words any edited or cut page as reading it whole does', async () => {
    await fc.assert(
      fc.asyncProperty(
        pageText,
        cuts,
        edits,
        fc.option(fc.nat()),
        async (text, at, changes, end) => {
          let bytes = edit(encoder.encode(text), changes);
          if (end !== null) bytes = bytes.subarray(0, end % (bytes.length + 1));
          expect(readInChunks(bytes, at)).toEqual(whole(bytes));
          await Promise.resolve();
        },
      ),
      fuzzParameters('json-stream hostile', 4000),
    );
  });

  it('keeps the last of duplicate value members, as JSON.parse does', () => {
    const text = '{"value":[1,2],"x":0,"valu\\u0065":[3],"@odata.nextLink":null}';
    expect(readInChunks(encoder.encode(text), [])).toEqual({
      kind: 'value',
      value: { value: [3], x: 0, '@odata.nextLink': null },
      length: text.length,
    });
    const later = '{"value":[1],"value":null}';
    expect(readInChunks(encoder.encode(later), [3, 9])).toMatchObject({ value: { value: null } });
  });

  it('does not take a name that starts with a byte order mark for value', () => {
    // The mark is part of the name: decoded alone, the name must not lose it.
    for (const text of ['{"\uFEFFvalue":[1,2]}', '{"value":0,"\uFEFFvalue":[1,2]}']) {
      const bytes = encoder.encode(text);
      expect(readInChunks(bytes, [])).toEqual(whole(bytes));
      expect(readInChunks(bytes, [1, 2, 3, 4, 5])).toEqual(whole(bytes));
    }
  });

  it('reads chunks whose buffer the stream reuses for the next one', () => {
    const text = '{"value":["abcdefgh",{"k":"vvvvvvvvvvvv"}],"@odata.nextLink":null}';
    const bytes = encoder.encode(text);
    const reader = new CollectionReader();
    const buffer = new Uint8Array(8);
    for (let i = 0; i < bytes.length; i += 8) {
      const piece = bytes.subarray(i, i + 8);
      buffer.set(piece);
      reader.push(buffer.subarray(0, piece.length));
    }
    expect(reader.end()).toEqual(whole(bytes));
  });

  it('never words a problem with text of the body, however short', () => {
    // V8 quotes a short text whole in its message, phrases that look like its own included.
    expect(readText('x"at position 1234"')).toEqual({
      kind: 'invalid',
      detail: 'unexpected text',
      length: 19,
    });
    expect(readText('[x"Unexpected end"]')).toMatchObject({ detail: 'unexpected text' });
  });

  it('reads an escape and a multi-byte character cut between chunks', () => {
    const text = '{"value":[{"a":"x\\\\"},{"b":"q\\"}"},{"é":"𝄞"}]}';
    const bytes = encoder.encode(text);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      expect(readInChunks(bytes, [cut, cut + 1])).toEqual({
        kind: 'value',
        value: JSON.parse(text) as unknown,
        length: text.length,
      });
    }
  });

  it('gives the position of the first problem, counted in characters of the whole text', () => {
    const text = '{"value":[{"é":1},{"a":1 "b":2}]}';
    const read = readInChunks(encoder.encode(text), [12, 20]);
    expect(read).toEqual(whole(encoder.encode(text)));
    expect(read.kind === 'invalid' ? read.detail : '').toBe('unexpected text at position 25');
  });

  it('says a body of whitespace has none, and reads a body that is not a page whole', () => {
    expect(readInChunks(encoder.encode(' \n\t'), [1])).toEqual({ kind: 'empty' });
    expect(readInChunks(encoder.encode('\uFEFF[1]'), [1])).toEqual(
      whole(encoder.encode('\uFEFF[1]')),
    );
    expect(readInChunks(encoder.encode('"value"'), [2])).toEqual({
      kind: 'value',
      value: 'value',
      length: 7,
    });
  });

  it('reads a body stream, and lets a failure of the stream through', async () => {
    const text = '{"value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":"n"}';
    const bytes = encoder.encode(text);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.subarray(i, i + 7));
        controller.close();
      },
    });
    await expect(readCollection(chunked)).resolves.toEqual({
      kind: 'value',
      value: JSON.parse(text) as unknown,
      length: text.length,
    });
    const reset = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 20));
        controller.error(new TypeError('terminated'));
      },
    });
    await expect(readCollection(reset)).rejects.toThrow('terminated');
  });
});
