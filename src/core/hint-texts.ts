/**
 * The words of the hints attached to errors, from the least-privileged permissions in
 * Microsoft's permission map (`permissions.json`, 2026-08) and the field notes. A 401/403 names
 * the permission likely missing; a 404 says which id was probably confused. Requests name a set
 * by its key (src/resources/hints.ts); the words load with the first failure, in the failure
 * module, not with the package.
 */
import type { GraphErrorKind } from './errors.js';
import type { HintKey } from './http.js';

type Hints = Partial<Readonly<Record<GraphErrorKind, string>>>;

const OWNED_BY =
  'Application.ReadWrite.OwnedBy (application permission; the calling app must own the service principal)';

function permission(text: string): Hints {
  return { unauthorized: text, forbidden: text };
}

/** GET on a service principal's synchronization (jobs, templates). */
const SYNC_READ: Hints = {
  ...permission(`Requires Synchronization.Read.All (delegated) or ${OWNED_BY}.`),
  notFound:
    "Check that the id is the service principal's object id (not its appId, the application's id or the application template id). Right after instantiate, new objects can take a while to replicate.",
};

/** Writes and actions on a service principal's synchronization. */
const SYNC_WRITE: Hints = {
  ...permission(`Requires Synchronization.ReadWrite.All (delegated) or ${OWNED_BY}.`),
  notFound: SYNC_READ.notFound as string,
  conflict:
    'Right after the service principal or the job was created, Graph can answer 409 until the objects have replicated; try again shortly.',
};

/** Service principal reads. */
const SP_READ: Hints = {
  ...permission(
    'Requires Application.Read.All (or a broader Application.* / Directory.* permission).',
  ),
  notFound: SYNC_READ.notFound as string,
};

/** Instantiating a gallery template. */
const INSTANTIATE: Hints = {
  ...permission(
    'Requires Application.ReadWrite.All (delegated) or Application.ReadWrite.OwnedBy (application permission).',
  ),
  notFound:
    'Graph has been seen to answer 404 to instantiate after creating the application: look it up by applicationTemplateId and displayName before trying again.',
  server:
    'The application may have been created anyway: look it up by applicationTemplateId and displayName before trying again.',
  timeout:
    'The application may have been created anyway: look it up by applicationTemplateId and displayName before trying again.',
  network:
    'The application may have been created anyway: look it up by applicationTemplateId and displayName before trying again.',
};

/** Provisioning logs. */
const LOGS: Hints = permission(
  'Requires AuditLog.Read.All and Directory.Read.All (both, because of a known Graph issue) or ProvisioningLog.Read.All; delegated callers also need a role such as Reports Reader or Security Reader.',
);

/** API-driven inbound provisioning uploads. */
const BULK_UPLOAD: Hints = {
  ...permission(
    'Requires SynchronizationData-User.Upload (delegated, with the User Administrator role) or SynchronizationData-User.Upload.OwnedBy (application permission).',
  ),
  notFound: SYNC_READ.notFound as string,
  badRequest:
    'Graph refuses a bulk request that is not SCIM (Content-Type application/scim+json, schemas, Operations) or that the job cannot map.',
};

/** Application reads. */
const APP_READ: Hints = {
  ...permission(
    'Requires Application.Read.All (or a broader Application.* / Directory.* permission).',
  ),
  notFound:
    "Check that the id is the application's object id (not its appId or its service principal's id). Right after instantiate, new objects can take a while to replicate.",
};

/** Application writes: delete, owners. */
const APP_WRITE: Hints = {
  ...permission(
    'Requires Application.ReadWrite.All, or Application.ReadWrite.OwnedBy on an application the caller owns (instantiate leaves new applications without an owner).',
  ),
  notFound: APP_READ.notFound as string,
};

/** Each set of hints by its key. */
export const HINTS: Readonly<Record<HintKey, Hints>> = {
  SYNC_READ,
  SYNC_WRITE,
  SP_READ,
  INSTANTIATE,
  LOGS,
  BULK_UPLOAD,
  APP_READ,
  APP_WRITE,
};
