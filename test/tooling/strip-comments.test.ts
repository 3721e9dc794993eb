/**
 * The build step that takes comments out of dist/: what it keeps (what tools read), what it takes
 * (what only people read), and that no line of code moves (the source maps stay right).
 */
import { describe, expect, it } from 'vitest';
import { stripComments } from '../../scripts/strip-comments.mjs';

/** Each line's code, with its column: what a source map points at. */
const codeAt = (code: string): [number, number, string][] =>
  code.split('\n').flatMap((line, i) => {
    const text = line.trimEnd();
    const column = text.length - text.trimStart().length;
    return text.trim() === '' ? [] : [[i, column, text.trim()] as [number, number, string]];
  });

describe('stripComments', () => {
  it('takes out doc, block and line comments, keeping every line of code where it was', () => {
    const code = [
      '/**',
      ' * A doc comment — with text outside ASCII.',
      ' */',
      'export function f(a) {',
      '  // why, not what',
      '  return a + 1; // trailing',
      '}',
      '  /* a block */  ',
      'export const b = 2;',
    ].join('\n');
    const out = stripComments(code, 'module');
    expect(out).not.toMatch(/doc comment|why|trailing|a block/);
    expect(Buffer.byteLength(out)).toBe(out.length);
    expect(codeAt(out)).toEqual([
      [3, 0, 'export function f(a) {'],
      [5, 2, 'return a + 1;'],
      [6, 0, '}'],
      [8, 0, 'export const b = 2;'],
    ]);
  });

  it('keeps what tools read: pure annotations, bundler directives, legal comments, the map link', () => {
    const kept = [
      'var a = /* @__PURE__ */ make();',
      'var b = /* #__PURE__ */ make();',
      '/* @__NO_SIDE_EFFECTS__ */',
      'function make() { return {}; }',
      'import(/* webpackIgnore: true */ /* @vite-ignore */ name);',
      '/*! legal */',
      '/** @license MIT */',
      '//# sourceMappingURL=index.js.map',
    ].join('\n');
    expect(stripComments(kept, 'module')).toBe(kept);
  });

  it("keeps an executable's #! line (npm's bin links run the file through it)", () => {
    const code = '#!/usr/bin/env node\n// a comment\nimport("./main.js");\n';
    expect(stripComments(code, 'module')).toBe('#!/usr/bin/env node\n\nimport("./main.js");\n');
  });

  it('leaves a comment that code follows on its line (removing it would move that code)', () => {
    const code = 'call(/* why */ 1);\n/* a */ b();';
    expect(stripComments(code, 'script')).toBe(code);
  });

  it('reads strings, templates and regular expressions as such, not as comments', () => {
    const code = [
      'const s = "/* not a comment */";',
      'const t = `// nor this ${1 /* but this */}`;',
      'const r = /\\/\\/ nor this/;',
      'const u = 1 / 2; // this one',
    ].join('\n');
    expect(stripComments(code, 'script')).toBe(
      [
        'const s = "/* not a comment */";',
        'const t = `// nor this ${1 /* but this */}`;',
        'const r = /\\/\\/ nor this/;',
        'const u = 1 / 2;',
      ].join('\n'),
    );
  });

  it('keeps a line break where a comment held one, so no statement joins the next', () => {
    const code = 'let a = 1\n/*\n*/\nlet b = a\n/* x */\n(b)';
    const out = stripComments(code, 'script');
    expect(out.split('\n').length).toBe(code.split('\n').length);
    expect(out).toBe('let a = 1\n\n\nlet b = a\n\n(b)');
  });

  it('refuses code it cannot parse instead of guessing', () => {
    expect(() => stripComments('const = ;', 'script')).toThrow(SyntaxError);
  });
});
