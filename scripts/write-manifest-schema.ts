/**
 * Writes manifest.schema.json (shipped in the package, for editor completion of `apply`
 * manifests) from the manifest's zod schema. `npm run schema`; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { manifestJsonSchema } from '../src/cli/manifest.js';

const target = new URL('../manifest.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
