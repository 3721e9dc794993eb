import * as z from 'zod/mini';
import { nullishString, optionalBoolean, optionalNumber, optionalString } from './shared.js';
import { KeyValuePairSchema, StringKeyLongValuePairSchema, openEnum } from './common.js';
import type { OpenEnum } from './common.js';
import { SynchronizationSchemaSchema } from './synchronization-schema.js';
import type { SynchronizationLinkedObjects } from './types.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type {
  SynchronizationError,
  SynchronizationQuarantine,
  SynchronizationProgress,
  SynchronizationTaskExecution,
  SynchronizationStatus,
  SynchronizationSchedule,
  SynchronizationSecretKeyStringValuePair,
  SynchronizationMetadataEntry,
  SynchronizationJobRestartCriteria,
  SynchronizationJobSubject,
  SynchronizationLinkedObjects,
  SynchronizationJobApplicationParameters,
  BulkUpload,
  SynchronizationJob,
  SynchronizationTemplate,
  SynchronizationContainer,
} from './types.js';

/** Members of `quarantineReason`. */
export const QuarantineReasonValues = [
  'EncounteredBaseEscrowThreshold',
  'EncounteredTotalEscrowThreshold',
  'EncounteredEscrowProportionThreshold',
  'EncounteredQuarantineException',
  'Unknown',
  'QuarantinedOnDemand',
  'TooManyDeletes',
  'IngestionInterrupted',
] as const;
/** Graph's `quarantineReason` enum, open to values added later. */
export type QuarantineReason = OpenEnum<(typeof QuarantineReasonValues)[number]>;
/** Schema of {@link QuarantineReason}. */
export const QuarantineReasonSchema = openEnum<(typeof QuarantineReasonValues)[number]>();

/** Members of `synchronizationTaskExecutionResult`. */
export const SynchronizationTaskExecutionResultValues = [
  'Succeeded',
  'Failed',
  'EntryLevelErrors',
] as const;
/** Graph's `synchronizationTaskExecutionResult` enum, open to values added later. */
export type SynchronizationTaskExecutionResult = OpenEnum<
  (typeof SynchronizationTaskExecutionResultValues)[number]
>;
/** Schema of {@link SynchronizationTaskExecutionResult}. */
export const SynchronizationTaskExecutionResultSchema =
  openEnum<(typeof SynchronizationTaskExecutionResultValues)[number]>();

/** Members of `synchronizationStatusCode`. */
export const SynchronizationStatusCodeValues = [
  'NotConfigured',
  'NotRun',
  'Active',
  'Paused',
  'Quarantine',
] as const;
/** Graph's `synchronizationStatusCode` enum, open to values added later. */
export type SynchronizationStatusCode = OpenEnum<(typeof SynchronizationStatusCodeValues)[number]>;
/** Schema of {@link SynchronizationStatusCode}. */
export const SynchronizationStatusCodeSchema =
  openEnum<(typeof SynchronizationStatusCodeValues)[number]>();

/** Members of `synchronizationScheduleState`. */
export const SynchronizationScheduleStateValues = ['Active', 'Disabled', 'Paused'] as const;
/** Graph's `synchronizationScheduleState` enum, open to values added later. */
export type SynchronizationScheduleState = OpenEnum<
  (typeof SynchronizationScheduleStateValues)[number]
>;
/** Schema of {@link SynchronizationScheduleState}. */
export const SynchronizationScheduleStateSchema =
  openEnum<(typeof SynchronizationScheduleStateValues)[number]>();

