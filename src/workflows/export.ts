/**
 * `client.exportProvisioning()`: a spec that reproduces an app as it is (template, job, schema
 * edits, settings, assignments, credential keys), so that an app configured by hand becomes
 * code, and planning that spec on the same tenant finds no drift.
 */
import { coreOf, type ProvisioningClient } from '../client.js';
import { traced } from '../core/traced.js';
import { AmbiguousMatchError, InvalidInputError, NotFoundError } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import type {
  AttributeMapping,
  ObjectMapping,
  SynchronizationSchema,
} from '../models/synchronization-schema.js';
import type { SynchronizationJob } from '../models/synchronization.js';
import { isPrintable } from '../resources/synchronization/credentials.js';
import type { ProvisioningSettings } from '../resources/synchronization/settings.js';
import { viewScope, viewSource } from '../schema/draft.js';
import { MASKED, SETTING_KEYS, pairsOf, settingsOf } from '../settings/settings.js';
import type { ProvisioningSpec } from './configure.js';
import type { AttributeMappingSpec, ScopeClauseSpec } from './spec-day2.js';
import { isRunning, isScheduled } from './running.js';

/** Options of {@link ProvisioningClient.exportProvisioning}. */
export interface ExportProvisioningOptions extends RequestOptions {
  /** The job to export, when the app has several. Default: its only one. */
  jobId?: string;
}

/** A credential as an export writes it: a value Graph shows in clear, or where to find one. */
export type ExportedCredential = string | { readonly env: string };

/**
 * A spec that reproduces an app: {@link ProvisioningSpec} whose credentials are the values Graph
 * shows in clear (addresses) and, for each key Graph masks, an environment variable to read it
 * from (`{ env: 'SCIM_CONTOSO_5E2F1A3B_SECRETTOKEN' }`): never a secret value. The CLI's manifest takes
 * it as it is; for the SDK, put the values in `credentials` (or leave them out) first.
 */
export type ExportedSpec = Omit<ProvisioningSpec, 'credentials'> & {
  credentials?: { readonly [key: string]: ExportedCredential };
};

/** The members a new mapping gets from `map()` when its options leave them out. */
const NEW_MAPPING: Readonly<AttributeMapping> = {
  flowType: 'Always',
  flowBehavior: 'FlowWhenChanged',
  matchingPriority: 0,
  defaultValue: null,
  exportMissingReferences: false,
};

/**
 * The environment variable an export names for a masked key: `APP_NAME_1A2B3C4D_KEY`, the
 * display name for people and the start of the service principal's id so that two apps never
 * share one (names such as `Contoso HR` and `Contoso-HR`, or in other scripts, would).
 */
export function envName(displayName: string, servicePrincipalId: string, key: string): string {
  const clean = (s: string) =>
    s
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_|_$/g, '');
  const id = clean(servicePrincipalId.replace(/-/g, '').slice(0, 8));
  return `${clean(displayName) || 'APP'}_${id}_${clean(key)}`;
}

/** A Graph attribute mapping as a spec writes it; `base` is the template's (or none). */
function mappingSpec(
  m: AttributeMapping,
  base: AttributeMapping | undefined,
): AttributeMappingSpec {
  const view = viewSource(m.source);
  const from =
    view?.type === 'Attribute'
      ? { attribute: view.name }
      : view?.type === 'Constant'
        ? { constant: view.name }
        : { expression: view?.expression ?? '' };
  const was = base ?? NEW_MAPPING;
  const options: Record<string, unknown> = {};
  if (m.flowType !== undefined && m.flowType !== was.flowType) options.flow = m.flowType;
  if (m.flowBehavior !== undefined && m.flowBehavior !== was.flowBehavior)
    options.flowBehavior = m.flowBehavior;
  if ((m.matchingPriority ?? 0) !== (was.matchingPriority ?? 0))
    options.matchingPriority = m.matchingPriority ?? 0;
  if ((m.defaultValue ?? null) !== (was.defaultValue ?? null))
    options.defaultValue = m.defaultValue ?? null;
  if ((m.exportMissingReferences ?? false) !== (was.exportMissingReferences ?? false))
    options.exportMissingReferences = m.exportMissingReferences ?? false;
  return { ...from, ...options };
}

