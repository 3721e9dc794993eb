/** Types of scripts/merge-cjs-chunks.mjs (the build step that merges the CommonJS chunks). */

/**
 * Merges the .cjs chunks a require of `dist/index.cjs` loads into `dist/modules.cjs` (with a
 * source map of the chunks' own maps), points every .cjs file's requires of them at its loader,
 * and deletes them; returns their names in the order they first load. Throws when a chunk to
 * merge is loaded with `import()`, reads `__filename` or has no source map, or when a file that
 * requires one does not begin with `'use strict';` or maps its first line.
 */
export declare function mergeCjsChunks(dist: string): string[];
