/**
 * What the resources load on first use (see src/internal/deferred.ts), as one module
 * (on-demand.ts): credential handling,
 * SCIM bulk upload, provisioning on demand, the log export's walk, `job.waitFor()`'s polling
 * `schema.edit()` (its draft, parser and checks) and the provisioning settings. Each is reached only from an async method,
 * after which input is still checked before any request is sent.
 */
import { deferred } from '../internal/deferred.js';

export const onDemandModule = deferred(() => import('./on-demand.js'));