/** Members of `synchronizationSecret`. */
export const SynchronizationSecretValues = [
  'None',
  'UserName',
  'Password',
  'SecretToken',
  'AppKey',
  'BaseAddress',
  'ClientIdentifier',
  'ClientSecret',
  'SingleSignOnType',
  'Sandbox',
  'Url',
  'Domain',
  'ConsumerKey',
  'ConsumerSecret',
  'TokenKey',
  'TokenExpiration',
  'Oauth2AccessToken',
  'Oauth2AccessTokenCreationTime',
  'Oauth2RefreshToken',
  'SyncAll',
  'InstanceName',
  'Oauth2ClientId',
  'Oauth2ClientSecret',
  'CompanyId',
  'UpdateKeyOnSoftDelete',
  'SynchronizationSchedule',
  'SystemOfRecord',
  'SandboxName',
  'EnforceDomain',
  'SyncNotificationSettings',
  'SkipOutOfScopeDeletions',
  'Oauth2AuthorizationCode',
  'Oauth2RedirectUri',
  'ApplicationTemplateIdentifier',
  'Oauth2TokenExchangeUri',
  'Oauth2AuthorizationUri',
  'AuthenticationType',
  'Server',
  'PerformInboundEntitlementGrants',
  'HardDeletesEnabled',
  'SyncAgentCompatibilityKey',
  'SyncAgentADContainer',
  'ValidateDomain',
  'TestReferences',
  'ConnectionString',
] as const;
/** Graph's `synchronizationSecret` enum, open to values added later. */
export type SynchronizationSecret = OpenEnum<(typeof SynchronizationSecretValues)[number]>;
/** Schema of {@link SynchronizationSecret}. */
export const SynchronizationSecretSchema = openEnum<(typeof SynchronizationSecretValues)[number]>();

/** Members of `synchronizationMetadata`. */
export const SynchronizationMetadataValues = [
  'GalleryApplicationIdentifier', // v1.0 only
  'GalleryApplicationKey', // v1.0 only
  'IsOAuthEnabled', // v1.0 only
  'IsSynchronizationAgentAssignmentRequired',
  'IsSynchronizationAgentRequired', // v1.0 only
  'IsSynchronizationInPreview', // v1.0 only
  'OAuthSettings', // v1.0 only
  'SynchronizationLearnMoreIbizaFwLink', // v1.0 only
  'ConfigurationFields', // v1.0 only
  'galleryApplicationIdentifier', // beta only
  'galleryApplicationKey', // beta only
  'isOAuthEnabled', // beta only
  'isSynchronizationAgentRequired', // beta only
  'isSynchronizationInPreview', // beta only
  'oAuthSettings', // beta only
  'synchronizationLearnMoreIbizaFwLink', // beta only
  'configurationFields', // beta only
] as const;
/** Graph's `synchronizationMetadata` enum, open to values added later. */
export type SynchronizationMetadata = OpenEnum<(typeof SynchronizationMetadataValues)[number]>;
/** Schema of {@link SynchronizationMetadata}. */
export const SynchronizationMetadataSchema =
  openEnum<(typeof SynchronizationMetadataValues)[number]>();

/** Members of `synchronizationJobRestartScope` (a flags enum: several members joined by ", " in one string). */
export const SynchronizationJobRestartScopeValues = [
  'None',
  'ConnectorDataStore',
  'Escrows',
  'Watermark',
  'QuarantineState',
  'Full',
  'ForceDeletes',
] as const;
/** Graph's `synchronizationJobRestartScope` enum, open to values added later. */
export type SynchronizationJobRestartScope = OpenEnum<
  (typeof SynchronizationJobRestartScopeValues)[number]
>;
/** Schema of {@link SynchronizationJobRestartScope}. */
export const SynchronizationJobRestartScopeSchema =
  openEnum<(typeof SynchronizationJobRestartScopeValues)[number]>();

/** Members of `synchronizationDisposition`. */
export const SynchronizationDispositionValues = ['Normal', 'Discard', 'Escrow'] as const;
/** Graph's `synchronizationDisposition` enum, open to values added later. */
export type SynchronizationDisposition = OpenEnum<
  (typeof SynchronizationDispositionValues)[number]
>;
/** Schema of {@link SynchronizationDisposition}. */
export const SynchronizationDispositionSchema =
  openEnum<(typeof SynchronizationDispositionValues)[number]>();

/** Members of `escrowBehavior`. */
export const EscrowBehaviorValues = ['Default', 'IgnoreLookupReferenceResolutionFailure'] as const;
/** Graph's `escrowBehavior` enum, open to values added later. */
export type EscrowBehavior = OpenEnum<(typeof EscrowBehaviorValues)[number]>;
/** Schema of {@link EscrowBehavior}. */
export const EscrowBehaviorSchema = openEnum<(typeof EscrowBehaviorValues)[number]>();

