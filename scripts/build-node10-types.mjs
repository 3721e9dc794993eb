// The declarations TypeScript's `moduleResolution: node10` reads (package.json `types` and
// `typesVersions`; node16, nodenext and bundler read `exports`, which point at dist/*.d.ts and
// dist/*.d.cts as tsup wrote them). Run by `npm run build` after tsup.
//
// zod's declarations do not compile under node10 without `esModuleInterop` (its locales index
// re-exports `export =` modules as defaults: TS1259), and every zod entry point loads them. So
// dist/node10/ gets copies of the .d.cts files the `require` types of `exports` reach, with
// `zod/mini` replaced by types/node10/zod-mini.d.cts, a minimal declaration of the zod/mini types
// they name (copied there as zod-mini.d.cts). Fails, naming them, when the declarations use a
// `z.` name the shim does not declare, or import zod in a way this script does not rewrite.
// scripts/check-node10-types.mjs (`npm run test:package`) checks that the shim's types equal zod's.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'node10');
const SHIM_SOURCE = join(root, 'types', 'node10', 'zod-mini.d.cts');
const SHIM_NAME = 'zod-mini.d.cts';
const SHIM_SPECIFIER = './zod-mini.cjs';
const ZOD_ENTRY = 'zod/mini';

const problems = [];

/** The names the shim exports: top-level declarations, and one level of namespace members. */
function shimNames() {
  const text = readFileSync(SHIM_SOURCE, 'utf8');
  const file = ts.createSourceFile(SHIM_SOURCE, text, ts.ScriptTarget.Latest, true);
  const names = new Set();
  const exported = (node) =>
    ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export ||
    ts.isModuleBlock(node.parent); /* namespace members are exported in a .d.cts */
  const visit = (node, prefix) => {
    for (const statement of node.statements) {
      if (ts.isExportDeclaration(statement) && statement.exportClause) {
        for (const element of statement.exportClause.elements) {
          names.add(prefix + element.name.text);
        }
      } else if (ts.isModuleDeclaration(statement) && statement.body) {
        if (exported(statement)) {
          names.add(prefix + statement.name.text);
          visit(statement.body, `${prefix}${statement.name.text}.`);
        }
      } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name)) {
        if (exported(statement)) names.add(prefix + statement.name.text);
      }
    }
  };
  visit(file, '');
  return names;
}

/** The .d.cts files an entry reaches through relative imports and re-exports. */
function reachable(entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(dist, file), 'utf8');
    for (const [, specifier] of text.matchAll(/\bfrom\s+['"](\.\/[^'"]+)['"]/g)) {
      queue.push(posix.normalize(specifier.replace(/\.cjs$/, '.d.cts')));
    }
    for (const [, specifier] of text.matchAll(/^import\s+['"](\.\/[^'"]+)['"]/gm)) {
      queue.push(posix.normalize(specifier.replace(/\.cjs$/, '.d.cts')));
    }
  }
  return [...seen];
}

/**
 * Rewrites one declaration file: its `zod/mini` imports point at the shim. Returns the text and
 * the `z.` names it uses (qualified names and `typeof z.x` queries under the namespace binding).
 */
function rewrite(fileName, text) {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const bindings = new Set();
  const used = new Map(); // name -> first line
  const edits = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    if (specifier.text !== 'zod' && !specifier.text.startsWith('zod/')) continue;
    const where = `${fileName}:${file.getLineAndCharacterOfPosition(statement.getStart()).line + 1}`;
    if (specifier.text !== ZOD_ENTRY) {
      problems.push(`${where}: imports '${specifier.text}' (only '${ZOD_ENTRY}' is rewritten)`);
      continue;
    }
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (ts.isImportDeclaration(statement) && clause === undefined) {
      // `import 'zod/mini';`: tsup keeps the side-effect import of a chunk's dependencies.
    } else if (
      clause?.namedBindings &&
      ts.isNamespaceImport(clause.namedBindings) &&
      !clause.name
    ) {
      bindings.add(clause.namedBindings.name.text);
    } else if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings) && !clause.name) {
      for (const element of clause.namedBindings.elements) {
        const name = (element.propertyName ?? element.name).text;
        if (!used.has(name)) used.set(name, where);
      }
    } else {
      problems.push(`${where}: an import of '${ZOD_ENTRY}' this script does not rewrite`);
      continue;
    }
    edits.push({ start: specifier.getStart(), end: specifier.getEnd() });
  }
  // Every use of the namespace: z.A, z.core.B (type references and typeof queries).
  const visit = (node) => {
    if (ts.isQualifiedName(node) || ts.isPropertyAccessExpression(node)) {
      const parts = [];
      let current = node;
      while (ts.isQualifiedName(current) || ts.isPropertyAccessExpression(current)) {
        parts.unshift(ts.isQualifiedName(current) ? current.right.text : current.name.text);
        current = ts.isQualifiedName(current) ? current.left : current.expression;
      }
      if (ts.isIdentifier(current) && bindings.has(current.text)) {
        // z.core.$loose: `core.$loose`; z.ZodMiniString: `ZodMiniString`.
        const name = parts[0] === 'core' && parts.length > 1 ? `core.${parts[1]}` : parts[0];
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        if (!used.has(name)) used.set(name, `${fileName}:${line}`);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let rewritten = text;
  for (const { start, end } of edits.reverse()) {
    const quote = rewritten[start];
    rewritten = rewritten.slice(0, start) + quote + SHIM_SPECIFIER + quote + rewritten.slice(end);
  }
  // Anything left that names zod (an `import('zod/…')` type, a triple-slash reference): refuse.
  for (const match of rewritten.matchAll(/(['"])zod(\/[^'"]*)?\1/g)) {
    const line = rewritten.slice(0, match.index).split('\n').length;
    problems.push(`${fileName}:${line}: still refers to ${match[0]} after the rewrite`);
  }
  return { text: rewritten, used };
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// The CommonJS declarations of every entry point: what node10 users `require` (or import, with
// `module: commonjs`).
const entries = Object.values(pkg.exports)
  .map((target) => target?.require?.types)
  .filter((types) => typeof types === 'string')
  .map((types) => posix.relative('dist', posix.normalize(types)));

const declared = shimNames();
const files = reachable(entries);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const missing = new Map();
const allUsed = new Set();
for (const file of files) {
  const { text, used } = rewrite(file, readFileSync(join(dist, file), 'utf8'));
  for (const [name, where] of used) {
    allUsed.add(name);
    if (!declared.has(name) && !missing.has(name)) missing.set(name, where);
  }
  writeFileSync(join(out, file), text);
}
writeFileSync(join(out, SHIM_NAME), readFileSync(SHIM_SOURCE, 'utf8'));
for (const [name, where] of missing) {
  problems.push(`${where}: uses z.${name}, which ${relative(root, SHIM_SOURCE)} does not declare`);
}

if (problems.length > 0) {
  rmSync(out, { recursive: true, force: true });
  console.error(
    `build-node10-types: FAILED, dist/node10/ not written\n${problems.map((p) => `  ${p}`).join('\n')}\n` +
      `Declare what is missing in ${relative(root, SHIM_SOURCE)} (mirroring zod's declaration), ` +
      'then run `npm run build && npm run test:package`.',
  );
  process.exit(1);
}
console.log(
  `build-node10-types: dist/node10/{${files.join(',')}} and ${SHIM_NAME}, ` +
    `for the zod/mini names ${[...allUsed].sort().join(', ')}`,
);
