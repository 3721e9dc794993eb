// Size and import time of the built package, each next to a baseline measured in the same run
// (these machines are noisy), and next to Microsoft's Graph SDK figures from the issue:
// `npm run build && node scripts/measure-package.mjs [--budget]`. Never builds: it measures dist/.
//
// - import: median of 11 fresh `node -e "import('entra-provisioning')"` (and `require`), against
//   11 fresh bare `node -e "0"` runs of the same format (process start-up) and 11 imports of
//   @microsoft/microsoft-graph-client, run in turn; and, for reference, an import (and a require)
//   of an empty package by its name: Node's own cost of importing any package. Each is timed
//   without NODE_EXTRA_CA_CERTS (bare) and, when it is set, with it too (see BASES).
// - CLI start-up: `dist/cli.js --help` and `--fake --json templates list --top 2` against
//   bench/cli-floor.mjs printing the same output (reported against a 1.3x target, not enforced).
// - bundle: esbuild --bundle --minify (platform node, ESM) of a script that lists a service
//   principal's sync jobs, resolving `entra-provisioning` through its exports map to dist/ (the
//   repo's tsconfig `paths`, which point at src/, are ignored), @azure/identity external. The
//   budgeted figure is what the script loads when split (--splitting): its entry, the chunks
//   they import and the Graph client chunks the first request imports, not the workflows'
//   chunks; the one-file bundle is printed too. gzip is zlib's default level (6) over the loaded
//   chunks concatenated.
//
// --budget: exit 1 when the bundle is over BUDGET.minifiedKiB or BUDGET.gzipKiB, where
// kB = 1024 bytes (as printed): over means bytes > limit × 1024; or when an import takes more
// than IMPORT.ci times its baseline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// CI fails over BUDGET (what the script loads, code split), a little above what is measured;
// BUNDLE_TARGET is the issue's target, reported next to the figure.
const BUDGET = { minifiedKiB: 130, gzipKiB: 42 };
const BUNDLE_TARGET = { minifiedKiB: 120, gzipKiB: 36 };
// Import time over a bare `node -e 0` of the same format, measured in the same run: the target
// the project aims at, and a generous limit that fails CI (busy CI machines are noisy; a
// regression that loads a dependency at import again, +0.5x or so, still trips it).
const IMPORT = { target: 1.35, ci: 2.0 };
// `entra-provisioning --help` (and a fake command) over bench/cli-floor.mjs printing the same.
const CLI_TARGET = 1.3;
// The issue's compass: Microsoft's Graph SDK for TypeScript, as reported there (not measured here).
const MICROSOFT_SDK = { bundleBytes: 5 * 1024 * 1024 };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const enforce = process.argv.includes('--budget');

for (const file of ['dist/index.js', 'dist/index.cjs']) {
  if (!existsSync(join(root, file))) {
    console.error(`${file} is missing: run \`npm run build\` first (this script never builds).`);
    process.exit(1);
  }
}

/**
 * The environments the timed processes run in. `bare`: this one's, without what makes every Node
 * process start slower (or load more) whatever it runs. `NODE_EXTRA_CA_CERTS` makes Node read
 * and parse the certificates it names at start-up (a whole system bundle more than doubles a bare
 * `node -e 0` on some machines), which hides the package's own cost in a larger baseline;
 * `NODE_OPTIONS` could load anything. `asSet`: with `NODE_EXTRA_CA_CERTS` as this machine sets it
 * for every process (still without `NODE_OPTIONS`), timed too when it is set, because that is
 * the baseline the issue's figures were measured against: its "1.49x for Microsoft's
 * graph-client" is what the graph-client measures here with the bundle read (about 1.47x) and
 * not without it (about 2.1x). Both are reported; the CI limit applies to `bare`.
 */
const BASES = [
  {
    name: 'bare',
    env: Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].includes(name),
      ),
    ),
  },
  ...(process.env.NODE_EXTRA_CA_CERTS === undefined
    ? []
    : [
        {
          name: 'asSet',
          env: Object.fromEntries(
            Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS'),
          ),
        },
      ]),
];
const TIMED_ENV = BASES[0].env;
const UNSET = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].filter((name) => name in process.env);

/**
 * Median wall time of each command, over `runs` fresh processes per command, run in turn (A, B,
 * C, A, B, C, …) so that a machine that slows down mid-run slows every command alike.
 */
function alternatingMedians(commands, runs = 11) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((command, c) => {
      const {
        args,
        cwd = root,
        env = TIMED_ENV,
      } = Array.isArray(command) ? { args: command } : command;
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, args, { cwd, stdio: 'ignore', env });
      times[c].push(Number(process.hrtime.bigint() - started) / 1e6);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(runs / 2)]);
}

const esm = (code) => ['--input-type=module', '-e', code];
const RUNS = 11;

