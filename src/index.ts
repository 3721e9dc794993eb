/**
 * entra-provisioning: a typed client for Microsoft Entra ID app provisioning through Microsoft
 * Graph (gallery apps, synchronization jobs, secrets, provisioning logs).
 *
 * @packageDocumentation
 */
export { ProvisioningClient } from './client.js';
export type {
  AccessTokenSource,
  ApiVersion,
  ApiVersionOption,
  ProvisioningClientBaseOptions,
  FetchLike,
  GraphCloud,
  Logger,
  AzureStyleLogger,
  ProvisioningClientOptions,
  RequestOptions,
  ResponseValidation,
  TracerProviderLike,
} from './core/options.js';
export { GRAPH_CLOUD_ROOTS, MAX_TIMER_MS } from './core/options.js';
export {
  AbortedError,
  AmbiguousMatchError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GraphError,
  HttpError,
  InvalidInputError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  QuarantinedError,
  ServerError,
  ThrottledError,
  TimeoutError,
  UnauthorizedError,
  isGraphError,
} from './core/errors.js';
export type {
  AmbiguousMatch,
  AnyGraphError,
  GraphErrorDetail,
  GraphErrorDetails,
  GraphErrorKind,
  QuarantineDetails,
  ValidationIssue,
} from './core/errors.js';
export type { ListPage, Page, PageSettings, PagedIterable } from './core/paging.js';
export type { HttpMethod, ReplayPolicy } from './core/retry.js';
export { ApplicationTemplates } from './resources/application-templates.js';
export type {
  ApplicationTemplateInstantiateParams,
  ApplicationTemplateListParams,
} from './resources/application-templates.js';
export {
  ApplicationOwners,
  ApplicationResource,
  Applications,
  ApplicationSynchronization,
} from './resources/applications.js';
export type { ApplicationListParams } from './resources/applications.js';
export type { DirectoryObjectFilter } from './resources/directory-query.js';
export { ServicePrincipalResource, ServicePrincipals } from './resources/service-principals.js';
export type {
  FindByDisplayNameParams,
  ServicePrincipalListParams,
} from './resources/service-principals.js';
export { Synchronization } from './resources/synchronization/synchronization.js';
export {
  ApplicationSynchronizationTemplateResource,
  ApplicationSynchronizationTemplates,
  SynchronizationTemplateResource,
  SynchronizationTemplates,
} from './resources/synchronization/templates.js';
export { SynchronizationSecrets } from './resources/synchronization/secrets.js';
export {
  SynchronizationJobResource,
  SynchronizationJobs,
} from './resources/synchronization/jobs.js';
export type {
  SynchronizationJobCreateParams,
  SynchronizationJobRestartParams,
  SynchronizationJobValidateCredentialsParams,
} from './resources/synchronization/jobs.js';
export type { CredentialPair, Credentials } from './resources/synchronization/credentials.js';
export {
  SynchronizationDirectoryResource,
  SynchronizationSchemaReader,
  SynchronizationSchemaResource,
  SynchronizationSchemaWriter,
} from './resources/synchronization/schema.js';
export type { ParseExpressionParams } from './resources/synchronization/schema.js';
export { SynchronizationSettings } from './resources/synchronization/settings.js';
export type { SelectableProperty, Selected } from './resources/select.js';
export { AppRoleAssignedTo } from './resources/app-role-assigned-to.js';
export type {
  Assignee,
  AssignmentChange,
  AssignOptions,
  AppRoleAssignmentListParams,
  DesiredAssignment,
  EnsureAssignmentsOptions,
  EnsureAssignmentsResult,
} from './resources/app-role-assigned-to.js';
export type {
  ProvisioningSettings,
  ProvisioningSettingsUpdate,
  SettingsUpdateOptions,
  SettingsUpdateResult,
} from './resources/synchronization/settings.js';
export type { RotateOptions, RotateResult } from './settings/rotate.js';
export { scope, source } from './schema/source.js';
export type { MappingSource, Scope, ScopeClause, ScopeGroup } from './schema/source.js';
export type {
  AttributeMappingView,
  MappingOptions,
  ObjectMappingDraft,
  ObjectMappingRef,
  SchemaDraft,
} from './schema/draft.js';
export type { MappingSummary, SchemaChange, SchemaChangeBase } from './schema/changes.js';
export type { SchemaEditFunction, SchemaEditOptions, SchemaEditResult } from './schema/edit.js';
export {
  MAX_BULK_OPERATIONS,
  SCIM_BULK_REQUEST_SCHEMA,
} from './resources/synchronization/bulk-upload.js';
export type {
  BulkUploadResult,
  ScimBulkOperation,
  ScimBulkRequest,
  ScimUser,
} from './resources/synchronization/bulk-upload.js';
export type {
  ProvisionOnDemandParams,
  ProvisionOnDemandSubject,
} from './resources/synchronization/provision-on-demand.js';
export { AuditLogs, ProvisioningLogs } from './resources/audit-logs/provisioning.js';
export type {
  ProvisioningLogListParams,
  ProvisioningLogOrderBy,
} from './resources/audit-logs/provisioning.js';
export { DEFAULT_LOG_PAGE_SIZE } from './resources/audit-logs/provisioning.js';
export type {
  NumberCondition,
  ProvisioningLogFilter,
  TextCondition,
} from './resources/audit-logs/provisioning-filter.js';
export type {
  ProvisioningLogExport,
  ProvisioningLogExportParams,
} from './resources/audit-logs/export.js';
export type {
  ConfigureProvisioningOptions,
  ProvisioningPartial,
  ProvisioningProgress,
  ConfigureProvisioningResult,
  ProvisioningSpec,
  ReplicationOptions,
} from './workflows/configure.js';
export type { ConfigureProvisioningManyOptions, ProvisioningOutcome } from './workflows/many.js';
export type {
  AssignAction,
  ConfigurationAction,
  ConfigurationActionType,
  CreateJobAction,
  EditSchemaAction,
  InstantiateAction,
  UnassignAction,
  UpdateSettingsAction,
  SaveCredentialsAction,
  StartAction,
  PauseAction,
  ValidateCredentialsAction,
} from './workflows/actions.js';
export type { AttributeMappingSpec, Day2Spec, ScopeClauseSpec } from './workflows/spec-day2.js';
export type {
  ExportProvisioningOptions,
  ExportedCredential,
  ExportedSpec,
} from './workflows/export.js';
export type { SettingChange } from './settings/settings.js';
export { JOB_HEALTH_ORDER } from './health/types.js';
export type {
  FailedCycle,
  HealthProgressEvent,
  HealthServicePrincipal,
  HealthSummary,
  HealthThresholds,
  JobEventCounts,
  JobHealth,
  JobHealthEntry,
  JobQuarantine,
  ProvisioningHealthOptions,
  ProvisioningHealthReport,
  UnreadableServicePrincipal,
} from './health/types.js';
export type {
  PlanProvisioningManyOptions,
  PlanProvisioningOptions,
  ProvisioningPlan,
  ProvisioningPlanOutcome,
} from './workflows/plan.js';
export { GRAPH_REPORTS_QUOTA, GRAPH_REQUEST_QUOTA, GRAPH_WRITE_QUOTA } from './workflows/quota.js';
export type { RequestQuota } from './workflows/quota.js';
export { REPLICATION_KINDS, waitUntilVisible } from './workflows/visible.js';
export type { WaitUntilVisibleOptions } from './workflows/replication.js';
export { summarizeProvisioningEvents } from './workflows/summary.js';
export type { ProvisioningFailure, ProvisioningSummary } from './workflows/summary.js';
export type { JobWaitCondition, JobWaitOptions } from './workflows/wait.js';
export * from './models/index.js';
