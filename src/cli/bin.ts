/**
 * The `entra-provisioning` executable: runs the command line and exits with its code. Ctrl-C
 * stops long commands cleanly (a second Ctrl-C exits at once).
 */
import { runCli } from './main.js';

const controller = new AbortController();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort(new Error(`${signal} received`));
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  // Getters: Node makes the stream of a standard file when it is first read (a TTY's or a
  // pipe's sets up more than a file's), and only `secrets set --stdin` reads stdin; `--help`
  // writes nothing to stderr either (a command that talks to Graph makes stderr's anyway: Node's
  // fetch loads node:assert, which reads it).
  get stderr() {
    return process.stderr;
  },
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
