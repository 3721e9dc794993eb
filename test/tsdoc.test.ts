/**
 * The public methods' documentation, checked from the sources with the TypeScript compiler:
 * each has a summary, the error kinds it can raise (`@throws`), an `@example`, and, when it
 * a link to Graph's reference page (`@see`), on every overload signature, since each is what
 * some caller's editor shows.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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
    const count = new Map<string, number>();
    const isOverloaded = (name: string): boolean =>
      declaration.members.filter(
        (m) => ts.isMethodDeclaration(m) && m.name.getText() === name && m.body === undefined,
      ).length > 0;
    for (const member of declaration.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      const modifiers = ts.getCombinedModifierFlags(member);
      if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      // Every overload signature is what some caller's editor shows, so each needs the full
      // documentation; the implementation signature of an overloaded method is shown to no one.
      if (member.body !== undefined && isOverloaded(member.name.text)) continue;
      const n = (count.get(member.name.text) ?? 0) + 1;
      count.set(member.name.text, n);
      const name = n === 1 ? member.name.text : `${member.name.text} (signature ${String(n)})`;
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
    expect(methods.map((m) => m.name)).toContain('SynchronizationSecrets.put (signature 3)');
  });

  it.each(methods.map((m) => [m.name, m] as const))(
    '%s has a summary, @throws and @example',
    (_, m) => {
      expect(m.summary.trim().length, 'summary').toBeGreaterThan(10);
      expect(m.tags.has('throws'), '@throws').toBe(true);
      expect(m.tags.has('example'), '@example').toBe(true);
    },
  );

  it.each(methods.map((m) => [m.name, m] as const))(
    '%s links to its Graph reference page',
    (_, m) => {
      expect(m.see).toMatch(/^https:\/\/learn\.microsoft\.com\/graph\/api\//);
    },
  );
});
