/**
 * Writes manifest.schema.json (shipped in the package, for editor completion of `apply`
 * manifests) from the manifest's zod schema, formatted as the repository's Prettier check
 * expects. `npm run schema`; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { manifestJsonSchema } from '../src/cli/manifest.js';

const target = new URL('../manifest.schema.json', import.meta.url);
const path = fileURLToPath(target);
const options = (await resolveConfig(path)) ?? {};
const text = await format(JSON.stringify(manifestJsonSchema(), null, 2), {
  ...options,
  filepath: path,
});
writeFileSync(target, text);
console.log(`wrote ${target.pathname}`);
