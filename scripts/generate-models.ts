/**
 * Writes src/models/types.ts: one named interface per model, generated from the zod schemas in
 * src/models (themselves checked against Microsoft's CSDL by test/models/csdl-coverage.test.ts),
 * so that the types users see and the schemas that check Graph's answers cannot drift apart.
 *
 * - `XSchema` (an object or a union) becomes `X`; a property is optional where the schema's is,
 *   `| null` where it is nullable, and a nested schema that has a name is referred to by it.
 * - Graph's open enums are referred to by their hand-written `OpenEnum` aliases (`XSchema` with
 *   an `XValues` list next to it), so editors still complete their known members.
 * - No index signature: a misspelt property is a compile error. The members Graph adds are kept
 *   at run time and reached through `loose()` (src/models/common.ts). The only exceptions are
 *   the objects Graph leaves entirely open (no declared property: `DetailsInfo`,
 *   `UnmodeledObject`).
 * - Each interface carries the TSDoc of its schema, each property the TSDoc written on it.
 *
 * Usage: `npm run models` (writes), `npm run models -- --check` (exits 1 if the file is stale;
 * test/models/model-types.test.ts runs the same check).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as models from '../src/models/index.js';

type AnySchema = { readonly _zod: { readonly def: Def; readonly optout?: string } };
interface Def {
  readonly type: string;
  readonly innerType?: AnySchema;
  readonly element?: AnySchema;
  readonly options?: readonly AnySchema[];
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  readonly valueType?: AnySchema;
  readonly keyType?: AnySchema;
  readonly shape?: Readonly<Record<string, AnySchema>>;
  readonly catchall?: AnySchema;
}

const MODELS_DIR = fileURLToPath(new URL('../src/models/', import.meta.url));
const OUTPUT = `${MODELS_DIR}types.ts`;
const TYPE_TEST = fileURLToPath(new URL('../test/models/model-types.test-d.ts', import.meta.url));

/** A model to write: its type name, its schema and the TSDoc found in the source. */
interface Model {
  readonly name: string;
  readonly schema: AnySchema;
  readonly file: string;
  readonly doc: string | undefined;
  readonly propertyDocs: ReadonlyMap<string, string>;
}

const isSchema = (value: unknown): value is AnySchema =>
  typeof value === 'object' && value !== null && '_zod' in value;

/** Schema name → source text of its module, so the TSDoc can be copied. */
function readSources(): Map<string, { file: string; text: string }> {
  const sources = new Map<string, { file: string; text: string }>();
  for (const file of readdirSync(MODELS_DIR).sort()) {
    if (!file.endsWith('.ts') || file === 'index.ts' || file === 'types.ts') continue;
    const text = readFileSync(`${MODELS_DIR}${file}`, 'utf8');
    for (const match of text.matchAll(/^export const (\w+Schema)\b/gm)) {
      sources.set(match[1]!, { file, text });
    }
  }
  return sources;
}

/** The `/** … *\/` comment right before `export const <name>`, without its delimiters. */
function docBefore(text: string, name: string): string | undefined {
  const at = text.search(new RegExp(`^export const ${name}\\b`, 'm'));
  const before = text.slice(0, at).trimEnd();
  if (!before.endsWith('*/')) return undefined;
  const start = before.lastIndexOf('/**');
  return before.slice(start + 3, -2);
}

/**
 * The TSDoc of each property of the schema literal `export const <name> = z.looseObject({…})`,
 * or `lazySchema(() => z.looseObject({…}))`: it ends at the first line that closes the call.
 */