/**
 * A package with nothing in it, imported by its name as the package is (a self-reference through
 * its exports map): what Node itself spends on importing any package (resolving the name, reading
 * package.json, and for ESM starting its module loader), shown next to ours.
 */
function emptyPackage() {
  const dir = mkdtempSync(join(tmpdir(), 'entra-provisioning-empty-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'empty-package',
      type: 'module',
      exports: { import: './index.js', require: './index.cjs' },
    }),
  );
  writeFileSync(join(dir, 'index.js'), 'export {};\n');
  writeFileSync(join(dir, 'index.cjs'), 'module.exports = {};\n');
  return dir;
}
const empty = emptyPackage();

// The CLI against bench/cli-floor.mjs printing the same text: each command's output is captured
// first, for the floor to print.
// A command that talks to Graph, even the fake one, goes through Node's fetch, whose first use
// loads undici (30 to 40 ms here), and loads the Graph client's modules: its floor is measured
// bare, with one fetch, and with one fetch and those modules (the floor its target is read
// against: the same libraries).
const CLI_COMMANDS = {
  '--help': { args: ['--help'], fetch: false },
  '--fake --json templates list --top 2': {
    args: ['--fake', '--json', 'templates', 'list', '--top', '2'],
    fetch: true,
  },
};
// The Graph client's modules as dist/ ships them for the CLI, which its first request loads: the
// floor of a command that talks to Graph loads them too (a library, not the CLI's own cost).
// They are the files the CLI's start-up modules import dynamically by those names.
function cliGraphClientModules() {
  const seen = new Set();
  const found = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(root, 'dist', file), 'utf8');
    for (const [, spec] of code.matchAll(/\bimport\s*\(\s*["']\.\/([\w-]+\.js)["']\s*\)/g)) {
      if (/^(GraphRequest|HTTPClient|ResponseType)-/.test(spec)) found.add(spec);
    }
    for (const [, spec] of code.matchAll(/\bfrom\s*["']\.\/([\w-]+\.js)["']/g)) visit(spec);
  };
  visit('cli.js');
  if (found.size === 0) throw new Error("the CLI's Graph client modules were not found in dist/");
  return [...found].map((file) => `--import=dist/${file}`);
}
const graphClientImports = cliGraphClientModules();
const outputs = mkdtempSync(join(tmpdir(), 'entra-provisioning-cli-'));
const cliRuns = Object.entries(CLI_COMMANDS).flatMap(([name, { args, fetch }], i) => {
  const file = join(outputs, `${String(i)}.txt`);
  writeFileSync(
    file,
    execFileSync(process.execPath, ['dist/cli.js', ...args], { cwd: root, env: TIMED_ENV }),
  );
  return [
    [name, 'floor', ['bench/cli-floor.mjs', file]],
    ...(fetch
      ? [
          [name, 'floor+fetch', ['bench/cli-floor.mjs', file, '--fetch']],
          [name, 'floor+libs', ['bench/cli-floor.mjs', file, '--fetch', ...graphClientImports]],
        ]
      : []),
    [name, 'cli', ['dist/cli.js', ...args]],
  ];
});
// Every command under every baseline, all in one alternation: the bases are compared in one run.
const TIMED = [
  esm('0'),
  esm("await import('@microsoft/microsoft-graph-client')"),
  esm("await import('entra-provisioning')"),
  ['-e', '0'],
  ['-e', "require('entra-provisioning')"],
  { args: esm("await import('empty-package')"), cwd: empty },
  { args: ['-e', "require('empty-package')"], cwd: empty },
  ...cliRuns.map(([, , args]) => args),
];
/** Each basis's medians, by name: `bare`, and `asSet` when NODE_EXTRA_CA_CERTS is set. */
const timed = {};
try {
  const medians = alternatingMedians(
    BASES.flatMap(({ env }) =>
      TIMED.map((command) => ({ ...(Array.isArray(command) ? { args: command } : command), env })),
    ),
    RUNS,
  );
  BASES.forEach(({ name }, i) => {
    const [bare, graphClient, ours, bareCjs, oursCjs, emptyEsm, emptyCjs, ...cliTimes] =
      medians.slice(i * TIMED.length, (i + 1) * TIMED.length);
    timed[name] = { bare, graphClient, ours, bareCjs, oursCjs, emptyEsm, emptyCjs, cliTimes };
  });
} finally {
  rmSync(outputs, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
}
const { bare, ours, bareCjs, oursCjs } = timed.bare;

// Inside the package, so 'entra-provisioning' resolves through its own exports map.
const dir = mkdtempSync(join(root, '.size-'));
let bundle;
let whole;
let unloaded;
let byPackage;
try {
  const entry = join(dir, 'list-jobs.mjs');
  writeFileSync(
    entry,
    `import { ProvisioningClient } from 'entra-provisioning';
const client = new ProvisioningClient({ accessToken: process.env.TOKEN });
for await (const job of client.servicePrincipals.byId(process.argv[2]).synchronization.jobs.list()) {
  console.log(job.id, job.status?.code);
}
`,
  );
  const common = {
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    absWorkingDir: root,
    // Not the repo's tsconfig: its `paths` map the package name to src/, not to what ships.
    tsconfigRaw: '{}',
    external: ['@azure/identity'],
    metafile: true,
    logLevel: 'error',
  };
  // One file, as esbuild makes it without --splitting: everything reachable, the workflows too.
  const outfile = join(dir, 'out.js');
  const single = await build({ ...common, outfile });
  whole = readFileSync(outfile);
  // Split, as Vite, Rollup and webpack do by default (esbuild with --splitting): what the script
  // loads is its entry, the chunks those import, and the Graph client's chunks its first request
  // imports; a chunk only configureProvisioning(Many) imports is never loaded.
  const outdir = join(dir, 'split');
  const split = await build({ ...common, outdir, splitting: true });
  const outputs = split.metafile.outputs;
  // The script's own output: each dynamic import's chunk is an entry point in the metafile too.
  const entryOut = Object.keys(outputs).find((o) =>
    outputs[o].entryPoint?.endsWith('list-jobs.mjs'),
  );
  if (entryOut === undefined) throw new Error('the split bundle has no output for the script');
  const isGraphClient = (o) =>
    Object.keys(outputs[o].inputs).some((i) => /\/(GraphRequest|HTTPClient)-\w+\.js$/.test(i));
  const loadedSet = new Set();
  const pending = [entryOut];
  while (pending.length > 0) {
    const o = pending.pop();
    if (loadedSet.has(o)) continue;
    loadedSet.add(o);
    for (const { path, kind } of outputs[o].imports) {
      if (kind === 'import-statement' || (kind === 'dynamic-import' && isGraphClient(path))) {
        pending.push(path);
      }
    }
  }
  const skipped = Object.keys(outputs).filter((o) => o.endsWith('.js') && !loadedSet.has(o));
  bundle = Buffer.concat([...loadedSet].map((o) => readFileSync(join(root, o))));
  unloaded = skipped.reduce((n, o) => n + outputs[o].bytes, 0);
  const inputs = [...loadedSet].flatMap((o) => Object.entries(outputs[o].inputs));
  const allInputs = Object.values(single.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
  const sources = allInputs.filter((path) => path.startsWith('src/'));
  if (sources.length > 0) {
    throw new Error(`the bundle was built from sources, not dist/: ${sources.slice(0, 3)}`);
  }
  byPackage = new Map();
  for (const [path, { bytesInOutput }] of inputs) {
    const name = path.startsWith('dist/')
      ? 'entra-provisioning (dist)'
      : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'the script itself');
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const gzip = gzipSync(bundle).length;
const bundleVerdict =
  bundle.length <= BUNDLE_TARGET.minifiedKiB * 1024 && gzip <= BUNDLE_TARGET.gzipKiB * 1024
    ? 'met'
    : 'not met';
const wholeGzip = gzipSync(whole).length;

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const ratio = (time, base) => `${(time / base).toFixed(2)}x`;
const ms = (n) => `${n.toFixed(0)} ms`;
const pad = (s) => s.padEnd(46);
const verdict = (time, base, target) => (time / base <= target ? 'met' : 'NOT met');
const BASIS_LABEL = {
  bare: `bare: timed without ${UNSET.length === 0 ? 'NODE_OPTIONS' : UNSET.join(' and ')}, Node's own start-up (the CI limit applies here)`,
  asSet:
    "as set: with NODE_EXTRA_CA_CERTS, which Node reads at start-up, as every process on this machine does: the baseline the issue's figures were measured against (its graph-client figure, 1.49x, is what the graph-client measures this way)",
};
console.log(
  `Node ${process.version} (kB = 1024 bytes); ${BASES.length === 1 ? 'NODE_EXTRA_CA_CERTS is not set here: one baseline' : 'NODE_EXTRA_CA_CERTS is set here: every process is timed both without it and with it, in the same run'}`,
);
console.log(
  `import, median of ${String(RUNS)} fresh processes each, run in turn (target ≤ ${IMPORT.target.toFixed(2)}x, "faster than importing Microsoft's graph-client alone in the same run"):`,
);
for (const { name } of BASES) {
  const t = timed[name];
  console.log(`  ${BASIS_LABEL[name]}`);
  console.log(`    ${pad('node -e "0" (baseline, ESM and CJS)')}${ms(t.bare)}, ${ms(t.bareCjs)}`);
  console.log(
    `    ${pad('an empty package, import and require')}${ms(t.emptyEsm)} (${ratio(t.emptyEsm, t.bare)}), ${ms(t.emptyCjs)} (${ratio(t.emptyCjs, t.bareCjs)}): what Node spends importing any package`,
  );
  console.log(
    `    ${pad("import('@microsoft/microsoft-graph-client')")}${ms(t.graphClient)}  (${ratio(t.graphClient, t.bare)})`,
  );
  for (const [label, time, base, graph] of [
    [
      "import('entra-provisioning')",
      t.ours,
      t.bare,
      `; ${ratio(t.ours, t.graphClient)} the graph-client's import`,
    ],
    ["require('entra-provisioning')", t.oursCjs, t.bareCjs, ''],
  ]) {
    const ci = name === 'bare' ? `; CI fails over ${IMPORT.ci.toFixed(2)}x` : '';
    console.log(
      `    ${pad(label)}${ms(time)}  (${(time - base).toFixed(0)} ms over baseline, ${ratio(time, base)}: ${verdict(time, base, IMPORT.target)}${graph}${ci})`,
    );
  }
}
console.log(
  `CLI start-up against a bare commander program loading the same libraries, printing the same output (target ≤ ${CLI_TARGET.toFixed(2)}x; reported, not enforced):`,
);
for (const { name: basis } of BASES) {
  const { cliTimes } = timed[basis];
  const cliTime = (name, kind) => cliTimes[cliRuns.findIndex(([n, k]) => n === name && k === kind)];
  if (BASES.length > 1) console.log(`  ${basis === 'bare' ? 'bare' : 'as set'}:`);
  for (const [name, { fetch }] of Object.entries(CLI_COMMANDS)) {
    const [floor, cli] = [cliTime(name, 'floor'), cliTime(name, 'cli')];
    // A command that talks to Graph is read against the floor that loads what it loads.
    const target = fetch ? cliTime(name, 'floor+libs') : floor;
    const withFetch = fetch
      ? `; with one fetch ${ms(cliTime(name, 'floor+fetch'))}, ${ratio(cli, cliTime(name, 'floor+fetch'))}; with one fetch and the Graph client's modules ${ms(target)}, ${ratio(cli, target)}`
      : '';
    console.log(
      `    ${pad(`entra-provisioning ${name}`)} ${ms(cli)}  (floor ${ms(floor)}, ${ratio(cli, floor)}${withFetch}: ${verdict(cli, target, CLI_TARGET)})`,
    );
  }
}
console.log(
  `bundle of "list a service principal's sync jobs" (esbuild, minified, @azure/identity external):`,
);
console.log(
  `  what it loads, code split: ${kb(bundle.length)} minified, ${kb(gzip)} gzip (${String(gzip)} bytes; target ≤ ${BUNDLE_TARGET.minifiedKiB} kB, ≤ ${BUNDLE_TARGET.gzipKiB} kB gzip: ${bundleVerdict}; the workflows and the other modules loaded on first use, ${kb(unloaded)}, not loaded)`,
);
console.log(`  one file, not split: ${kb(whole.length)} minified, ${kb(wholeGzip)} gzip`);
for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) {
  console.log(`    ${pad(name)}${kb(bytes).padStart(9)} minified`);
}
console.log(
  `Microsoft's Graph SDK for TypeScript (the issue's compass figures, not measured here):`,
);
console.log(
  `  about 5 MB bundle (ours: ${kb(bundle.length)}, ${((bundle.length / MICROSOFT_SDK.bundleBytes) * 100).toFixed(1)}% of it)`,
);
console.log(
  `  about 0.5 s import (ours: ${ms(ours)} in all, ${ms(ours - bare)} over Node's start-up)`,
);

const over = [];
if (bundle.length > BUDGET.minifiedKiB * 1024)
  over.push(`${kb(bundle.length)} minified > ${BUDGET.minifiedKiB} kB`);
if (gzip > BUDGET.gzipKiB * 1024) over.push(`${kb(gzip)} gzip > ${BUDGET.gzipKiB} kB`);
for (const [label, time, base] of [
  ['import', ours, bare],
  ['require', oursCjs, bareCjs],
]) {
  if (time / base > IMPORT.ci)
    over.push(`${label} ${ratio(time, base)} > ${IMPORT.ci.toFixed(2)}x`);
}
const budgetVerdict = over.length === 0 ? 'within' : `OVER (${over.join('; ')})`;
console.log(
  `budget (bytes > limit × 1024 fails; import over its CI ratio fails): ${BUDGET.minifiedKiB} kB minified, ${BUDGET.gzipKiB} kB gzip, import ${IMPORT.ci.toFixed(2)}x bare: ${budgetVerdict}`,
);
if (enforce && over.length > 0) process.exitCode = 1;
