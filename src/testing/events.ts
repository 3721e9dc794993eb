/**
 * Provisioning events (the provisioning logs). Stored compactly, since benchmarks keep hundreds
 * of thousands of them, and turned into Graph's `provisioningObjectSummary` JSON only when served.
 */
import type { Random } from './random.js';

/** What happened to one object. */
export type EventAction = 'create' | 'update' | 'delete' | 'disable' | 'other';
/** Its outcome. */
export type EventStatus = 'success' | 'failure' | 'skipped' | 'warning';
/** Why it failed or was skipped. */
export type EventReason =
  'entryConflict' | 'duplicateTargetEntries' | 'badResponse' | 'redundantExport' | 'notEntitled';

/** One event, compact. */
export interface StoredEvent {
  /** Order of recording, given by the tenant (paging snapshots are taken against it). */
  seq: number;
  readonly id: string;
  readonly time: number;
  readonly tenantId: string;
  readonly jobId: string;
  readonly cycleId: string;
  readonly changeId: string;
  readonly servicePrincipalId: string;
  readonly servicePrincipalName: string;
  readonly applicationId: string;
  readonly targetName: string;
  readonly errorPrefix: string;
  readonly inbound: boolean;
  readonly action: EventAction;
  readonly status: EventStatus;
  readonly reason: EventReason | undefined;
  readonly identityType: string;
  readonly targetType: string;
  readonly sourceId: string;
  readonly sourceName: string;
  readonly targetId: string;
  readonly durationMs: number;
  /**
   * What the job's attribute mappings wrote (target attribute, value), for cycle events of
   * directory objects; absent for seeded and uploaded events (a fixed set is reported).
   */
  readonly modified?: readonly (readonly [string, string | null])[];
}

/** The parts of an event a cycle decides; the rest comes from its job. */
export type EventDraft = Pick<
  StoredEvent,
  | 'action'
  | 'status'
  | 'reason'
  | 'identityType'
  | 'targetType'
  | 'sourceId'
  | 'sourceName'
  | 'targetId'
  | 'modified'
>;

/** Chooses a realistic outcome for one object of a full cycle. */
export function draftOutcome(
  rng: Random,
  failureRate: number,
): Pick<EventDraft, 'action' | 'status' | 'reason'> {
  const roll = rng.next();
  if (roll < failureRate) {
    return {
      action: 'create',
      status: 'failure',
      reason: rng.pick(['entryConflict', 'duplicateTargetEntries', 'badResponse'] as const),
    };
  }
  if (roll < failureRate + 0.07) {
    return {
      action: 'other',
      status: 'skipped',
      reason: rng.pick(['redundantExport', 'notEntitled'] as const),
    };
  }
  if (roll < failureRate + 0.2) return { action: 'update', status: 'success', reason: undefined };
  return { action: 'create', status: 'success', reason: undefined };
}

const ACTION_BETA: Readonly<Record<EventAction, string>> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  disable: 'Disable',
  other: 'Other',
};

interface ErrorText {
  readonly code: string;
  readonly reason: string;
  readonly category: 'nonServiceFailure' | 'failure';
  readonly action: string | null;
}

function errorText(event: StoredEvent): ErrorText | undefined {
  const target = event.targetName;
  const type = event.identityType;
  switch (event.reason) {
    case undefined:
      return undefined;
    case 'entryConflict':
      return {
        code: `${event.errorPrefix}EntryConflict`,
        reason: `Message: ${target} returned an error response with the HTTP status code 409.  This response indicates that a user or a group already exisits with the same name. This can be avoided by identifying and removing the conflicting user from ${target} via the ${target} administrative user interface, or removing the current user from the scope of provisioning either by removing their assignment to the ${target} application in Azure Active Directory or adding a scoping filter to exclude the user.`,
        category: 'nonServiceFailure',
        action: `Remove the conflicting ${type.toLowerCase()} from ${target}, or take '${event.sourceName}' out of the scope of provisioning.`,
      };
    case 'duplicateTargetEntries':
      return {
        code: 'DuplicateTargetEntries',
        reason: `The operation failed because more than one ${type} in ${target} matches '${event.sourceName}' on the matching attribute.`,
        category: 'nonServiceFailure',
        action: `Make the matching attribute unique in ${target}.`,
      };
    case 'badResponse':
      return {
        code: 'SystemForCrossDomainIdentityManagementBadResponse',
        reason: `${target} answered the request for ${type} '${event.sourceName}' with a response the provisioning service could not process (HTTP 500).`,
        category: 'failure',
        action: null,
      };
    case 'redundantExport':
      return {
        code: 'RedundantExport',
        reason: 'The state of the user in both the source and target systems already match.',
        category: 'nonServiceFailure',
        action: null,
      };
    case 'notEntitled':
      return {
        code: 'NotEffectivelyEntitled',
        reason: `The ${type.toLowerCase()} '${event.sourceName}' was skipped because it is not assigned to the application or is out of the scope of provisioning.`,
        category: 'nonServiceFailure',
        action: null,
      };
  }
}

const ENTRA = { id: '0404601d-a9c0-4ec7-bbcd-02660120d8c9', displayName: 'Azure Active Directory' };