function sameMapping(a: AttributeMapping, b: AttributeMapping): boolean {
  return JSON.stringify(mappingSpec(a, b)) === JSON.stringify(mappingSpec(b, b));
}

function objectMappings(schema: SynchronizationSchema): ObjectMapping[] {
  return (schema.synchronizationRules ?? []).flatMap((r) => r.objectMappings ?? []);
}

const omKey = (om: ObjectMapping) => `${om.sourceObjectName ?? ''}→${om.targetObjectName ?? ''}`;

/**
 * The job's schema as edits of its template's: per object mapping (by source object name),
 * the attributes mapped otherwise (or not in the template), those the template maps that the
 * job does not (`null`), and the scope when it differs.
 */
export function schemaDifference(
  job: SynchronizationSchema,
  template: SynchronizationSchema,
): Pick<ProvisioningSpec, 'mappings' | 'scope'> {
  const templates = new Map(objectMappings(template).map((om) => [omKey(om), om]));
  const mappings: Record<string, Record<string, AttributeMappingSpec | null>> = {};
  const scope: Record<string, ScopeClauseSpec[][] | null> = {};
  for (const om of objectMappings(job)) {
    const name = om.sourceObjectName ?? '';
    const base = templates.get(omKey(om));
    const before = new Map(
      (base?.attributeMappings ?? []).map((m) => [m.targetAttributeName ?? '', m]),
    );
    const edits: Record<string, AttributeMappingSpec | null> = {};
    for (const m of om.attributeMappings ?? []) {
      const target = m.targetAttributeName ?? '';
      const was = before.get(target);
      before.delete(target);
      if (was === undefined || !sameMapping(m, was)) edits[target] = mappingSpec(m, was);
    }
    for (const target of before.keys()) edits[target] = null;
    if (Object.keys(edits).length > 0) mappings[name] = edits;
    const now = viewScope(om.scope);
    if (JSON.stringify(now ?? null) !== JSON.stringify(viewScope(base?.scope) ?? null)) {
      scope[name] =
        now === undefined
          ? null
          : now.groups.map((g) =>
              g.clauses.map((c) => ({
                attribute: c.attribute,
                operator: c.operator,
                ...(c.values.length === 0
                  ? {}
                  : { value: c.values.length === 1 ? (c.values[0] as string) : [...c.values] }),
              })),
            );
    }
  }
  return {
    ...(Object.keys(mappings).length > 0 ? { mappings } : {}),
    ...(Object.keys(scope).length > 0 ? { scope } : {}),
  };
}

/** One address, as a spec's `recipients` takes it (the separator of several is undocumented). */
const ONE_ADDRESS = /^[^\s;,|<>@"]+@[^\s;,|<>@"]+$/;

/**
 * The settings as a spec's `settings` (only those saved). A member a spec cannot say (several
 * recipients in one string, a threshold value under 1) is left out: the spec then leaves it as
 * it is, rather than failing the check of the whole manifest.
 */
function settingsSpec(s: ProvisioningSettings): ProvisioningSpec['settings'] {
  const out: NonNullable<ProvisioningSpec['settings']> = {};
  if (s.syncAll !== undefined) out.syncAll = s.syncAll;
  if (s.notifications !== undefined) {
    const { enabled, recipients } = s.notifications;
    out.notifications = {
      enabled,
      ...(recipients.every((r) => ONE_ADDRESS.test(r)) ? { recipients: [...recipients] } : {}),
    };
  }
  if (s.deleteThreshold !== undefined) {
    const { enabled, value } = s.deleteThreshold;
    out.deleteThreshold = { enabled, ...(value === undefined || value < 1 ? {} : { value }) };
  }
  if (s.skipOutOfScopeDeletions !== undefined)
    out.skipOutOfScopeDeletions = s.skipOutOfScopeDeletions;
  return Object.keys(out).length > 0 ? out : undefined;
}

