import * as z from 'zod/mini';

/*
 * Schema instances the models share. A zod schema can sit in any number of shapes, and building
 * `z.nullish(z.string())` once per property (166 of them) was a third of the zod calls made at
 * import. Internal: not exported from the package.
 */
export const nullishString = z.nullish(z.string());
export const nullishBoolean = z.nullish(z.boolean());
export const nullishNumber = z.nullish(z.number());
export const nullishUnknown = z.nullish(z.unknown());
export const optionalString = z.optional(z.string());
export const optionalBoolean = z.optional(z.boolean());
export const optionalNumber = z.optional(z.number());
