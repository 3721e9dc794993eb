/** `templates list` and `templates show`: the gallery. */
import type { Command } from 'commander';
import { resolveTemplate } from '../../workflows/template.js';
import { parseCount } from '../args.js';
import type { Define } from '../command.js';

/** Registers `templates`. */
export function registerTemplates(program: Command, define: Define): void {
  const templates = program.command('templates').description('gallery application templates');

  define(
    templates
      .command('list')
      .description('list gallery application templates')
      .option('--search <text>', 'templates whose name contains this text')
      .option('--category <name>', 'only this category, e.g. collaboration or humanResources')
      .option('--top <n>', 'at most this many (default: all)'),
    async ({ client, out, signal }, command) => {
      const o = command.opts<{ search?: string; category?: string; top?: string }>();
      const top = o.top === undefined ? undefined : parseCount('--top', o.top);
      const filter =
        o.category === undefined
          ? undefined
          : `categories/any(c:c eq '${o.category.replace(/'/g, "''")}')`;
      const list = (await client()).applicationTemplates.list(
        {
          ...(filter === undefined ? {} : { filter }),
          ...(o.search === undefined ? {} : { search: o.search }),
          ...(top === undefined ? {} : { top }),
        },
        signal === undefined ? {} : { signal },
      );
      const items = await list.toArray();
      out.result(items, () => {
        out.table(
          ['id', 'name', 'categories', 'provisioning'],
          items.map((t) => [
            t.id,
            t.displayName,
            (t.categories ?? []).join(', '),
            (t.supportedProvisioningTypes ?? []).includes('sync') ? 'yes' : '',
          ]),
        );
        out.note(`${String(items.length)} template${items.length === 1 ? '' : 's'}`);
      });
      return undefined;
    },
  );

  define(
    templates
      .command('show')
      .description('show one template')
      .argument('<template>', 'template id or exact display name'),
    async ({ client, out, signal }, command) => {
      const [ref] = command.args as [string];
      const template = await resolveTemplate(
        await client(),
        ref,
        signal === undefined ? {} : { signal },
      );
      out.result(template, () => {
        const { bold } = out.colors;
        const rows: [string, string | null | undefined][] = [
          ['id', template.id],
          ['name', template.displayName],
          ['publisher', template.publisher],
          ['categories', (template.categories ?? []).join(', ')],
          ['single sign-on', (template.supportedSingleSignOnModes ?? []).join(', ')],
          ['provisioning', (template.supportedProvisioningTypes ?? []).join(', ')],
          ['home page', template.homePageUrl],
          ['description', template.description],
        ];
        for (const [name, value] of rows) {
          if (value !== undefined && value !== null && value !== '') {
            out.line(`${bold(name.padEnd(15))}${value}`);
          }
        }
      });
      return undefined;
    },
  );
}
