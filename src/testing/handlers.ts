/**
 * What the fake Graph loads with the first request that needs more than the gallery's reads
 * (see `./routes.js`): the other handlers, the permission checks and JSON batches.
 */
export { TenantRoutes } from './tenant-routes.js';
export { allows, requirementOf } from './permissions.js';
export { failedDependency, innerRequest, parseBatch, shuffle } from './batch.js';