/** Members of `entryExportStatus`. */
export const EntryExportStatusValues = [
  'Noop',
  'Success',
  'RetryableError',
  'PermanentError',
  'Error',
] as const;
/** Graph's `entryExportStatus` enum, open to values added later. */
export type EntryExportStatus = OpenEnum<(typeof EntryExportStatusValues)[number]>;
/** Schema of {@link EntryExportStatus}. */
export const EntryExportStatusSchema = openEnum<(typeof EntryExportStatusValues)[number]>();

/** Members of `entrySyncOperation`. */
export const EntrySyncOperationValues = ['None', 'Add', 'Delete', 'Update'] as const;
/** Graph's `entrySyncOperation` enum, open to values added later. */
export type EntrySyncOperation = OpenEnum<(typeof EntrySyncOperationValues)[number]>;
/** Schema of {@link EntrySyncOperation}. */
export const EntrySyncOperationSchema = openEnum<(typeof EntrySyncOperationValues)[number]>();

/**
 * Quarantine / run error: `code` (e.g. `SalesforceInvalidCredentials`), human-readable
 * `message`, and `tenantActionable` (true when the customer can fix it).
 */
export const SynchronizationErrorSchema = lazySchema(() =>
  z.looseObject({
    code: nullishString,
    message: nullishString,
    tenantActionable: optionalBoolean,
  }),
);

/**
 * Why and since when a job is quarantined (`status.quarantine`): the `reason`, the `error` that
 * caused it (e.g. `SalesforceInvalidCredentials`), when the current quarantine began, when Graph
 * tries again (`nextAttempt`) and how many times it has re-evaluated (`seriesCount`). Graph's own
 * example returns `""` for the timestamps and the reason, which the schema accepts. After four
 * weeks in quarantine the job is disabled.
 */
export const SynchronizationQuarantineSchema = lazySchema(() =>
  z.looseObject({
    currentBegan: optionalString,
    error: z.nullish(SynchronizationErrorSchema),
    nextAttempt: optionalString,
    reason: z.optional(QuarantineReasonSchema),
    seriesBegan: optionalString,
    seriesCount: optionalNumber,
  }),
);

/**
 * Progress of the current cycle: `completedUnits` out of `totalUnits` (Int64 in Graph's metadata),
 * in `units`.
 */
export const SynchronizationProgressSchema = lazySchema(() =>
  z.looseObject({
    completedUnits: optionalNumber,
    progressObservationDateTime: optionalString,
    totalUnits: optionalNumber,
    units: nullishString,
  }),
);

/**
 * One run of a job (`status.lastExecution`, `lastSuccessfulExecution`, …): its outcome `state`
 * (`Succeeded`, `Failed`, `EntryLevelErrors`), its window `timeBegan`/`timeEnded`, the `error`
 * if any, and counters of what was imported, escrowed and exported.
 */
export const SynchronizationTaskExecutionSchema = lazySchema(() =>
  z.looseObject({
    activityIdentifier: nullishString,
    countEntitled: optionalNumber,
    countEntitledForProvisioning: optionalNumber,
    countEscrowed: optionalNumber,
    countEscrowedRaw: optionalNumber,
    countExported: optionalNumber,
    countExports: optionalNumber,
    countImported: optionalNumber,
    countImportedDeltas: optionalNumber,
    countImportedReferenceDeltas: optionalNumber,
    error: z.nullish(SynchronizationErrorSchema),
    state: z.optional(SynchronizationTaskExecutionResultSchema),
    timeBegan: optionalString,
    timeEnded: optionalString,
  }),
);

/**
 * The state of a job (`job.status`). `code` summarises it: `NotConfigured` (never authorised or
 * run), `NotRun` (configured, first run not finished), `Active` (running on schedule), `Paused`
 * (stopped, state kept) or `Quarantine` (running less often because of many or critical errors,
 * see `quarantine`). Timestamps never reached are `0001-01-01T00:00:00Z`. `escrowsPruned` is true
 * when object-level errors of the initial cycle were discarded instead of quarantining the job.
 */
