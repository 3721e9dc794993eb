// The recipes of docs/repl-and-notebooks.md, read from the page and typed into their REPLs, so the
// guide and what CI runs cannot drift apart. scripts/smoke-pack.mjs runs them against the packed
// package (`npm run test:pack`), with the page as the tarball ships it.
//
// A recipe is a set of fenced blocks, each right after a marker comment in the page:
//   <!-- recipe: NAME repl -->     the lines typed into the REPL, one at a time;
//   <!-- recipe: NAME output -->   lines the REPL must print, in order (`…` matches anything);
//   <!-- recipe: NAME FILE -->     a file written before the REPL starts (ts-node's tsconfig.json).
// Each line is typed once the REPL has given its prompt back (so a top-level `await` has settled),
// and the run fails on an error the REPL printed (Uncaught, SyntaxError, TS diagnostics) or on an
// output line it never printed.
//
// Standalone, against a project where the package is installed (after `npm run build` and an
// install of the tarball there): node scripts/repl-recipes.mjs PROJECT_DIR [NAME…]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The guide, as installed in a project (the tarball ships docs/*.md). */
export const GUIDE = join('node_modules', 'entra-provisioning', 'docs', 'repl-and-notebooks.md');

const MARKED_BLOCK = /<!-- recipe: ([\w-]+) ([\w.-]+) -->\s*\n```[\w-]*\n([\s\S]*?)\n```/g;

/** The recipes of the page: name → { repl: lines, output: lines, files: { name: text } }. */
export function readRecipes(markdown) {
  const recipes = new Map();
  for (const [, name, part, body] of markdown.matchAll(MARKED_BLOCK)) {
    const recipe = recipes.get(name) ?? { name, repl: [], output: [], files: {} };
    if (part === 'repl' || part === 'output') recipe[part] = body.split('\n').filter((l) => l);
    else recipe.files[part] = `${body}\n`;
    recipes.set(name, recipe);
  }
  return recipes;
}

/** The command that starts a recipe's REPL in `project`; `-i` makes it a REPL on a pipe too. */
export function replCommand(name, { project, tsx, isWindows = process.platform === 'win32' }) {
  const bin = (tool) => join(project, 'node_modules', '.bin', isWindows ? `${tool}.cmd` : tool);
  switch (name) {
    case 'node':
      return { command: process.execPath, args: ['-i'] };
    case 'tsx':
      return { command: tsx ?? bin('tsx'), args: ['-i'] };
    case 'ts-node':
      return { command: bin('ts-node'), args: ['-i'] };
    default:
      throw new Error(`no REPL command for recipe '${name}'`);
  }
}

/** A line of the page's output block as a pattern: `…` matches anything, the rest as is. */
function linePattern(expected) {
  const pieces = expected.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${pieces.join('.*')}$`);
}

const ERROR = /Uncaught|SyntaxError|error TS\d+|\bERR_[A-Z_]+/;
// Node's REPL prints its prompt before the next output: `> ConfigureProvisioningResult …`.
const PROMPT = /(?:^|\n)> /g;

/** What went wrong in `output` for `recipe`: errors printed, expected lines never printed. */
export function problemsOf(recipe, output) {
  const lines = output.split('\n').map((l) => l.replace(/^(> )+/, '').trimEnd());
  const problems = lines.filter((l) => ERROR.test(l)).map((l) => `error: ${l}`);
  let from = 0;
  for (const expected of recipe.output) {
    const pattern = linePattern(expected);
    const at = lines.findIndex((l, i) => i >= from && pattern.test(l));
    if (at === -1) problems.push(`never printed (in order): ${expected}`);
    else from = at + 1;
  }
  if (recipe.repl.length === 0) problems.push('the recipe has no repl block');
  return problems;
}

/**
 * Types the recipe into the REPL `command` in `cwd`, one line per prompt, then closes its input.
 * Resolves with its exit code, everything it printed, and the lines it never got to.
 */
export function typeIntoRepl(recipe, { command, args, cwd, timeoutMs = 120_000, env = {} }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    let stdout = '';
    let stderr = '';
    let sent = 0;
    const typeNext = () => {
      const prompts = stdout.match(PROMPT)?.length ?? 0;
      while (sent < recipe.repl.length && prompts > sent)
        child.stdin.write(`${recipe.repl[sent++]}\n`);
      if (sent === recipe.repl.length && prompts > sent) child.stdin.end();
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      typeNext();
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {});
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => (stderr += `\n${error.message}`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const unsent = recipe.repl.slice(sent);
      resolve({ code: code ?? (signal ? 128 : 1), output: `${stdout}\n${stderr}`, unsent });
    });
  });
}

/** Runs one recipe in `dir` (created, its files written): resolves with its problems, if any. */
export async function runRecipe(recipe, { dir, ...repl }) {
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(recipe.files)) writeFileSync(join(dir, file), text);
  const r = await typeIntoRepl(recipe, { ...repl, cwd: dir });
  const problems = problemsOf(recipe, r.output);
  if (r.unsent.length > 0) problems.push(`never typed (no prompt back): ${r.unsent[0]}`);
  if (r.code !== 0) problems.push(`exit ${r.code}`);
  return { problems, output: r.output };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [project, ...names] = process.argv.slice(2);
  if (project === undefined) {
    console.error('usage: node scripts/repl-recipes.mjs PROJECT_DIR [NAME…]');
    process.exit(2);
  }
  const recipes = readRecipes(readFileSync(join(project, GUIDE), 'utf8'));
  for (const recipe of recipes.values()) {
    if (names.length > 0 && !names.includes(recipe.name)) continue;
    const dir = join(project, 'recipes', recipe.name);
    const { problems, output } = await runRecipe(recipe, {
      dir,
      ...replCommand(recipe.name, { project }),
    });
    console.log(`${problems.length === 0 ? 'PASS' : 'FAIL'} ${recipe.name}`);
    if (problems.length > 0) console.log(`${problems.join('\n')}\n--- output\n${output}`);
    if (problems.length > 0) process.exitCode = 1;
  }
}
