/**
 * `npm run bench -- import-floor`: how fast `import('entra-provisioning')` could be made by
 * loading more of the package on first use, measured rather than argued.
 *
 * The package is built several times the way `npm run build` builds it (tsup with this repo's
 * config, then scripts/merge-esm-chunks.mjs and scripts/strip-comments.mjs), each in a temporary
 * directory: as it is, with some modules replaced by stubs whose every export is an
 * empty function (what esbuild lists as the module's exports), so that what only they import
 * is tree-shaken away too. A stub is the best any deferral could do for those modules: loaded on
 * first use, they would still cost something at import (the code that loads them); stubbed,
 * they cost nothing. Each build is imported by its name from a package of its own, as users
 * import it, in fresh processes taking turns with a bare `node -e 0` and an empty package's
 * import; each build must export the same names.
 *
 * The stubbed sets: the request engine (what only sending a request needs), and the engine with
 * every resource class (what a client's methods do). What stays in every build is what an import
 * cannot leave for later: the exported zod schemas (usable synchronously, so zod and the models'
 * builders), the error classes, the client's options and their checks.
 *
 * Other builds change the shape of the same code, not what it holds, each alone and then all at
 * once: arrow functions written as function expressions (at import, Node 20's V8 logs a parse
 * of each arrow function where a function expression is only pre-parsed, per
 * `--log-function-events`: esbuild's own lowering, `supported: { arrow: false }`), one file instead of index.js and its chunk (Node's ES
 * module loader costs something per file), the whitespace left out (esbuild's minifyWhitespace
 * and minifySyntax, names kept), and the lazy schemas' members written into the build instead of
 * read at import from an empty zod object schema (src/internal/lazy-schema.ts's `prepare()`,
 * which builds one and so compiles zod's constructors at import). None of these is how the
 * package ships. The function expressions would grow every user's bundle (a minifier does not
 * turn them back into arrows: about 1 % more gzip for a script that lists jobs), so they would
 * need a build for Node apart from the one bundlers read (an export condition), a second copy of
 * every module in the package; the one file would have to export the internals that testing.js
 * and the modules loaded on first use import from it (names in the package's namespace that its
 * types do not declare); the members written in would have to follow zod's (a build step and a
 * test).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, transform } from 'esbuild';
import * as z from 'zod/mini';
import { build, type Options } from 'tsup';
import configs from '../tsup.config.js';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const root = fileURLToPath(new URL('..', import.meta.url));
/** Rounds of fresh processes; each round runs every command once, in turn. */
const ROUNDS = 61;

/** How a build's import files are reshaped after `npm run build`'s steps (see the top). */
interface Shape {
  readonly arrows?: boolean;
  readonly oneFile?: boolean;
  readonly minify?: boolean;
  readonly knownMembers?: boolean;
}
interface Variant {
  readonly label: string;
  /** The source files (relative to the repo) replaced with stubs. */
  readonly stubs: readonly RegExp[];
  readonly shape: Shape;
}
const ENGINE = /^src\/core\/(?:http|pipeline|paging|retry|fast-check|validation|batch)\.ts$/;
const RESOURCES = /^src\/resources\//;
const ALL_SHAPES: Shape = { arrows: true, oneFile: true, minify: true, knownMembers: true };
const VARIANTS: readonly Variant[] = [
  { label: 'as built', stubs: [], shape: {} },
  { label: 'arrow functions as function expressions', stubs: [], shape: { arrows: true } },
  { label: 'in one file', stubs: [], shape: { oneFile: true } },
  { label: 'without whitespace', stubs: [], shape: { minify: true } },
  { label: "lazy schemas' members written in", stubs: [], shape: { knownMembers: true } },
  { label: 'all four reshapings', stubs: [], shape: ALL_SHAPES },
  { label: 'request engine stubbed', stubs: [ENGINE], shape: {} },
  { label: 'engine and every resource stubbed', stubs: [ENGINE, RESOURCES], shape: {} },
  {
    label: 'engine and every resource stubbed, all four reshapings',
    stubs: [ENGINE, RESOURCES],
    shape: ALL_SHAPES,
  },
];