export const SynchronizationStatusSchema = lazySchema(() =>
  z.looseObject({
    code: z.optional(SynchronizationStatusCodeSchema),
    countSuccessiveCompleteFailures: optionalNumber,
    escrowsPruned: optionalBoolean,
    lastExecution: z.nullish(SynchronizationTaskExecutionSchema),
    lastSuccessfulExecution: z.nullish(SynchronizationTaskExecutionSchema),
    lastSuccessfulExecutionWithExports: z.nullish(SynchronizationTaskExecutionSchema),
    progress: z.nullish(z.array(SynchronizationProgressSchema)),
    quarantine: z.nullish(SynchronizationQuarantineSchema),
    steadyStateFirstAchievedTime: optionalString,
    steadyStateLastAchievedTime: optionalString,
    synchronizedEntryCountByType: z.nullish(z.array(StringKeyLongValuePairSchema)),
    troubleshootingUrl: nullishString,
  }),
);

/**
 * `interval` is an ISO-8601 duration string; the docs examples show
 * `P10675199DT2H48M5.4775807S` (the .NET TimeSpan.MaxValue) for a disabled job. `state`:
 * `Active`, `Disabled`, `Paused` (older docs list only Active/Disabled). `expiration` null =
 * never.
 */
export const SynchronizationScheduleSchema = lazySchema(() =>
  z.looseObject({
    expiration: nullishString,
    interval: optionalString,
    state: z.optional(SynchronizationScheduleStateSchema),
  }),
);

/**
 * One credential as Graph stores it: `key` is a `synchronizationSecret` member (e.g. `BaseAddress`,
 * `SecretToken`) and `value` a string; booleans and structured settings are strings too (`"false"`,
 * or JSON text for `SyncNotificationSettings`). Deprecated in beta since 2026-02-06 in favour of
 * connectivity parameters.
 */
export const SynchronizationSecretKeyStringValuePairSchema = lazySchema(() =>
  z.looseObject({
    key: z.optional(SynchronizationSecretSchema),
    value: nullishString,
  }),
);

/**
 * A template metadata entry. Graph spells the `key` members in PascalCase in v1.0 and in
 * camelCase in beta (except `IsSynchronizationAgentAssignmentRequired`).
 */
export const SynchronizationMetadataEntrySchema = lazySchema(() =>
  z.looseObject({
    key: z.nullish(SynchronizationMetadataSchema),
    value: nullishString,
  }),
);

/**
 * `resetScope` is a FLAGS enum. On the wire it is a single string of comma-separated member
 * names, e.g. `"Watermark, Escrows, QuarantineState"` (docs example). Meaning per the current
 * v1.0 resource page: `None` (do not use; call start instead), `ConnectorDataStore` (clears the
 * connector cache; do not use without Microsoft support), `Escrows` (drop pending retries of
 * failed objects), `Watermark` (forget the delta watermark so every object is re-evaluated),
 * `QuarantineState` (lift the quarantine temporarily), `Full` (= value 15, all of
 * ConnectorDataStore+Escrows+Watermark+QuarantineState), `ForceDeletes` (push through deletes
 * held back by the accidental-deletion threshold). Sending no criteria / an empty resetScope
 * behaves like the portal's 'Restart provisioning' (roughly QuarantineState+Watermark+Escrows).
 */
export const SynchronizationJobRestartCriteriaSchema = lazySchema(() =>
  z.looseObject({
    resetScope: z.nullish(SynchronizationJobRestartScopeSchema),
  }),
);

/**
 * `objectId` is the source-system identifier (a GUID for Entra ID users, a DN such as
 * `CN=AdeleV,CN=Users,DC=...` for AD cloud sync). `objectTypeName` is the source object type
 * (`User`, `user`, `Group` appear in the examples; casing is not normalised). `links` lets a
 * Group subject carry members/owners/manager to provision together.
 */
export const SynchronizationJobSubjectSchema = lazySchema(() =>
  z.looseObject({
    // Typed by the generated interface: `typeof` the schema here would be circular (unknown).
    get links(): z.ZodMiniOptional<z.ZodMiniNullable<z.ZodMiniType<SynchronizationLinkedObjects>>> {
      return z.nullish(SynchronizationLinkedObjectsSchema);
    },
    objectId: nullishString,
    objectTypeName: nullishString,
  }),
);

