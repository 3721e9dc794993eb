// The node10 declarations (dist/node10/, written by scripts/build-node10-types.mjs) against the
// real ones: `npm run test:package`, after `npm run build`. One type-checked program
// (module commonjs, moduleResolution node10, esModuleInterop so that zod's own declarations load,
// skipLibCheck off), held in memory, never written, asserting:
//
// 1. every exported schema's output and input types (`z.infer`, `z.input`) under the shim
//    (types/node10/zod-mini.d.cts) equal those under zod's declarations (dist/index.d.cts), and
//    a few model types, `parse`, `safeParse` and `~standard` too;
// 2. each zod/mini type the shim declares, alone and nested, infers what zod's infers (so a
//    schema the declarations start to use later is covered before it ships);
// 3. the node10 schemas compose with the user's own zod (z.object, z.array, z.union, z.optional,
//    zod/mini's extend and shape, toJSONSchema, Standard Schema) with the same inferred types as
//    the real ones.
//
// Exits 1 with TypeScript's diagnostics (naming the schema or case that differs) otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHIM = join(root, 'types', 'node10', 'zod-mini.d.cts');
// In memory only: at the root, so that `zod` and ./dist resolve as from a file of the repo.
const CHECK_FILE = join(root, '__node10-types-check__.cts');
const started = performance.now();