/** The names a module exports (types aside), as esbuild reads them. */
async function exportNames(file: string): Promise<string[]> {
  const result = await esbuild({
    entryPoints: [file],
    bundle: false,
    write: false,
    metafile: true,
    format: 'esm',
    outdir: 'out',
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  if (output === undefined) throw new Error(`import-floor: no output for ${file}`);
  return output.exports;
}

/** Replaces each source file `stubs` matches with a module of empty functions by its names. */
function stubPlugin(stubs: readonly RegExp[]): Plugin {
  return {
    name: 'import-floor-stubs',
    setup(plugin) {
      plugin.onLoad({ filter: /\.ts$/ }, async (args) => {
        const path = relative(root, args.path).split('\\').join('/');
        if (!stubs.some((stub) => stub.test(path))) return undefined;
        const names = await exportNames(args.path);
        const contents = names
          .map((name) =>
            name === 'default'
              ? 'export default function () {}'
              : `export const ${name} = function () {};`,
          )
          .join('\n');
        return { contents, loader: 'js' };
      });
    },
  };
}

const LAZY_SCHEMA = 'src/internal/lazy-schema.ts';
const PREPARE = 'function prepare(): NonNullable<typeof members> {';

/**
 * lazy-schema.ts with `prepare()` written from the members zod gives an empty object schema in
 * this process (the zod the build bundles), instead of building one at import.
 */
function knownMembersSource(source: string): string {
  const start = source.indexOf(PREPARE);
  const end = source.indexOf('\n}\n', start);
  if (start < 0 || end < 0) throw new Error(`import-floor: no prepare() in ${LAZY_SCHEMA}`);
  const sample = z.looseObject({});
  const inherited: string[] = [];
  for (let p = Object.getPrototypeOf(sample) as object; p !== Object.prototype;) {
    inherited.push(...Reflect.ownKeys(p).map(String));
    p = Object.getPrototypeOf(p) as object;
  }
  const own = Reflect.ownKeys(sample).map((key) => [
    String(key),
    Object.prototype.propertyIsEnumerable.call(sample, key),
  ]);
  const written = `${PREPARE}
  const inherited: PropertyDescriptorMap = {};
  for (const key of ${JSON.stringify(inherited)}) inherited[key] = prototypeMember(key);
  shellPrototype = Object.create(Object.prototype, inherited) as object;
  const own = ${JSON.stringify(own)} as [string, boolean][];
  const getters: PropertyDescriptorMap = {};
  for (const [key, enumerable] of own) getters[key] = ownMember(key, enumerable);
  return (members = { own: own.map(([key]) => key), getters });`;
  return source.slice(0, start) + written + source.slice(end);
}

/** Writes lazy-schema.ts's `prepare()` with zod's members known (see knownMembersSource). */
const knownMembersPlugin: Plugin = {
  name: 'import-floor-known-members',
  setup(plugin) {
    plugin.onLoad({ filter: /lazy-schema\.ts$/ }, (args) => {
      if (relative(root, args.path).split('\\').join('/') !== LAZY_SCHEMA) return undefined;
      return { contents: knownMembersSource(readFileSync(args.path, 'utf8')), loader: 'ts' };
    });
  },
};

/**
 * index.js rewritten as one file: esbuild bundles it with the chunks it imports statically, and
 * leaves what it loads on first use (a dynamic import) as it was. (testing.js still imports the
 * chunk, and so would hold a second copy of every class: fine for timing an import of index.js,
 * not for shipping.)
 */
async function intoOneFile(dist: string): Promise<void> {
  const result = await esbuild({
    entryPoints: [join(dist, 'index.js')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'first-use-stays',
        setup(plugin) {
          plugin.onResolve({ filter: /.*/ }, (args) =>
            args.kind === 'dynamic-import' ||
            (args.kind !== 'entry-point' && !args.path.startsWith('.'))
              ? { path: args.path, external: true }
              : undefined,
          );
        },
      },
    ],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('import-floor: esbuild wrote no index.js');
  writeFileSync(join(dist, 'index.js'), output.text);
}

/** Applies `shape`'s rewrites of the files an import of index.js reads (after the build). */
async function reshape(dir: string, shape: Shape): Promise<void> {
  const dist = join(dir, 'dist');
  if (shape.oneFile === true) await intoOneFile(dist);
  if (shape.arrows !== true && shape.minify !== true) return;
  for (const file of importedFiles(dir)) {
    const path = join(dist, file);
    const { code } = await transform(readFileSync(path, 'utf8'), {
      format: 'esm',
      target: 'node20',
      loader: 'js',
      ...(shape.arrows === true ? { supported: { arrow: false } } : {}),
      ...(shape.minify === true ? { minifyWhitespace: true, minifySyntax: true } : {}),
    });
    writeFileSync(path, code);
  }
}

/** Builds the package into a new package directory (named `entra-provisioning`); returns it. */
async function buildVariant({ stubs, shape }: Variant): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'entra-provisioning-floor-'));
  const dist = join(dir, 'dist');
  mkdirSync(dist);
  const [library, ...others] = configs as Options[];
  if (library === undefined) throw new Error('import-floor: tsup.config.ts has no library build');
  for (const [i, config] of [library, ...others].entries()) {
    await build({
      ...config,
      config: false,
      silent: true,
      dts: false,
      outDir: dist,
      esbuildPlugins: [
        ...(config.esbuildPlugins ?? []),
        ...(i === 0 ? [stubPlugin(stubs)] : []),
        ...(i === 0 && shape.knownMembers === true ? [knownMembersPlugin] : []),
      ],
    });
  }
  for (const script of ['merge-esm-chunks.mjs', 'strip-comments.mjs']) {
    execFileSync(process.execPath, [join(root, 'scripts', script), dist], { stdio: 'ignore' });
  }
  await reshape(dir, shape);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'entra-provisioning',
      type: 'module',
      exports: { '.': { import: './dist/index.js' } },
    }),
  );
  return dir;
}