function pickJob(jobs: readonly SynchronizationJob[], jobId: string | undefined) {
  if (jobId !== undefined) {
    const job = jobs.find((j) => j.id === jobId);
    if (job === undefined) throw new NotFoundError(`The app has no job '${jobId}'.`);
    return job;
  }
  if (jobs.length > 1) {
    throw new AmbiguousMatchError(`The app has ${String(jobs.length)} jobs: pick one with jobId.`, {
      matches: jobs.map((j) => ({ id: j.id })),
    });
  }
  return jobs[0];
}

/** The export (see {@link ProvisioningClient.exportProvisioning}): a span when traced. */
export async function exportProvisioning(
  client: ProvisioningClient,
  servicePrincipalId: string,
  options: ExportProvisioningOptions = {},
): Promise<ExportedSpec> {
  return traced(coreOf(client), 'exportProvisioning', () =>
    exportApp(client, servicePrincipalId, options),
  );
}

async function exportApp(
  client: ProvisioningClient,
  servicePrincipalId: string,
  options: ExportProvisioningOptions,
): Promise<ExportedSpec> {
  const { jobId, ...request } = options;
  if (jobId !== undefined && (typeof jobId !== 'string' || jobId === '')) {
    throw new InvalidInputError('Invalid jobId: expected a non-empty string', {
      issues: [{ path: ['jobId'], message: 'expected a non-empty string' }],
    });
  }
  const resource = client.servicePrincipals.byId(servicePrincipalId);
  const sp = await resource.get(request);
  const template = sp.applicationTemplateId;
  if (typeof template !== 'string' || template === '') {
    throw new InvalidInputError(
      `Service principal ${sp.id} was not made from an application template: a spec cannot recreate it.`,
      { issues: [{ path: ['servicePrincipalId'], message: 'no applicationTemplateId' }] },
    );
  }
  const displayName = sp.displayName ?? '';
  const sync = resource.synchronization;
  const job = pickJob(await sync.jobs.list(request).toArray(), jobId);
  const spec: ExportedSpec = { template, displayName };
  if (job === undefined) {
    // A spec always has a job (applying one creates it): an app without is not reproduced.
    throw new InvalidInputError(
      `'${displayName}' has no provisioning job: a spec would create one, so it cannot reproduce the app.`,
      { issues: [{ path: ['servicePrincipalId'], message: 'no provisioning job' }] },
    );
  }
  const [schema, base, saved, assigned] = await Promise.all([
    sync.jobs.byId(job.id).schema.get(request),
    sync.templates.byId(job.templateId ?? '').schema.get(request),
    sync.secrets.get(request),
    resource.appRoleAssignedTo.list({}, request).toArray(),
  ]);
  // The settings live among the secrets: read once, typed from the same pairs.
  const settings = settingsOf(pairsOf(saved));
  const credentials: Record<string, ExportedCredential> = {};
  for (const { key, value } of saved) {
    if (key === undefined || SETTING_KEYS.has(key)) continue;
    credentials[key] =
      isPrintable(key) && typeof value === 'string' && value !== MASKED
        ? value
        : { env: envName(displayName, sp.id, key) };
  }
  const assignments = assigned
    .filter((a) => a.principalType === 'User' || a.principalType === 'Group')
    .map((a) =>
      a.principalType === 'Group'
        ? { group: a.principalId, appRole: a.appRoleId }
        : { user: a.principalId, appRole: a.appRoleId },
    );
  const settingsOut = settingsSpec(settings);
  return {
    ...spec,
    ...(job.templateId === undefined || job.templateId === null
      ? {}
      : { syncTemplateId: job.templateId }),
    ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
    ...schemaDifference(schema, base),
    ...(settingsOut === undefined ? {} : { settings: settingsOut }),
    ...(assignments.length > 0 ? { assignments } : {}),
    ...runState(job),
  };
}

/**
 * How the job runs, as a spec says it: nothing for a running job (a spec's default is to start
 * it); `enabled: false` for one paused or never started, so that a plan shows it started by hand
 * as drift; `start: false` for one in quarantine, which the service retries on its own (a plan
 * neither starts nor pauses it).
 */
function runState(job: SynchronizationJob): Pick<ExportedSpec, 'start' | 'enabled'> {
  if (isRunning(job)) return {};
  return isScheduled(job) ? { start: false } : { enabled: false };
}
