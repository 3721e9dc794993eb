/**
 * What a user's editor shows, asked of the TypeScript compiler itself: a consumer file that reads
 * a job and a template, compiled against the sources. Hovers and type errors must name the model
 * (`SynchronizationJob`), not spell out its members, and a misspelt property must be an error
 * that suggests the right one.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const consumerPath = join(root, 'test', 'models', '__consumer__.ts');

const consumer = `
import { ProvisioningClient } from '../../src/index.js';

declare const client: ProvisioningClient;

export async function read(): Promise<unknown[]> {
  const job = await client.servicePrincipals.byId('sp').synchronization.jobs.byId('job').get();
  const status = job.status;
  const [template] = await client.applicationTemplates.list().toArray();
  const event = (await client.auditLogs.provisioning.list().toArray())[0]!;
  return [
    job.staus,
    template!.dispalyName,
    event.initiatedBy?.initiatorTyp,
    status,
    template,
    event,
  ];
}
`;

interface Compiled {
  readonly program: ts.Program;
  readonly file: ts.SourceFile;
  readonly errors: readonly string[];
}

function compile(): Compiled {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (path) => (path === consumerPath ? consumer : readFile(path));
  host.fileExists = (path) => path === consumerPath || ts.sys.fileExists(path);
  host.getSourceFile = (path, language, onError, create) =>
    path === consumerPath
      ? ts.createSourceFile(path, consumer, language, true)
      : getSourceFile(path, language, onError, create);
  const program = ts.createProgram([consumerPath], options, host);
  const file = program.getSourceFile(consumerPath)!;
  const errors = ts
    .getPreEmitDiagnostics(program, file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  return { program, file, errors };
}

/** The type the compiler shows when hovering the variable `name` in the consumer. */
function hover(compiled: Compiled, name: string): string {
  const checker = compiled.program.getTypeChecker();
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      found = node.name;
    } else if (ts.isArrayBindingPattern(node)) {
      for (const element of node.elements) {
        if (ts.isBindingElement(element) && ts.isIdentifier(element.name)) {
          if (element.name.text === name) found = element.name;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(compiled.file);
  if (found === undefined) throw new Error(`no variable ${name} in the consumer`);
  return checker.typeToString(checker.getTypeAtLocation(found));
}

describe('what an editor shows for a model', () => {
  let compiled: Compiled;
  beforeAll(() => {
    compiled = compile();
  });

  it('names the model in a hover instead of spelling out its members', () => {
    expect(hover(compiled, 'job')).toBe('SynchronizationJob');
    expect(hover(compiled, 'status')).toBe('SynchronizationStatus | null | undefined');
    expect(hover(compiled, 'template')).toBe('ApplicationTemplate');
    expect(hover(compiled, 'event')).toBe('ProvisioningObjectSummary');
  });

  it('makes a misspelt property a short error that names the model and the right property', () => {
    expect(compiled.errors).toEqual([
      "Property 'staus' does not exist on type 'SynchronizationJob'. Did you mean 'status'?",
      "Property 'dispalyName' does not exist on type 'ApplicationTemplate'. Did you mean 'displayName'?",
      "Property 'initiatorTyp' does not exist on type 'Initiator'. Did you mean 'initiatorType'?",
    ]);
  });
});