for (const file of ['dist/index.d.cts', 'dist/node10/index.d.cts', 'dist/node10/zod-mini.d.cts']) {
  if (!existsSync(join(root, file))) {
    console.error(`check-node10-types: ${file} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}
if (readFileSync(join(root, 'dist/node10/zod-mini.d.cts'), 'utf8') !== readFileSync(SHIM, 'utf8')) {
  console.error(
    `check-node10-types: dist/node10/zod-mini.d.cts differs from ${relative(root, SHIM)}: run \`npm run build\``,
  );
  process.exit(1);
}

// 2. zod/mini types, written once with `Z.`, checked with `R.` (zod) and `S.` (the shim).
const STR = 'Z.ZodMiniString<string>';
const NUM = 'Z.ZodMiniNumber<number>';
const OPEN_ENUM = "'a' | 'b' | (string & {})";
const CASES = [
  STR,
  NUM,
  'Z.ZodMiniBoolean<boolean>',
  'Z.ZodMiniNull',
  'Z.ZodMiniAny',
  'Z.ZodMiniUnknown',
  'Z.ZodMiniNever',
  "Z.ZodMiniLiteral<'a' | 1>",
  "Z.ZodMiniEnum<{ a: 'a'; b: 'b' }>",
  `Z.ZodMiniArray<Z.ZodMiniNullable<${STR}>>`,
  `Z.ZodMiniOptional<Z.ZodMiniNullable<${NUM}>>`,
  `Z.ZodMiniNullable<Z.ZodMiniOptional<Z.ZodMiniUnknown>>`,
  `Z.ZodMiniType<${OPEN_ENUM}, string, Z.core.$ZodTypeInternals<${OPEN_ENUM}, string>>`,
  'Z.ZodMiniType<{ id: string; n?: number }>',
  // Objects: required, optional (through nullable), nullable-only, and the three key policies.
  ...['Z.core.$loose', 'Z.core.$strip', 'Z.core.$strict'].map(
    (config) =>
      `Z.ZodMiniObject<{ a: ${STR}; b: Z.ZodMiniOptional<Z.ZodMiniNullable<Z.ZodMiniArray<Z.ZodMiniBoolean<boolean>>>>; c: Z.ZodMiniNullable<Z.ZodMiniOptional<Z.ZodMiniUnknown>>; d: Z.ZodMiniNullable<${NUM}> }, ${config}>`,
  ),
  'Z.ZodMiniObject<{}, Z.core.$loose>',
  'Z.ZodMiniObject<{}, Z.core.$strip>',
  `Z.ZodMiniObject<{ o: Z.ZodMiniOptional<Z.ZodMiniNullable<Z.ZodMiniObject<{ x: ${STR} }, Z.core.$loose>>> }, Z.core.$loose>`,
  `Z.ZodMiniUnion<readonly [${NUM}, Z.ZodMiniEnum<{ NaN: 'NaN'; INF: 'INF' }>]>`,
  // A union with an optional member makes the key optional.
  `Z.ZodMiniObject<{ u: Z.ZodMiniUnion<readonly [${STR}, Z.ZodMiniOptional<${NUM}>]>; v: Z.ZodMiniUnion<readonly [${STR}, ${NUM}]> }, Z.core.$strip>`,
  `Z.ZodMiniRecord<${STR}, Z.ZodMiniUnknown>`,
  `Z.ZodMiniRecord<Z.ZodMiniEnum<{ a: 'a'; b: 'b' }>, ${NUM}>`,
  `Z.ZodMiniRecord<Z.ZodMiniEnum<{ a: 'a'; b: 'b' }> & Z.core.$partial, ${NUM}>`,
  `Z.ZodMiniRecord<${STR}, Z.ZodMiniOptional<${NUM}>>`,
  `Z.ZodMiniObject<{ d: Z.ZodMiniDefault<Z.ZodMiniOptional<${STR}>>; e: Z.ZodMiniDefault<${NUM}> }, Z.core.$strip>`,
  `Z.ZodMiniPipe<${STR}, Z.ZodMiniTransform<number, string>>`,
  `Z.ZodMiniObject<{ l: Z.ZodMiniLazy<Z.ZodMiniOptional<${STR}>>; m: Z.ZodMiniLazy<${NUM}> }, Z.core.$strip>`,
  'Z.ZodMiniCustom<Date, Date>',
  `Z.ZodMiniIntersection<Z.ZodMiniObject<{ a: ${STR} }, Z.core.$strip>, Z.ZodMiniObject<{ b: Z.ZodMiniOptional<${NUM}> }, Z.core.$loose>>`,
  `Z.ZodMiniDiscriminatedUnion<readonly [Z.ZodMiniObject<{ k: Z.ZodMiniLiteral<'a'> }, Z.core.$strip>, Z.ZodMiniObject<{ k: Z.ZodMiniLiteral<'b'>; n: ${NUM} }, Z.core.$strip>], 'k'>`,
];
// Every zod/mini type the shim declares must be exercised above.
const declaredTypes = [
  ...readFileSync(SHIM, 'utf8').matchAll(/^export interface (ZodMini\w+)/gm),
].map((m) => m[1]);
const unexercised = declaredTypes.filter(
  (name) => !CASES.some((c) => new RegExp(`\\bZ\\.${name}\\b`).test(c)),
);
if (unexercised.length > 0) {
  console.error(
    `check-node10-types: ${relative(root, SHIM)} declares ${unexercised.join(', ')}, which no case of scripts/check-node10-types.mjs exercises: add one`,
  );
  process.exit(1);
}

const caseLines = CASES.map((c, i) => {
  const [r, s] = [c.replaceAll('Z.', 'R.'), c.replaceAll('Z.', 'S.')];
  return `// ${c}\nconst case${i}: [output: Equals<R.output<${r}>, S.output<${s}>>, input: Equals<R.input<${r}>, S.input<${s}>>] = [true, true];`;
}).join('\n');

const program = `import type * as real from './dist/index.cjs';
import type * as node10 from './dist/node10/index.cjs';
import type * as node10Testing from './dist/node10/testing.cjs';
import type * as S from './dist/node10/zod-mini.cjs';
import type * as R from 'zod/mini';
import type { StandardSchemaV1 } from 'zod/v4/core/standard-schema.cjs';
import * as z from 'zod';
import * as zm from 'zod/mini';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// 1. Every exported schema, under the shim and under zod.
type Schemas<M> = { [K in keyof M as M[K] extends { _zod: { output: unknown } } ? K : never]: M[K] };
type RealSchemas = Schemas<typeof real>;
type ShimSchemas = Schemas<typeof node10>;
const sameSchemaNames: Equals<keyof RealSchemas, keyof ShimSchemas> = true;
type Differ<K extends keyof RealSchemas & keyof ShimSchemas> =
  Equals<R.output<RealSchemas[K]>, S.output<ShimSchemas[K]>> extends true
    ? Equals<R.input<RealSchemas[K]>, S.input<ShimSchemas[K]>> extends true
      ? never
      : K
    : K;
type Differing = { [K in keyof RealSchemas & keyof ShimSchemas]: Differ<K> }[keyof RealSchemas & keyof ShimSchemas];
// On failure, TypeScript names the schemas whose types differ.
const everySchemaMatches: [Differing] extends [never] ? true : \`differs: \${Differing & string}\` = true;
const schemaCount: Equals<keyof RealSchemas, never> = false;

const models: [
  Equals<real.SynchronizationJob, node10.SynchronizationJob>,
  Equals<real.ProvisioningObjectSummary, node10.ProvisioningObjectSummary>,
  Equals<real.ApplicationTemplate, node10.ApplicationTemplate>,
  Equals<real.ServicePrincipal, node10.ServicePrincipal>,
  Equals<real.SynchronizationSchema, node10.SynchronizationSchema>,
] = [true, true, true, true, true];

type RealJob = typeof real.SynchronizationJobSchema;
type ShimJob = typeof node10.SynchronizationJobSchema;
const methods: [
  parse: Equals<ReturnType<RealJob['parse']>, ReturnType<ShimJob['parse']>>,
  parseAsync: Equals<ReturnType<RealJob['parseAsync']>, ReturnType<ShimJob['parseAsync']>>,
  safeParseData: Equals<
    Extract<ReturnType<RealJob['safeParse']>, { success: true }>['data'],
    Extract<ReturnType<ShimJob['safeParse']>, { success: true }>['data']
  >,
  issuePath: Equals<
    Extract<ReturnType<RealJob['safeParse']>, { success: false }>['error']['issues'][number]['path'],
    Extract<ReturnType<ShimJob['safeParse']>, { success: false }>['error']['issues'][number]['path']
  >,
  standardOutput: Equals<StandardSchemaV1.InferOutput<RealJob>, StandardSchemaV1.InferOutput<ShimJob>>,
  standardInput: Equals<StandardSchemaV1.InferInput<RealJob>, StandardSchemaV1.InferInput<ShimJob>>,
  testingEntry: Equals<keyof typeof node10Testing, keyof typeof import('./dist/testing.cjs')>,
] = [true, true, true, true, true, true, true];

// 2. Each zod/mini type the shim declares.
${caseLines}

// 3. The node10 schemas with the user's own zod (classic and mini), against the real ones.
declare const realJob: RealJob;
declare const shimJob: ShimJob;
declare const realFloat: typeof real.ODataFloatSchema;
declare const shimFloat: typeof node10.ODataFloatSchema;
const composed = <A extends z.core.SomeType, B extends z.core.SomeType>(
  _real: A,
  _shim: B,
): [output: Equals<z.output<A>, z.output<B>>, input: Equals<z.input<A>, z.input<B>>] => [true, true] as never;
const compositions: [true, true][] = [
  composed(z.object({ job: realJob, note: z.string() }), z.object({ job: shimJob, note: z.string() })),
  composed(z.looseObject({ job: z.optional(realJob) }), z.looseObject({ job: z.optional(shimJob) })),
  composed(z.array(realJob), z.array(shimJob)),
  composed(z.union([realFloat, z.boolean()]), z.union([shimFloat, z.boolean()])),
  composed(z.nullable(realJob), z.nullable(shimJob)),
  composed(zm.object({ job: realJob }), zm.object({ job: shimJob })),
  composed(zm.extend(realJob, { extra: zm.string() }), zm.extend(shimJob, { extra: zm.string() })),
  composed(zm.partial(realJob), zm.partial(shimJob)),
  composed(zm.object({ id: realJob.shape.id }), zm.object({ id: shimJob.shape.id })),
  composed(zm.pipe(realJob, zm.transform((j) => j.id)), zm.pipe(shimJob, zm.transform((j) => j.id))),
];
const wrapped: { job: node10.SynchronizationJob; note: string } = z
  .object({ job: shimJob, note: z.string() })
  .parse({});
const jsonSchema: z.core.JSONSchema.BaseSchema = z.toJSONSchema(shimJob);
const standard: StandardSchemaV1<unknown, node10.SynchronizationJob> = shimJob;

export { sameSchemaNames, everySchemaMatches, schemaCount, models, methods, compositions, wrapped, jsonSchema, standard };
`;

const options = {
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  skipLibCheck: false,
  strict: true,
  noEmit: true,
  types: [],
};
const host = ts.createCompilerHost(options);
const { getSourceFile, fileExists, readFile } = host;
host.fileExists = (f) => f === CHECK_FILE || fileExists.call(host, f);
host.readFile = (f) => (f === CHECK_FILE ? program : readFile.call(host, f));
host.getSourceFile = (f, language, ...rest) =>
  f === CHECK_FILE
    ? ts.createSourceFile(f, program, language, true)
    : getSourceFile.call(host, f, language, ...rest);
const tsProgram = ts.createProgram([CHECK_FILE], options, host);
const diagnostics = ts.getPreEmitDiagnostics(tsProgram);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (diagnostics.length > 0) {
  console.error(
    ts.formatDiagnosticsWithColorAndContext(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    }),
  );
  console.error(
    `check-node10-types: FAILED, ${diagnostics.length} error(s) (${seconds} s): the node10 declarations (${relative(root, SHIM)}) no longer match zod's`,
  );
  process.exit(1);
}
// How many schemas the program compared: the values of dist/node10/index.d.cts with a \`_zod\`.
const checker = tsProgram.getTypeChecker();
const node10Index = tsProgram.getSourceFile(join(root, 'dist/node10/index.d.cts'));
const schemaCount = checker
  .getExportsOfModule(checker.getSymbolAtLocation(node10Index))
  .filter((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!(target.flags & ts.SymbolFlags.Value)) return false;
    return checker.getTypeOfSymbol(target).getProperty('_zod') !== undefined;
  }).length;
console.log(
  `node10 types ok (${seconds} s): the shim's output and input types equal zod's for all ${schemaCount} exported schemas, ${CASES.length} zod/mini type cases, and the compositions with the user's zod`,
);