/**
 * Related subjects of a group subject: `members`, `owners` (collections) and `manager`
 * (single).
 */
export const SynchronizationLinkedObjectsSchema = lazySchema(() =>
  z.looseObject({
    manager: z.nullish(SynchronizationJobSubjectSchema),
    members: z.nullish(z.array(SynchronizationJobSubjectSchema)),
    owners: z.nullish(z.array(SynchronizationJobSubjectSchema)),
  }),
);

/**
 * Input of provisionOnDemand: `ruleId` (id of a synchronizationRule in the job's schema, e.g.
 * `"33f7c90d-bf71-41b1-bda6-aaf0ddbee5d8#V2"` or a GUID) and `subjects` (the objects to
 * provision).
 */
export const SynchronizationJobApplicationParametersSchema = lazySchema(() =>
  z.looseObject({
    ruleId: nullishString,
    subjects: z.nullish(z.array(SynchronizationJobSubjectSchema)),
  }),
);

/**
 * Stream entity behind POST .../jobs/{id}/bulkUpload (SCIM bulk payloads); no declared
 * properties.
 */
export const BulkUploadSchema = lazySchema(() =>
  z.looseObject({
    /** Absent when returned inline inside its parent. */
    id: optionalString,
  }),
);

/**
 * A synchronization (provisioning) job of a service principal. Its `id` is an opaque string such
 * as `aws.74beb1753b704b63b8d56f0b76082b16.10a7a801-…` (`{templateId}.{tenant id}.{guid}`), not a
 * GUID. `schedule.state` and `status.code` tell whether it runs; `synchronizationJobSettings` holds
 * `{ name, value }` settings such as `QuarantineTooManyDeletesThreshold`. `schema` and
 * `bulkUpload` are contained entities, returned only when addressed.
 */
export const SynchronizationJobSchema = lazySchema(() =>
  z.looseObject({
    id: z.string(),
    schedule: z.nullish(SynchronizationScheduleSchema),
    status: z.nullish(SynchronizationStatusSchema),
    synchronizationJobSettings: z.nullish(z.array(KeyValuePairSchema)),
    templateId: nullishString,
    /** Navigation property; returned only when addressed or expanded. */
    bulkUpload: z.nullish(BulkUploadSchema),
    /** Navigation property; returned only when addressed or expanded. */
    schema: z.nullish(SynchronizationSchemaSchema),
  }),
);

/**
 * A synchronization template: the pre-configured provisioning connector of an application, e.g.
 * `aws` or `BoxOutDelta`. Create a job from it with `jobs.create({ templateId })`. `factoryTag`
 * names the connector implementation (e.g. `CustomSCIM`); `schema` carries the default attribute
 * mappings and comes back inline when templates are listed.
 */
export const SynchronizationTemplateSchema = lazySchema(() =>
  z.looseObject({
    id: z.string(),
    applicationId: optionalString,
    default: optionalBoolean,
    description: nullishString,
    discoverable: optionalBoolean,
    factoryTag: nullishString,
    metadata: z.nullish(z.array(SynchronizationMetadataEntrySchema)),
    /** Navigation property; returned only when addressed or expanded. */
    schema: z.nullish(SynchronizationSchemaSchema),
  }),
);

/**
 * Graph's `synchronization` entity, the container under `servicePrincipals/{id}/synchronization`
 * (its `id` is not used in URLs). Work with it through
 * `client.servicePrincipals.byId(id).synchronization`; `secrets` is write-only.
 */
export const SynchronizationContainerSchema = lazySchema(() =>
  z.looseObject({
    /** Absent when returned inline inside its parent. */
    id: optionalString,
    secrets: z.nullish(z.array(SynchronizationSecretKeyStringValuePairSchema)),
    /** Navigation property; returned only when addressed or expanded. */
    jobs: z.nullish(z.array(SynchronizationJobSchema)),
    /** Navigation property; returned only when addressed or expanded. */
    templates: z.nullish(z.array(SynchronizationTemplateSchema)),
  }),
);