/** The files an import of `dir`'s package reads: index.js and what it imports statically. */
function importedFiles(dir: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dir, 'dist', file), 'utf8');
    for (const [, spec] of code.matchAll(/\b(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g)) {
      visit(spec as string);
    }
  };
  visit('index.js');
  return seen;
}

/** The bytes an import of `dir`'s package reads. */
function importedBytes(dir: string): number {
  let bytes = 0;
  for (const file of importedFiles(dir)) bytes += readFileSync(join(dir, 'dist', file)).length;
  return bytes;
}

const TIMED_ENV = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].includes(name),
  ),
);

interface Command {
  readonly args: readonly string[];
  readonly cwd: string;
}
const importByName: readonly string[] = [
  '--input-type=module',
  '-e',
  "await import('entra-provisioning')",
];

/** Wall times of `commands`, `rounds` fresh processes each, the commands taking turns. */
function alternate(commands: readonly Command[], rounds: number): number[][] {
  const times = commands.map((): number[] => []);
  for (let round = 0; round < rounds; round += 1) {
    commands.forEach(({ args, cwd }, i) => {
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, args, { cwd, stdio: 'ignore', env: TIMED_ENV });
      times[i]?.push(Number(process.hrtime.bigint() - started) / 1e6);
    });
  }
  return times;
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The section's lines for bench/RESULTS.md. */
export async function importFloorBench(): Promise<string[]> {
  const dirs: string[] = [];
  try {
    for (const variant of VARIANTS) dirs.push(await buildVariant(variant));
    const names = dirs.map((cwd) =>
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const m = await import('entra-provisioning'); console.log(Object.keys(m).join())",
        ],
        { cwd, env: TIMED_ENV, encoding: 'utf8' },
      ),
    );
    if (names.some((list) => list !== names[0])) {
      throw new Error('import-floor: a stubbed build does not export what the package exports');
    }
    const bytes = dirs.map(importedBytes);
    // Guards that each stubbed build stubs something (a pattern that matches nothing).
    const unshaped = VARIANTS.flatMap((variant, i) =>
      Object.keys(variant.shape).length === 0 ? [bytes[i] ?? 0] : [],
    );
    if (unshaped.some((size, i) => i > 0 && size >= (unshaped[i - 1] ?? 0))) {
      throw new Error('import-floor: a build stubs nothing more than the one before it');
    }
    const empty = mkdtempSync(join(tmpdir(), 'entra-provisioning-floor-empty-'));
    dirs.push(empty);
    writeFileSync(
      join(empty, 'package.json'),
      JSON.stringify({ name: 'entra-provisioning', type: 'module', exports: './index.js' }),
    );
    writeFileSync(join(empty, 'index.js'), 'export {};\n');
    const times = alternate(
      [
        { args: ['-e', '0'], cwd: root },
        { args: importByName, cwd: empty },
        ...dirs.slice(0, VARIANTS.length).map((cwd) => ({ args: importByName, cwd })),
      ],
      ROUNDS,
    );
    return report(times, bytes);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

