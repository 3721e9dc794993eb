/**
 * Everything the resources load on first use, as one module: one chunk to load, rather than a
 * chunk per feature whose shared code a bundler would cut into many small pieces.
 */
export {
  acquireAccessTokenSpec,
  normalizeCredentials,
  warnUnknownKeys,
} from './synchronization/credentials.js';
export { scimBulkBody } from './synchronization/bulk-upload-body.js';
export {
  ProvisionOnDemandAnswerSchema,
  ProvisionOnDemandParamsSchema,
  decodeProvisionOnDemand,
} from './synchronization/provision-on-demand.js';
export { walkExport } from './audit-logs/export-run.js';
export { waitForJob } from '../workflows/wait.js';
export { editSchema } from '../schema/edit.js';
export { readSettings, updateSettings } from '../settings/settings.js';
export { rotateSecrets } from '../settings/rotate.js';
export { addAssignment, ensureAssignments, removeAssignment } from '../assignments/assign.js';
export { restartBody, validateCredentialsSpec } from './synchronization/job-actions.js';
export { putKeeping } from './synchronization/secrets-keep.js';