function propertyDocs(text: string, name: string): Map<string, string> {
  const docs = new Map<string, string>();
  const at = text.search(new RegExp(`^export const ${name}\\b`, 'm'));
  const end = at + (/\n\}?\);/.exec(text.slice(at))?.index ?? text.length - at);
  const body = text.slice(at, end);
  for (const match of body.matchAll(
    /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(?:\/\/[^\n]*\n\s*)*(?:get\s+)?['"]?([\w@.]+)['"]?\s*[:(]/g,
  )) {
    docs.set(match[2]!, match[1]!);
  }
  // `UnmodeledObjectSchema /* addIn */`: the Graph type this SDK does not model.
  for (const match of body.matchAll(
    /^ {2,4}(\w+): [^\n]*?(?:\(\n\s*)?UnmodeledObjectSchema \/\* (\w+) \*\//gm,
  )) {
    if (!docs.has(match[1]!)) {
      docs.set(match[1]!, ` Graph's \`${match[2]!}\`, not modelled here: every member is kept. `);
    }
  }
  return docs;
}

/** The comment's lines, re-indented as TSDoc at `indent`. */
function tsdoc(raw: string, indent: string): string {
  const lines = raw
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').trimEnd())
    .filter((line, i, all) => !(line === '' && (i === 0 || i === all.length - 1)));
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 1) return `${indent}/** ${lines[0]!.trim()} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`).join('\n')}\n${indent} */\n`;
}

/** Collects the models and the names schemas are referred to by. */
interface Collected {
  readonly models: Model[];
  readonly names: Map<AnySchema, string>;
  readonly sources: Map<string, { file: string; text: string }>;
}

function collect(): Collected {
  const sources = readSources();
  const exported = models as Record<string, unknown>;
  const names = new Map<AnySchema, string>();
  const found: Model[] = [];
  for (const [exportName, value] of Object.entries(exported)) {
    if (!exportName.endsWith('Schema') || !isSchema(value)) continue;
    const name = exportName.slice(0, -'Schema'.length);
    const kind = value._zod.def.type;
    if (kind === 'object' || kind === 'union') {
      const source = sources.get(exportName);
      if (source === undefined) throw new Error(`${exportName}: no source in src/models`);
      names.set(value, name);
      found.push({
        name,
        schema: value,
        file: source.file,
        doc: docBefore(source.text, exportName),
        propertyDocs: propertyDocs(source.text, exportName),
      });
    } else if (`${name}Values` in exported) {
      names.set(value, name); // an open enum, typed by its hand-written alias
    }
  }
  found.sort((a, b) => a.name.localeCompare(b.name));
  return { models: found, names, sources };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Open types whose everyday use relies on members Graph's metadata does not declare: they keep an
 * index signature. `stringKeyObjectValuePair` declares only `key`, yet Graph's documented
 * parseExpression request sends `{ key, value }` pairs.
 */
const OPEN_BY_USE = new Set(['StringKeyObjectValuePair']);

/** The TypeScript type `z.infer` gives `schema`, with named schemas referred to by name. */
function typeOf(schema: AnySchema, names: Map<AnySchema, string>, indent: string): string {
  const named = names.get(schema);
  if (named !== undefined) return named;
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'unknown':
      return def.type;
    case 'optional':
    case 'nullable': {
      const inner = typeOf(def.innerType!, names, indent);
      return inner === 'unknown'
        ? inner
        : `${inner} | ${def.type === 'optional' ? 'undefined' : 'null'}`;
    }
    case 'array': {
      const element = typeOf(def.element!, names, indent);
      return /[|&\s]/.test(element) && !element.startsWith('{') ? `(${element})[]` : `${element}[]`;
    }
    case 'union':
      return def.options!.map((option) => typeOf(option, names, indent)).join(' | ');
    case 'enum':
      return Object.values(def.entries!)
        .map((value) => JSON.stringify(value))
        .join(' | ');
    case 'literal':
      return def.values!.map((value) => JSON.stringify(value)).join(' | ');
    case 'record':
      return `Record<${typeOf(def.keyType!, names, indent)}, ${typeOf(def.valueType!, names, indent)}>`;
    case 'object':
      return `{\n${members(schema, names, new Map(), `${indent}  `)}${indent}}`;
    default:
      throw new Error(`No TypeScript type for a zod '${def.type}' schema`);
  }
}

/** The members of an object schema, one per line, each with its TSDoc. */
function members(
  schema: AnySchema,
  names: Map<AnySchema, string>,
  docs: ReadonlyMap<string, string>,
  indent: string,
  open = false,
): string {
  const def = schema._zod.def;
  let text = '';
  for (const key of Object.keys(def.shape!)) {
    const property = def.shape![key]!;
    const optional = property._zod.optout === 'optional';
    const inner =
      optional && property._zod.def.type === 'optional' ? property._zod.def.innerType! : property;
    const type = typeOf(inner, names, indent);
    const doc = docs.get(key);
    if (doc !== undefined) text += tsdoc(doc, indent);
    const name = IDENTIFIER.test(key) ? key : JSON.stringify(key);
    text += optional
      ? `${indent}${name}?: ${type === 'unknown' ? 'unknown' : `${type} | undefined`};\n`
      : `${indent}${name}: ${type};\n`;
  }
  if ((open || Object.keys(def.shape!).length === 0) && def.catchall !== undefined) {
    text += `${indent}[property: string]: unknown;\n`;
  }
  return text;
}

/**
 * test/models/model-types.test-d.ts: for every model, the interface equals what zod infers from
 * its schema once the index signatures zod adds to loose objects are set aside, so the
 * generator's reading of the schemas is itself checked by the compiler.
 */
function generateTypeTest({ models: found }: Collected): string {
  const lines = found.map((m) =>
    m.schema._zod.def.type === 'object' && Object.keys(m.schema._zod.def.shape!).length === 0
      ? `    expectTypeOf<z.infer<typeof models.${m.name}Schema>>().toEqualTypeOf<models.${m.name}>();`
      : `    expectTypeOf<Declared<z.infer<typeof models.${m.name}Schema>>>().toEqualTypeOf<Declared<models.${m.name}>>();`,
  );
  return `// Generated by scripts/generate-models.ts: do not edit by hand.
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type * as models from '../../src/models/index.js';

