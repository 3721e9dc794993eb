/**
 * What the resources load on first use (see src/internal/deferred.ts): credential handling,
 * SCIM bulk upload, provisioning on demand, the log export's walk, `job.waitFor()`'s polling
 * and `schema.edit()` (its draft, parser and checks). Each is reached only from an async method,
 * after which input is still checked before any request is sent.
 */
import { deferred } from '../internal/deferred.js';

export const credentialsModule = deferred(() => import('./synchronization/credentials.js'));
export const bulkUploadModule = deferred(() => import('./synchronization/bulk-upload-body.js'));
export const provisionOnDemandModule = deferred(
  () => import('./synchronization/provision-on-demand.js'),
);
export const logExportModule = deferred(() => import('./audit-logs/export-run.js'));
export const jobWaitModule = deferred(() => import('../workflows/wait.js'));
export const schemaEditModule = deferred(() => import('../schema/edit.js'));
