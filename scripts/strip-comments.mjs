// Takes the comments out of the built JavaScript in dist/ that nothing reads at run time, so that
// Node parses less at `import('entra-provisioning')`. `npm run build` runs it last.
//
// Why: esbuild keeps the sources' comments (TSDoc, and zod's own) in code it does not minify, and
// the library is not minified (its users' bundlers tree-shake it by its pure annotations, which
// esbuild drops when it minifies). They were a fifth of the 288 kB the import parses, and a few
// of them held characters outside ASCII: one such character makes Node decode the whole file as
// UTF-8 and V8 scan it as two-byte text, slower than the ASCII it otherwise is.
//
// Kept: pure and no-side-effects annotations (users' bundlers read them), bundler directives
// (`webpackIgnore`, `@vite-ignore`, …), legal comments (`/*!`, `@license`, `@preserve`),
// `//# sourceMappingURL` and an executable's `#!` line. A comment goes only when no code follows it on its last line, and its
// line breaks stay: every line of code keeps its line and column, so the source maps stay right
// without being rewritten. A file that does not parse is an error: nothing is guessed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

/** Blanks up to the end of a line (or of the file): no code follows. */
const LINE_END = /[ \t]*(?:\r?\n|$)/y;
const KEEP =
  /^[\s*]*[@#]__(?:PURE|NO_SIDE_EFFECTS)__|webpack[A-Z]\w*:|@vite-ignore|^!|@license|@preserve|^#\s*sourceMappingURL=/;

/**
 * `code` without its strippable comments. Each goes with the blanks before it on its line, and is
 * replaced by the line breaks it held, so no line of code moves.
 */
export function stripComments(code, sourceType) {
  const comments = [];
  parse(code, {
    ecmaVersion: 'latest',
    sourceType,
    allowHashBang: true,
    onComment: (block, text, start, end) => comments.push({ block, text, start, end }),
  });
  let out = '';
  let at = 0;
  for (const { text, start, end } of comments) {
    // acorn reports an executable's `#!` line as a comment: it is what makes the file run.
    if (KEEP.test(text) || (start === 0 && code.startsWith('#!'))) continue;
    LINE_END.lastIndex = end;
    const rest = LINE_END.exec(code);
    if (rest === null) continue;
    let from = start;
    while (from > at && (code[from - 1] === ' ' || code[from - 1] === '\t')) from--;
    out += code.slice(at, from) + text.replace(/[^\n]/g, '');
    at = end + rest[0].replace(/\r?\n$/, '').length;
  }
  return out + code.slice(at);
}

// `node scripts/strip-comments.mjs [DIR]`: DIR is dist/ unless given (bench/import-floor.ts).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist =
    process.argv[2] === undefined
      ? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
      : resolve(process.argv[2]);
  let before = 0;
  let after = 0;
  for (const name of readdirSync(dist)) {
    const sourceType = name.endsWith('.js') ? 'module' : name.endsWith('.cjs') ? 'script' : null;
    if (sourceType === null) continue;
    const file = join(dist, name);
    const code = readFileSync(file, 'utf8');
    const stripped = stripComments(code, sourceType);
    before += code.length;
    after += stripped.length;
    if (stripped !== code) writeFileSync(file, stripped);
  }
  console.log(
    `strip-comments: dist/ JavaScript ${String(Math.round(before / 1024))} kB -> ${String(Math.round(after / 1024))} kB`,
  );
}
