import * as z from 'zod/mini';
import { nullishString } from './shared.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type { DirectoryObject } from './types.js';

/**
 * Graph's `directoryObject`: the base of users, groups, applications and service principals,
 * as collections such as an application's `owners` return them. Loose: the concrete type's
 * properties (and its `@odata.type`, e.g. `#microsoft.graph.servicePrincipal`) are kept.
 */
export const DirectoryObjectSchema = lazySchema(() =>
  z.looseObject({
    id: z.string(),
    deletedDateTime: nullishString,
  }),
);
