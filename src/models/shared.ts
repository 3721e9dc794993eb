import * as z from 'zod/mini';
import { lazySchema } from '../internal/lazy-schema.js';

/*
 * Schema instances the models share. A zod schema can sit in any number of shapes, and building
 * `z.nullish(z.string())` once per property (166 of them) was a third of the zod calls made at
 * import. Each is built on first use, as the models are. Internal: not exported from the package.
 */
export const nullishString = lazySchema(() => z.nullish(z.string()));
export const nullishBoolean = lazySchema(() => z.nullish(z.boolean()));
export const nullishNumber = lazySchema(() => z.nullish(z.number()));
export const nullishUnknown = lazySchema(() => z.nullish(z.unknown()));
export const optionalString = lazySchema(() => z.optional(z.string()));
export const optionalBoolean = lazySchema(() => z.optional(z.boolean()));
export const optionalNumber = lazySchema(() => z.optional(z.number()));