/* eslint-disable @typescript-eslint/no-generated-empty-object-type -- Declared<T> of a model
   whose members are all index signatures is {} on both sides, by design. */

/**
 * A type's declared members, deeply: the index signatures zod adds to loose objects set aside,
 * while \`unknown\`, records (index signatures alone) and readonly arrays keep what they are.
 */
type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: 0;
};
type Declared<T> = unknown extends T
  ? T
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer E)[]
      ? T extends unknown[]
        ? Declared<E>[]
        : readonly Declared<E>[]
      : [KnownKeys<T>] extends [never]
        ? string extends keyof T
          ? { [key: string]: Declared<T[string & keyof T]> }
          : Record<never, never>
        : { [K in keyof T as string extends K ? never : number extends K ? never : K]: Declared<T[K]> };

describe('model interfaces', () => {
  it('declare exactly what their zod schemas infer', () => {
${lines.join('\n')}
  });
});
`;
}

/** The generated files, by path. */
export function generateFiles(): Map<string, string> {
  const collected = collect();
  return new Map([
    [OUTPUT, generate(collected)],
    [TYPE_TEST, generateTypeTest(collected)],
  ]);
}

/** The whole of src/models/types.ts. */
function generate({ models: found, names, sources }: Collected): string {
  const referenced = new Set<string>();
  let body = '';
  for (const model of found) {
    const def = model.schema._zod.def;
    body += '\n';
    if (model.doc !== undefined) body += tsdoc(model.doc, '');
    if (def.type === 'object') {
      body += `export interface ${model.name} {\n${members(model.schema, names, model.propertyDocs, '  ', OPEN_BY_USE.has(model.name))}}\n`;
    } else {
      body += `export type ${model.name} = ${typeOf(model.schema, new Map([...names].filter(([s]) => s !== model.schema)), '')};\n`;
    }
  }
  const own = new Set(found.map((m) => m.name));
  const named = new Set(names.values());
  for (const [name] of body.matchAll(/\b[A-Z]\w*\b/g)) {
    if (!own.has(name) && named.has(name)) referenced.add(name);
  }
  const imports = new Map<string, string[]>();
  for (const name of [...referenced].sort()) {
    const source = sources.get(`${name}Schema`)!;
    imports.set(source.file, [...(imports.get(source.file) ?? []), name]);
  }
  const importLines = [...imports]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([file, list]) =>
        `import type { ${list.join(', ')} } from './${file.replace(/\.ts$/, '.js')}';`,
    )
    .join('\n');
  return (
    '// Generated by scripts/generate-models.ts from the schemas in src/models: do not edit by hand.\n' +
    '// Run `npm run models` after changing a schema; test/models/model-types.test.ts fails until then.\n' +
    (importLines === '' ? '' : `${importLines}\n`) +
    body
  );
}

/** The generated files as prettier writes them, by path. */
export async function formattedFiles(): Promise<Map<string, string>> {
  const { format, resolveConfig } = await import('prettier');
  const files = new Map<string, string>();
  for (const [path, text] of generateFiles()) {
    files.set(path, await format(text, { ...(await resolveConfig(path)), filepath: path }));
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [path, text] of await formattedFiles()) {
    if (!check) writeFileSync(path, text);
    else if (readFileSync(path, 'utf8') !== text) {
      process.stderr.write(`${path} is stale: run \`npm run models\`\n`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
}
