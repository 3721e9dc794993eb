// Size and import time of the built package, each next to a baseline measured in the same run
// (these machines are noisy): `npm run build && node scripts/measure-package.mjs`.
//
// - import: median of 5 fresh `node -e "import('entra-provisioning')"`, against 5 fresh bare
//   `node -e "0"` runs (process start-up) and 5 imports of @microsoft/microsoft-graph-client.
// - bundle: esbuild --bundle --minify of a script that lists a service principal's sync jobs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

function medianMs(code, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, ['--input-type=module', '-e', code], { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

const bare = medianMs('0');
const graphClient = medianMs("await import('@microsoft/microsoft-graph-client')");
const ours = medianMs("await import('entra-provisioning')");

// Inside the package, so 'entra-provisioning' resolves through its own exports map.
const dir = mkdtempSync(join(process.cwd(), '.size-'));
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
const outfile = join(dir, 'out.js');
await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  outfile,
  absWorkingDir: process.cwd(),
  external: ['@azure/identity'],
  logLevel: 'error',
});
const bundle = readFileSync(outfile);
rmSync(dir, { recursive: true, force: true });

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`Node ${process.version}`);
console.log(`import, median of 5 fresh processes:`);
console.log(`  node -e "0" (baseline)                 ${bare.toFixed(0)} ms`);
console.log(`  import('@microsoft/microsoft-graph-client') ${graphClient.toFixed(0)} ms`);
console.log(
  `  import('entra-provisioning')           ${ours.toFixed(0)} ms  (${(ours - bare).toFixed(0)} ms over baseline, ${(ours / bare).toFixed(2)}x)`,
);
console.log(`bundle of "list a service principal's sync jobs" (esbuild, minified):`);
console.log(`  ${kb(bundle.length)} minified, ${kb(gzipSync(bundle).length)} gzip`);
