import * as z from 'zod/mini';
import { nullishNumber, nullishString, nullishUnknown, optionalString } from './shared.js';
import { DetailsInfoSchema, UnmodeledObjectSchema, openEnum } from './common.js';
import type { OpenEnum } from './common.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type {
  Initiator,
  ProvisionedIdentity,
  ProvisioningSystem,
  ProvisioningServicePrincipal,
  ModifiedProperty,
  ProvisioningErrorInfo,
  ProvisioningStatusInfo,
  ProvisioningStep,
  StatusBase,
  StatusDetails,
  ProvisioningObjectSummary,
  AuditLogRoot,
} from './types.js';

/** Members of `initiatorType`. */
export const InitiatorTypeValues = ['user', 'application', 'system', 'unknownFutureValue'] as const;
/** Graph's `initiatorType` enum, open to values added later. */
export type InitiatorType = OpenEnum<(typeof InitiatorTypeValues)[number]>;
/** Schema of {@link InitiatorType}. */
export const InitiatorTypeSchema = openEnum<(typeof InitiatorTypeValues)[number]>();

/** Members of `provisioningStatusErrorCategory`. */
export const ProvisioningStatusErrorCategoryValues = [
  'failure',
  'nonServiceFailure',
  'success',
  'unknownFutureValue',
] as const;
/** Graph's `provisioningStatusErrorCategory` enum, open to values added later. */
export type ProvisioningStatusErrorCategory = OpenEnum<
  (typeof ProvisioningStatusErrorCategoryValues)[number]
>;
/** Schema of {@link ProvisioningStatusErrorCategory}. */
export const ProvisioningStatusErrorCategorySchema =
  openEnum<(typeof ProvisioningStatusErrorCategoryValues)[number]>();

/** Members of `provisioningResult`. */
export const ProvisioningResultValues = [
  'success',
  'failure',
  'skipped',
  'warning',
  'unknownFutureValue',
] as const;
/** Graph's `provisioningResult` enum, open to values added later. */
export type ProvisioningResult = OpenEnum<(typeof ProvisioningResultValues)[number]>;
/** Schema of {@link ProvisioningResult}. */
export const ProvisioningResultSchema = openEnum<(typeof ProvisioningResultValues)[number]>();

/** Members of `provisioningStepType`. */
export const ProvisioningStepTypeValues = [
  'import',
  'scoping',
  'matching',
  'processing',
  'referenceResolution',
  'export',
  'unknownFutureValue',
] as const;
/** Graph's `provisioningStepType` enum, open to values added later. */
export type ProvisioningStepType = OpenEnum<(typeof ProvisioningStepTypeValues)[number]>;
/** Schema of {@link ProvisioningStepType}. */
export const ProvisioningStepTypeSchema = openEnum<(typeof ProvisioningStepTypeValues)[number]>();

/** Members of `provisioningAction`. */
export const ProvisioningActionValues = [
  'other',
  'create',
  'delete',
  'disable',
  'update',
  'stagedDelete',
  'unknownFutureValue',
] as const;
/** Graph's `provisioningAction` enum, open to values added later. */
export type ProvisioningAction = OpenEnum<(typeof ProvisioningActionValues)[number]>;
/** Schema of {@link ProvisioningAction}. */
export const ProvisioningActionSchema = openEnum<(typeof ProvisioningActionValues)[number]>();

/**
 * Who started a provisioning event: `initiatorType` is `user`, `application` or `system`. (One of
 * Graph's examples sends `initiatingType` instead; the schema keeps such members as they are.)
 */
export const InitiatorSchema = lazySchema(() =>
  z.looseObject({
    id: nullishString,
    displayName: nullishString,
    initiatorType: z.nullish(InitiatorTypeSchema),
  }),
);

/**
 * Source/target object: inherits `id`/`displayName`; adds `identityType` (free string, e.g.
 * `User`, `Group`, `RolesCompound`, `ServicePrincipal`) and `details` (detailsInfo, open bag).
 * `id` can be an empty string when the target object does not exist yet.
 */
export const ProvisionedIdentitySchema = lazySchema(() =>
  z.looseObject({
    id: nullishString,
    displayName: nullishString,
    details: z.nullish(DetailsInfoSchema),
    identityType: nullishString,
  }),
);

/**
 * Source/target system: inherits `id`/`displayName`; adds `details` (open bag; the examples
 * carry ApplicationId, ServicePrincipalId, ServicePrincipalDisplayName).
 */
export const ProvisioningSystemSchema = lazySchema(() =>
  z.looseObject({
    id: nullishString,
    displayName: nullishString,
    details: z.nullish(DetailsInfoSchema),
  }),
);

/**
 * Only the inherited `id` and `displayName` (older docs mention `name`, which is not in the
 * schema; beta description of the $filter support still says 'id and name').
 */
export const ProvisioningServicePrincipalSchema = lazySchema(() =>
  z.looseObject({
    id: nullishString,
    displayName: nullishString,
  }),
);

/**
 * `displayName` (attribute name), `oldValue`, `newValue` — all nullable strings.
 */
export const ModifiedPropertySchema = lazySchema(() =>
  z.looseObject({
    displayName: nullishString,
    newValue: nullishString,
    oldValue: nullishString,
  }),
);

/**
 * Error details: `errorCode` (e.g. `ContosoEntryConflict`), `reason`, `additionalDetails`,
 * `errorCategory` (failure | nonServiceFailure | success | unknownFutureValue),
 * `recommendedAction`.
 */
