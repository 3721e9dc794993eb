/**
 * Operations Microsoft deprecated in beta (reference §8) show as deprecated to editors and to
 * typescript-eslint's no-deprecated, but only on a client created with `apiVersion: 'beta'`:
 * a v1.0 client, or one whose version is known only at run time, is not told to move away
 * from what v1.0 still documents. Checked with the TypeScript compiler the way editors do it:
 * resolve each call's signature and read its `@deprecated` tag.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const probePath = join(root, 'test', '__deprecation-probe__.ts');

const CALLS = [
  'secrets.put',
  'secrets.get',
  'secrets.clear',
  'sync.acquireAccessToken',
  'app.acquireAccessToken',
  'job.validateCredentials',
  'jobs.validateCredentials',
  'job.start',
] as const;

function probeSource(clientExpression: string): string {
  return `
import { ProvisioningClient, type ApiVersion } from '../src/index.js';
declare const version: ApiVersion;
void version;
const client = ${clientExpression};
const sp = client.servicePrincipals.byId('00000000-0000-4000-8000-000000000000');
const sync = sp.synchronization;
const secrets = sync.secrets;
const jobs = sync.jobs;
const job = jobs.byId('aws.x.y');
const app = client.applications.byId('00000000-0000-4000-8000-000000000000').synchronization;
export async function probe(): Promise<void> {
  await secrets.put({ SecretToken: 't' });
  await secrets.get();
  await secrets.clear(['SecretToken']);
  await sync.acquireAccessToken({ SecretToken: 't' });
  await app.acquireAccessToken({ SecretToken: 't' });
  await job.validateCredentials({ useSavedCredentials: true });
  await jobs.validateCredentials({ useSavedCredentials: true });
  await job.start();
}
`;
}

/** Which of {@link CALLS} resolve to a signature tagged `@deprecated`. */
function deprecatedCalls(clientExpression: string): string[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const source = probeSource(clientExpression);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === probePath
      ? ts.createSourceFile(fileName, source, languageVersion, true)
      : getSourceFile(fileName, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === probePath || fileExists(fileName);
  const program = ts.createProgram([probePath], { ...options, noEmit: true }, host);
  const file = program.getSourceFile(probePath);
  if (file === undefined) throw new Error('probe not compiled');
  const errors = ts.getPreEmitDiagnostics(program, file);
  expect(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const checker = program.getTypeChecker();
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const text = node.expression.getText(file);
      const declaration = checker.getResolvedSignature(node)?.getDeclaration();
      if (
        (CALLS as readonly string[]).includes(text) &&
        declaration !== undefined &&
        ts.getJSDocDeprecatedTag(declaration) !== undefined
      ) {
        found.push(text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('deprecated in beta', () => {
  it('marks every operation of reference §8 deprecated on a beta client, and nothing else', () => {
    expect(
      deprecatedCalls("new ProvisioningClient({ accessToken: 't', apiVersion: 'beta' })"),
    ).toEqual(CALLS.filter((c) => c !== 'job.start'));
  });

  it('marks nothing deprecated on a v1.0 client, or on one whose version is chosen at run time', () => {
    expect(deprecatedCalls("new ProvisioningClient({ accessToken: 't' })")).toEqual([]);
    expect(
      deprecatedCalls("new ProvisioningClient({ accessToken: 't', apiVersion: 'v1.0' })"),
    ).toEqual([]);
    expect(
      deprecatedCalls("new ProvisioningClient({ accessToken: 't', apiVersion: version })"),
    ).toEqual([]);
  });
});
