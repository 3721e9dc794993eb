/**
 * `npm run bench -- import-floor`: how fast `import('entra-provisioning')` could be made by
 * loading more of the package on first use, measured rather than argued.
 *
 * The package is built three times the way `npm run build` builds it (tsup with this repo's
 * config, then scripts/merge-esm-chunks.mjs and scripts/strip-comments.mjs), each in a temporary
 * directory: as it is, and twice with some modules replaced by stubs whose every export is an
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
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build, type Options } from 'tsup';
import configs from '../tsup.config.js';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const root = fileURLToPath(new URL('..', import.meta.url));
/** Rounds of fresh processes; each round runs every command once, in turn. */
const ROUNDS = 61;

/** The builds: which source files (relative to the repo) each replaces with stubs. */
const ENGINE = /^src\/core\/(?:http|pipeline|paging|retry|fast-check|validation|batch)\.ts$/;
const VARIANTS = [
  { label: 'as built', stubs: [] },
  { label: 'request engine stubbed', stubs: [ENGINE] },
  { label: 'engine and every resource stubbed', stubs: [ENGINE, /^src\/resources\//] },
] as const satisfies readonly { label: string; stubs: readonly RegExp[] }[];

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

/** Builds the package into a new package directory (named `entra-provisioning`); returns it. */
async function buildVariant(stubs: readonly RegExp[]): Promise<string> {
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
      esbuildPlugins: [...(config.esbuildPlugins ?? []), ...(i === 0 ? [stubPlugin(stubs)] : [])],
    });
  }
  for (const script of ['merge-esm-chunks.mjs', 'strip-comments.mjs']) {
    execFileSync(process.execPath, [join(root, 'scripts', script), dist], { stdio: 'ignore' });
  }
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

/** The bytes an import of `dir`'s package reads: index.js and the files it imports statically. */
function importedBytes(dir: string): number {
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
  let bytes = 0;
  for (const file of seen) bytes += readFileSync(join(dir, 'dist', file)).length;
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
    for (const variant of VARIANTS) dirs.push(await buildVariant(variant.stubs));
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
    if (bytes.some((size, i) => i > 0 && size >= (bytes[i - 1] ?? 0))) {
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
  const all = builds.at(-1) ?? [];
  lines.push(
    '',
    `A stubbed module is replaced by empty functions by the names it exports, and what only it imports is left out: the most that loading it on first use could save. With the request engine and every resource costing nothing at import, the import takes ${x(median(all))} \`node -e 0\` (${againstBuilt(all).toFixed(2)}× the package as built, which takes ${x(median(asBuilt))}); the target is ≤ 1.35×. A real deferral saves less: what loads the deferred code (a forwarder for each method of each resource) stays in the import, and the first request pays for loading it.`,
    '',
  );
  return lines;
}