export const ProvisioningErrorInfoSchema = lazySchema(() =>
  z.looseObject({
    additionalDetails: nullishString,
    errorCategory: z.nullish(ProvisioningStatusErrorCategorySchema),
    errorCode: nullishString,
    reason: nullishString,
    recommendedAction: nullishString,
  }),
);

/**
 * Outcome of a provisioning event: `status` (`success`, `failure`, `skipped`, `warning`) and, on
 * failure, `errorInformation` with the error code and reason.
 */
export const ProvisioningStatusInfoSchema = lazySchema(() =>
  z.looseObject({
    errorInformation: z.nullish(ProvisioningErrorInfoSchema),
    status: z.nullish(ProvisioningResultSchema),
  }),
);

/**
 * One step of the pipeline: `name` (e.g. EntryImport, EntryExportUpdate),
 * `provisioningStepType` (enum, lowercase members; one docs example uses `Import`/`Export`),
 * `status` (provisioningResult), `description`, `details` (open bag).
 */
export const ProvisioningStepSchema = lazySchema(() =>
  z.looseObject({
    description: nullishString,
    details: z.nullish(DetailsInfoSchema),
    name: nullishString,
    provisioningStepType: z.nullish(ProvisioningStepTypeSchema),
    status: z.nullish(ProvisioningResultSchema),
  }),
);

/**
 * beta only, deprecated: the outcome of an event in the old `statusInfo` property (use
 * `provisioningStatusInfo`).
 */
export const StatusBaseSchema = lazySchema(() =>
  z.looseObject({
    /** beta only. */
    status: z.nullish(ProvisioningResultSchema),
  }),
);

/**
 * beta only, deprecated: `statusInfo` with error details (`@odata.type`
 * `#microsoft.graph.statusDetails`); the same information as
 * `provisioningStatusInfo.errorInformation`.
 */
export const StatusDetailsSchema = lazySchema(() =>
  z.looseObject({
    /** beta only. */
    status: z.nullish(ProvisioningResultSchema),
    /** beta only. */
    additionalDetails: nullishString,
    /** beta only. */
    errorCategory: z.nullish(ProvisioningStatusErrorCategorySchema),
    /** beta only. */
    errorCode: nullishString,
    /** beta only. */
    reason: nullishString,
    /** beta only. */
    recommendedAction: nullishString,
  }),
);

/**
 * One provisioning event (an entry of the provisioning logs): what happened to one object
 * (`provisioningAction`: `create`, `update`, `delete`, `disable`, `stagedDelete`, `other`), its
 * outcome (`provisioningStatusInfo`), the steps the service took (`provisioningSteps`), the source
 * and target systems and identities, the properties it changed, and the job and cycle it belongs
 * to. `id` and `activityDateTime` are always present. beta also returns the deprecated `action`
 * and `statusInfo`.
 */
export const ProvisioningObjectSummarySchema = lazySchema(() =>
  z.looseObject({
    id: z.string(),
    /** beta only. */
    action: nullishString,
    activityDateTime: z.string(),
    changeId: nullishString,
    cycleId: nullishString,
    durationInMilliseconds: nullishNumber,
    initiatedBy: z.nullish(InitiatorSchema),
    jobId: nullishString,
    modifiedProperties: z.nullish(z.array(ModifiedPropertySchema)),
    provisioningAction: z.nullish(ProvisioningActionSchema),
    provisioningStatusInfo: z.nullish(ProvisioningStatusInfoSchema),
    provisioningSteps: z.nullish(z.array(ProvisioningStepSchema)),
    servicePrincipal: z.nullish(ProvisioningServicePrincipalSchema),
    sourceIdentity: z.nullish(ProvisionedIdentitySchema),
    sourceSystem: z.nullish(ProvisioningSystemSchema),
    /** beta only. */
    statusInfo: z.nullish(StatusDetailsSchema),
    targetIdentity: z.nullish(ProvisionedIdentitySchema),
    targetSystem: z.nullish(ProvisioningSystemSchema),
    tenantId: nullishString,
  }),
);

/**
 * The `auditLogs` singleton. Relevant navigation: `provisioning` (provisioningObjectSummary
 * collection). beta also still has `directoryProvisioning` with the same type (the 2019 beta
 * docs used it).
 */
export const AuditLogRootSchema = lazySchema(() =>
  z.looseObject({
    /** Absent when returned inline inside its parent. */
    id: optionalString,
    /** Navigation property; returned only when addressed or expanded. beta only. */
    auditActivityTypes: z.nullish(z.array(UnmodeledObjectSchema /* auditActivityType */)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    customSecurityAttributeAudits: z.nullish(
      z.array(UnmodeledObjectSchema /* customSecurityAttributeAudit */),
    ),
    /** Navigation property; returned only when addressed or expanded. */
    directoryAudits: z.nullish(z.array(UnmodeledObjectSchema /* directoryAudit */)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    directoryProvisioning: z.nullish(z.array(ProvisioningObjectSummarySchema)),
    /** Navigation property; returned only when addressed or expanded. */
    provisioning: z.nullish(z.array(ProvisioningObjectSummarySchema)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    signInEventsAppSummary: z.nullish(z.array(UnmodeledObjectSchema /* signInEventsAppActivity */)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    signInEventsSummary: z.nullish(z.array(UnmodeledObjectSchema /* signInEventsActivity */)),
    /** Navigation property; returned only when addressed or expanded. */
    signIns: z.nullish(z.array(UnmodeledObjectSchema /* signIn */)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    signUps: nullishUnknown,
  }),
);
