/**
 * `export <servicePrincipal…> | --all`: a manifest that reproduces apps configured by hand
 * (exportProvisioning for each), as YAML (default) or JSON, on stdout or in `--out`. Never a
 * secret value: a masked key becomes `{ env: NAME }`.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type * as Yaml from 'yaml';
import type { ProvisioningClient } from '../../client.js';
import { isGraphError } from '../../core/errors.js';
import type { ExportedSpec } from '../../workflows/export.js';
import { resolvePath, UsageError } from '../args.js';
import { resolveServicePrincipal } from '../context.js';
import { EXIT, type Define } from '../command.js';
import { escaped, HAS_CONTROL, JSON_RAW } from '../io.js';

const SP_ARG = 'service principals: object id, appId or display name';

/** Every service principal made from a gallery template that has a provisioning job. */
async function provisioned(
  client: ProvisioningClient,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const options = signal === undefined ? {} : { signal };
  const ids: string[] = [];
  for await (const sp of client.servicePrincipals.list(
    { select: ['id', 'applicationTemplateId'] },
    options,
  )) {
    if (typeof sp.applicationTemplateId !== 'string' || sp.applicationTemplateId === '') continue;
    const jobs = await client.servicePrincipals
      .byId(sp.id)
      .synchronization.jobs.list(options)
      .toArray();
    if (jobs.length > 0) ids.push(sp.id);
  }
  return ids;
}

/** A spec as a manifest's app: `displayName` first, as people read it. */
function appOf(spec: ExportedSpec): Record<string, unknown> {
  const { displayName, ...rest } = spec;
  return { displayName, ...rest };
}

/** Registers `export`. */
export function registerExport(program: Command, define: Define): void {
  define(
    program
      .command('export')
      .description(
        'write a manifest that reproduces apps as they are (mappings and scope as changes from their template); reads only',
      )
      .argument('[servicePrincipals...]', SP_ARG)
      .option('--all', 'every app from a gallery template that has a provisioning job')
      .option('--out <path>', 'write the manifest to this file (default: stdout)'),
    async ({ client, out, io, signal }, command) => {
      const o = command.opts<{ all?: boolean; out?: string }>();
      const refs = command.args;
      if (o.all === true && refs.length > 0)
        throw new UsageError('export takes service principals or --all, not both');
      if (o.all !== true && refs.length === 0)
        throw new UsageError('export needs service principals (or --all)');
      const graph = await client();
      const options = signal === undefined ? {} : { signal };
      const ids =
        o.all === true
          ? await provisioned(graph, signal)
          : await Promise.all(
              refs.map(async (r) => (await resolveServicePrincipal(graph, r, signal)).id),
            );
      const apps: Record<string, unknown>[] = [];
      let failed = 0;
      for (const id of ids) {
        try {
          apps.push(appOf(await graph.exportProvisioning(id, options)));
        } catch (error) {
          if (!isGraphError(error)) throw error;
          failed += 1;
          out.note(`${id}: not exported: ${error.message}`);
        }
      }
      // A manifest needs an app: none exported, nothing written.
      if (apps.length === 0) return EXIT.failure;
      const manifest = { apps };
      const text = out.json
        ? `${out.jsonText(manifest)}\n`
        : yamlText(await import('yaml'), out.scrubbedValue(manifest));
      if (o.out === undefined) out.raw(text);
      else {
        const path = resolvePath(io.cwd, o.out);
        await writeFile(path, text);
        out.note(`${String(apps.length)} apps exported to ${path}`);
      }
      if (failed === 0) return EXIT.ok;
      return failed === ids.length ? EXIT.failure : EXIT.partial;
    },
  );
}

/**
 * `manifest` as YAML that a terminal shows as it is: every string holding a control character
 * (a display name from Graph) is double-quoted, where YAML writes a `\u` escape for what it escapes,
 * and what it may leave raw there ({@link JSON_RAW}: DEL, C1, bidi, U+2028, U+2029) is escaped
 * too: the same YAML.
 */
export function yamlText(yaml: typeof Yaml, manifest: unknown): string {
  const doc = new yaml.Document(manifest);
  yaml.visit(doc, {
    Scalar(_key, node) {
      // Also a string that starts with blanks and has a line break: the YAML library writes it as
      // a block scalar without its indentation indicator, which reads back without the blanks.
      const text = node.value;
      if (
        typeof text === 'string' &&
        (HAS_CONTROL.test(text) || /^[ \t]*\n|^[ \t].*\n/s.test(text))
      )
        node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString().replace(JSON_RAW, escaped);
}
