/**
 * The public methods' documentation, checked from the sources with the TypeScript compiler:
 * each has a summary, the error kinds it can raise (`@throws`), an `@example`, and, when it
 * sends a request, a link to Graph's reference page (`@see`).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Methods that send no request themselves (they address something, or poll another method). */
const NO_REQUEST = new Set(['byId', 'byAppId', 'directories', 'waitFor', 'toArray', 'byPage']);

interface MethodDoc {
  readonly name: string;
  readonly summary: string;
  readonly tags: ReadonlySet<string>;
  readonly see: string;
}

function publicMethods(): MethodDoc[] {
  const program = ts.createProgram([join(root, 'src', 'index.ts')], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(join(root, 'src', 'index.ts'));
  if (index === undefined) throw new Error('src/index.ts not found');
  const moduleSymbol = checker.getSymbolAtLocation(index);
  const methods: MethodDoc[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol!)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined || !ts.isClassDeclaration(declaration)) continue;
    if (!declaration.getSourceFile().fileName.includes('/src/resources/')) continue;
    const className = symbol.getName();
    const seen = new Set<string>();
    for (const member of declaration.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      const modifiers = ts.getCombinedModifierFlags(member);
      if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      const name = member.name.text;
      // Overloads: the first signature carries the full documentation.
      if (seen.has(name)) continue;
      seen.add(name);
      const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
      const doc = docs.at(-1);
      const tags = ts.getJSDocTags(member);
      if (tags.some((t) => t.tagName.text === 'internal')) continue;
      methods.push({
        name: `${className}.${name}`,
        summary:
          typeof doc?.comment === 'string'
            ? doc.comment
            : (doc?.comment?.map((c) => c.text).join('') ?? ''),
        tags: new Set(tags.map((t) => t.tagName.text)),
        // TypeScript reads a URL after @see as a name reference: take the tag's own text.
        see: tags
          .filter((t) => t.tagName.text === 'see')
          .map((t) =>
            t
              .getText()
              .replace(/^@see\s+/, '')
              .replace(/\s*\*?\s*$/, ''),
          )
          .join(' '),
      });
    }
  }
  return methods;
}

describe('TSDoc of the public methods', () => {
  const methods = publicMethods();

  it('finds the resource methods (the check is not vacuous)', () => {
    expect(methods.length, methods.map((m) => m.name).join(', ')).toBeGreaterThan(50);
    expect(methods.map((m) => m.name)).toContain('SynchronizationJobResource.bulkUpload');
  });

  it.each(methods.map((m) => [m.name, m] as const))(
    '%s has a summary, @throws and @example',
    (_, m) => {
      expect(m.summary.trim().length, 'summary').toBeGreaterThan(10);
      expect(m.tags.has('throws'), '@throws').toBe(true);
      expect(m.tags.has('example'), '@example').toBe(true);
    },
  );

  it.each(
    methods
      .filter((m) => !NO_REQUEST.has(m.name.slice(m.name.indexOf('.') + 1)))
      .map((m) => [m.name, m] as const),
  )('%s links to its Graph reference page', (_, m) => {
    expect(m.see).toMatch(/^https:\/\/learn\.microsoft\.com\/graph\/api\//);
  });
});