function report(times: number[][], bytes: readonly number[]): string[] {
  const [bare = [], empty = [], ...builds] = times;
  const bareMs = median(bare);
  const asBuilt = builds[0] ?? [];
  const x = (ms: number): string => `${(ms / bareMs).toFixed(2)}×`;
  /** The median of each round's ratio to the package as built in the same round. */
  const againstBuilt = (own: readonly number[]): number =>
    median(own.map((ms, round) => ms / (asBuilt[round] ?? Number.NaN)));
  const lines = [
    '## 6. Import floor: the same package with parts of it costing nothing at import',
    '',
    `\`npm run bench -- import-floor\` (bench/import-floor.ts): medians of ${String(ROUNDS)} rounds of fresh processes, the commands taking turns; "× as built" is the median of each round's own ratio.`,
    '',
    '| import of | parsed at import | median | × `node -e 0` | × as built |',
    '| --- | --- | --- | --- | --- |',
    `| nothing: \`node -e 0\` (baseline) | | ${bareMs.toFixed(0)} ms | 1.00× | |`,
    `| an empty package, by its name | 0.0 kB | ${median(empty).toFixed(0)} ms | ${x(median(empty))} | |`,
  ];
  VARIANTS.forEach((variant, i) => {
    const own = builds[i] ?? [];
    lines.push(
      `| the package, ${variant.label} | ${((bytes[i] ?? Number.NaN) / 1024).toFixed(1)} kB | ${median(own).toFixed(0)} ms | ${x(median(own))} | ${i === 0 ? '1.00×' : `${againstBuilt(own).toFixed(2)}×`} |`,
    );
  });
  const byLabel = (label: string): readonly number[] =>
    builds[VARIANTS.findIndex((variant) => variant.label === label)] ?? [];
  const reshaped = byLabel('all four reshapings');
  const stubbed = byLabel('engine and every resource stubbed');
  const floor = builds.at(-1) ?? [];
  lines.push(
    '',
    `A stubbed module is replaced by empty functions by the names it exports, and what only it imports is left out: the most that loading it on first use could save. With the request engine and every resource costing nothing at import, the import takes ${x(median(stubbed))} \`node -e 0\` (${againstBuilt(stubbed).toFixed(2)}× the package as built, which takes ${x(median(asBuilt))}); the target is ≤ 1.35×. A real deferral saves less: what loads the deferred code (a forwarder for each method of each resource) stays in the import, and the first request pays for loading it.`,
    '',
    `The reshaped builds hold the same code (see bench/import-floor.ts for why none ships as is): all four reshapings together take ${x(median(reshaped))} (${againstBuilt(reshaped).toFixed(2)}× as built); with the engine and every resource stubbed as well, ${x(median(floor))} (${againstBuilt(floor).toFixed(2)}×). An empty package's import, ${x(median(empty))}, is what Node's ES module loader costs for any package, of the target's 0.35×.`,
    '',
  );
  return lines;
}