/** Graph's `provisioningObjectSummary` for an event, in the shape of the API version asked for. */
export function eventJson(event: StoredEvent, version: string): Record<string, unknown> {
  const error = errorText(event);
  const app = {
    id: event.applicationId,
    displayName: event.targetName,
    details: {
      ApplicationId: event.applicationId,
      ServicePrincipalId: event.servicePrincipalId,
      ServicePrincipalDisplayName: event.servicePrincipalName,
    },
  };
  const entra = { ...ENTRA, details: {} };
  const [sourceSystem, targetSystem] = event.inbound ? [app, entra] : [entra, app];
  const failed = event.status === 'failure';
  const verb = event.action === 'update' ? 'updated' : 'created';
  const steps = [
    {
      name: 'EntryImport',
      provisioningStepType: 'import',
      status: 'success',
      description: `Retrieved ${event.identityType} '${event.sourceName}' from ${sourceSystem.displayName}`,
      details: {},
    },
    {
      name: 'EntrySynchronizationScoping',
      provisioningStepType: 'scoping',
      status: event.reason === 'notEntitled' ? 'skipped' : 'success',
      description: `Determine if ${event.identityType} in scope by evaluating against each scoping filter`,
      details: {},
    },
    {
      name: 'EntryExport' + (event.action === 'update' ? 'Update' : 'Add'),
      provisioningStepType: 'export',
      status: event.status === 'warning' ? 'warning' : event.status,
      description: failed
        ? `Failed to ${event.action} ${event.identityType} '${event.sourceName}' in ${targetSystem.displayName}`
        : event.status === 'skipped'
          ? `No change to ${event.identityType} '${event.sourceName}' was needed in ${targetSystem.displayName}`
          : `${event.identityType} '${event.sourceName}' was ${verb} in ${targetSystem.displayName}`,
      details: { ReportableIdentifier: event.sourceName },
    },
  ];
  const json: Record<string, unknown> = {
    id: event.id,
    activityDateTime: new Date(event.time).toISOString(),
    tenantId: event.tenantId,
    jobId: event.jobId,
    cycleId: event.cycleId,
    changeId: event.changeId,
    provisioningAction: event.action,
    durationInMilliseconds: event.durationMs,
    sourceSystem,
    targetSystem,
    initiatedBy: { id: '', displayName: 'Azure AD Provisioning Service', initiatorType: 'system' },
    servicePrincipal: { id: event.servicePrincipalId, displayName: event.servicePrincipalName },
    sourceIdentity: {
      id: event.sourceId,
      displayName: event.sourceName,
      identityType: event.identityType,
      details: {},
    },
    targetIdentity: {
      id: event.status === 'success' ? event.targetId : '',
      displayName: event.status === 'success' ? event.sourceName : '',
      identityType: event.targetType,
      details: {},
    },
    provisioningStatusInfo: {
      status: event.status,
      errorInformation:
        error === undefined
          ? null
          : {
              errorCode: error.code,
              reason: error.reason,
              additionalDetails: null,
              errorCategory: error.category,
              recommendedAction: error.action,
            },
    },
    provisioningSteps:
      event.status === 'skipped' && event.reason === 'notEntitled' ? steps.slice(0, 2) : steps,
    modifiedProperties:
      event.status === 'success' && event.modified !== undefined
        ? event.modified.map(([displayName, newValue]) => ({
            displayName,
            oldValue: null,
            newValue,
          }))
        : event.status === 'success'
          ? [
              { displayName: 'objectId', oldValue: null, newValue: event.sourceId },
              { displayName: 'displayName', oldValue: null, newValue: event.sourceName },
              { displayName: 'accountEnabled', oldValue: null, newValue: 'True' },
            ]
          : [],
  };
  if (version === 'beta') {
    json.action = ACTION_BETA[event.action];
    json.statusInfo =
      error === undefined
        ? { '@odata.type': '#microsoft.graph.statusBase', status: event.status }
        : {
            '@odata.type': '#microsoft.graph.statusDetails',
            status: event.status,
            errorCode: error.code,
            reason: error.reason,
            additionalDetails: null,
            errorCategory: error.category,
            recommendedAction: error.action,
          };
  }
  return json;
}

/** How filters see an event: the properties Graph lets you filter provisioning logs on. */
export function eventField(event: StoredEvent, path: string): unknown {
  switch (path) {
    case 'id':
      return event.id;
    case 'activityDateTime':
      return event.time;
    case 'tenantId':
      return event.tenantId;
    case 'jobId':
      return event.jobId;
    case 'cycleId':
      return event.cycleId;
    case 'changeId':
      return event.changeId;
    case 'action':
      return ACTION_BETA[event.action];
    case 'provisioningAction':
      return event.action;
    case 'durationInMilliseconds':
      return event.durationMs;
    case 'provisioningStatusInfo/status':
    case 'statusInfo/status':
      return event.status;
    case 'servicePrincipal/id':
      return event.servicePrincipalId;
    case 'servicePrincipal/displayName':
    case 'servicePrincipal/name':
      return event.servicePrincipalName;
    case 'sourceSystem/displayName':
      return event.inbound ? event.targetName : ENTRA.displayName;
    case 'targetSystem/displayName':
      return event.inbound ? ENTRA.displayName : event.targetName;
    case 'sourceIdentity/id':
      return event.sourceId;
    case 'sourceIdentity/displayName':
      return event.sourceName;
    case 'sourceIdentity/identityType':
      return event.identityType;
    case 'targetIdentity/id':
      return event.status === 'success' ? event.targetId : '';
    case 'targetIdentity/displayName':
      return event.status === 'success' ? event.sourceName : '';
    case 'targetIdentity/identityType':
      return event.targetType;
    case 'initiatedBy/displayName':
      return 'Azure AD Provisioning Service';
    default:
      return undefined;
  }
}
