/**
 * Finding a gallery template by id or display name: for the workflows, and for the CLI, which
 * loads it without the rest of the workflows.
 */
import type { ProvisioningClient } from '../client.js';
import { InvalidInputError, NotFoundError } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { isGuid } from '../core/path.js';
import { closestNames } from '../internal/closest.js';
import type { ApplicationTemplate } from '../models/application-template.js';
import { usable, usableAll } from './usable.js';

function similarity(a: string, b: string): number {
  const words = (s: string): Set<string> =>
    new Set(
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 1),
    );
  const x = words(a);
  const y = words(b);
  let shared = 0;
  for (const w of x) if (y.has(w)) shared += 1;
  const prefix = a.toLowerCase().startsWith(b.toLowerCase().slice(0, 3)) ? 0.5 : 0;
  return shared / Math.max(1, Math.max(x.size, y.size)) + prefix;
}

/**
 * The template names closest to a name no template has, for the message: first those a few
 * edits away (`Slak` → `Slack`, `ServiceNow2` → `ServiceNow`), then those sharing its longest
 * word. Candidates are the templates whose name contains that word, or its first three letters.
 */
async function closestTemplates(
  client: ProvisioningClient,
  template: string,
  options: RequestOptions,
): Promise<string[]> {
  const word =
    [...template.split(/[^\p{L}\p{N}]+/u)].sort((a, b) => b.length - a.length)[0] ?? template;
  const stems = [...new Set([word, word.slice(0, 3)])].filter((stem) => stem.length >= 2);
  const names = new Set<string>();
  for (const stem of stems) {
    const found = usableAll(
      await client.applicationTemplates
        .list({ filter: `contains(displayName,'${stem.replace(/'/g, "''")}')` }, options)
        .toArray({ max: 50 }),
      'a template',
    );
    for (const t of found) if (t.displayName) names.add(t.displayName);
    if (closestNames(template, names, 1).length > 0) break;
  }
  const near = closestNames(template, names, 3);
  const alike = [...names]
    .filter((name) => !near.includes(name))
    .sort((a, b) => similarity(b, template) - similarity(a, template));
  return [...near, ...alike].slice(0, 5);
}

/** Finds the gallery template by id or exact display name (case and surrounding spaces ignored). */
export async function resolveTemplate(
  client: ProvisioningClient,
  given: string,
  options: RequestOptions,
): Promise<ApplicationTemplate> {
  // Case is ignored, so surrounding spaces are too: ' Slack ' finds Slack.
  const template = given.trim();
  if (template === '') {
    throw new InvalidInputError('Invalid template: must be a template id or display name', {
      issues: [{ path: ['template'], message: 'is empty' }],
    });
  }
  if (isGuid(template)) {
    try {
      return usable(await client.applicationTemplates.get(template, options), 'a template');
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new InvalidInputError(`No gallery application template has the id ${template}.`, {
          issues: [{ path: ['template'], message: 'no template has this id' }],
        });
      }
      throw error;
    }
  }
  const quoted = template.replace(/'/g, "''");
  const exact = usableAll(
    await client.applicationTemplates
      .list({ filter: `displayName eq '${quoted}'` }, options)
      .toArray({ max: 10 }),
    'a template',
  ).filter((t) => t.displayName?.toLowerCase() === template.toLowerCase());
  if (exact.length === 1 && exact[0] !== undefined) return exact[0];
  if (exact.length > 1) {
    throw new InvalidInputError(
      `Several gallery templates are named '${template}': ${exact.map((t) => t.id).join(', ')}. Pass the id.`,
      { issues: [{ path: ['template'], message: 'ambiguous display name' }] },
    );
  }
  const closest = await closestTemplates(client, template, options);
  throw new InvalidInputError(
    `No gallery application template is named '${template}'.${
      closest.length > 0 ? ` Closest: ${closest.map((n) => `'${n}'`).join(', ')}.` : ''
    }`,
    { issues: [{ path: ['template'], message: 'no template has this display name' }] },
  );
}
