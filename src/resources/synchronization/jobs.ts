import * as z from 'zod/mini';
import { lazySchema } from '../../internal/lazy-schema.js';
import type { HttpCore } from '../../core/http.js';
import type { ApiVersion, RequestOptions } from '../../core/options.js';
import { pagedList, type PagedIterable } from '../../core/paging.js';
import { checkString, segment } from '../../core/path.js';
import { invalidInput, parseInput } from '../../core/validation.js';
import {
  SynchronizationJobSchema,
  type SynchronizationJob,
  type SynchronizationJobRestartScope,
} from '../../models/synchronization.js';
import { BULK_UPLOAD, SYNC_READ, SYNC_WRITE } from '../hints.js';
import type { BulkUploadResult, ScimBulkRequest } from './bulk-upload.js';
import type { ProvisionOnDemandResult } from '../../models/provision-on-demand.js';
import type { Credentials } from './credentials.js';
import { onDemandModule } from '../deferred.js';
import type { ProvisionOnDemandParams } from './provision-on-demand.js';
import { SynchronizationSchemaResource } from './schema.js';
import { withJobSummary } from './job-summary.js';
import type { JobWaitCondition, JobWaitOptions } from '../../workflows/wait.js';

/** Parameters of {@link SynchronizationJobs.create}. */
export interface SynchronizationJobCreateParams {
  /** Id of one of the service principal's synchronization templates, e.g. `'aws'`. */
  templateId: string;
}

/** Parameters of {@link SynchronizationJobResource.restart}. */
export interface SynchronizationJobRestartParams {
  /**
   * What to reset, one flag or several (sent as one comma-separated string), e.g.
   * `['Watermark', 'Escrows', 'QuarantineState']`. Omit it (or pass `[]`) to restart like the
   * portal's "Restart provisioning".
   */
  resetScope?: SynchronizationJobRestartScope | readonly SynchronizationJobRestartScope[];
  /**
   * Allows `None` and `ConnectorDataStore`, which Microsoft documents as "do not use" (`None`:
   * call start instead; `ConnectorDataStore`: only with Microsoft support). Default `false`.
   */
  allowDiscouragedScopes?: boolean;
}

/** Parameters of {@link SynchronizationJobResource.validateCredentials}. */
export interface SynchronizationJobValidateCredentialsParams {
  /** Credentials to test (not saved). Either these or `useSavedCredentials: true`. */
  credentials?: Credentials;
  /** Test the credentials already saved on the service principal instead. */
  useSavedCredentials?: boolean;
  /** Template whose default provisioning settings apply (beta documentation). */
  templateId?: string;
  /** Graph's `applicationIdentifier` parameter (declared in the metadata, undocumented). */
  applicationIdentifier?: string;
}

const CreateParamsSchema = lazySchema(() =>
  z.strictObject({
    templateId: z.string().check(z.minLength(1)),
  }),
);

/**
 * One synchronization (provisioning) job. Job ids are opaque strings such as
 * `aws.f5532fc7….8442fd39-…`, not GUIDs. No request is made until you call a method.
 */
export class SynchronizationJobResource<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  readonly #path: string;
  /** The API version of the client this came from. */
  readonly apiVersion: V;
  /** The job's id. */
  readonly id: string;
  /** The job's schema: directories, object and attribute mappings. */
  readonly schema: SynchronizationSchemaResource;

  /** @internal */
  constructor(core: HttpCore, path: string, id: string) {
    this.#core = core;
    this.#path = path;
    this.apiVersion = core.apiVersion as V;
    this.id = id;
    this.schema = new SynchronizationSchemaResource(core, `${path}/schema`);
  }

  /**
   * Polls the job until `condition` holds: `'running'`, `'steadyState'` (a cycle has finished
   * and none is running), `'quarantined'`, or your own function of the job. Resolves with the
   * job as last read.
   *
   * @throws {@link QuarantinedError} when the job goes into quarantine while waiting for
   *   `'running'` or `'steadyState'` (with the quarantine's reason and error).
   * @throws {@link TimeoutError} after `timeoutMs` (default 10 minutes).
   * @throws {@link AbortedError} when `signal` fires.
   * @example
   * ```ts
   * await job.start();
   * const done = await job.waitFor('steadyState', { timeoutMs: 3_600_000, pollIntervalMs: 30_000 });
   * console.log(done.status?.lastExecution?.state);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-get
   */
  async waitFor(
    condition: JobWaitCondition,
    options?: JobWaitOptions,
  ): Promise<SynchronizationJob> {
    const { waitForJob } = await onDemandModule.load();
    return waitForJob(this.id, (o) => this.get(o), condition, options);
  }

  /**
   * Gets the job: poll `status.code`, `status.quarantine`, `status.lastExecution` (step 5).
   *
   * @throws {@link NotFoundError} when the job does not exist.
   * @example
   * ```ts
   * const { status } = await job.get();
   * console.log(status?.code, status?.lastExecution?.state);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-get
   */
  async get(options?: RequestOptions): Promise<SynchronizationJob> {
    const job = await this.#core.json(
      { method: 'GET', path: this.#path, hints: SYNC_READ, model: 'SynchronizationJob' },
      SynchronizationJobSchema,
      options,
    );
    return withJobSummary(job);
  }

  /**
   * Deletes the job (its schema and state go with it).
   *
   * @throws {@link NotFoundError} when the job does not exist.
   * @example
   * ```ts
   * await job.delete();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-delete
   */
  async delete(options?: RequestOptions): Promise<void> {
    await this.#core.empty({ method: 'DELETE', path: this.#path, hints: SYNC_WRITE }, options);
  }

  /**
   * Starts the job (step 4); also resumes a paused job and clears quarantine. Microsoft warns
   * not to call it repeatedly on a running job (it can stop the service): check
   * `(await job.get()).status.code` first. Never replayed after an ambiguous failure (a 5xx, a
   * timeout, a reset); a 429 is sent again after its `Retry-After`, as for every method, since
   * Graph throttles before doing the work (`configureProvisioning` sends it once even then, and
   * looks at the job instead).
   *
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * await sp.synchronization.jobs.byId(job.id).start();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-start
   */
  async start(options?: RequestOptions): Promise<void> {
    await this.#core.empty(
      // A 503/504 may hide a start that happened, and starting a running job can stop it.
      { method: 'POST', path: `${this.#path}/start`, hints: SYNC_WRITE, replay: 'throttledOnly' },
      options,
    );
  }

  /**
   * Pauses the job; its state is kept, so `start()` continues where it stopped.
   *
   * @throws {@link NotFoundError} when the job does not exist.
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * await job.pause();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-pause
   */
  async pause(options?: RequestOptions): Promise<void> {
    await this.#core.empty(
      { method: 'POST', path: `${this.#path}/pause`, hints: SYNC_WRITE },
      options,
    );
  }

  /**
   * Restarts the job, forcing every object to be processed again; `resetScope` picks what is
   * cleared first.
   *
   * @throws {@link InvalidInputError} for an unknown flag, or `None` / `ConnectorDataStore`
   *   without `allowDiscouragedScopes`.
   * @example
   * ```ts
   * await job.restart({ resetScope: ['Watermark', 'Escrows', 'QuarantineState'] });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-restart
   */
  async restart(
    params: SynchronizationJobRestartParams = {},
    options?: RequestOptions,
  ): Promise<void> {
    const { restartBody } = await onDemandModule.load();
    const body = restartBody(this.#core, params);
    await this.#core.empty(
      { method: 'POST', path: `${this.#path}/restart`, body, hints: SYNC_WRITE },
      options,
    );
  }

  /**
   * Tests the connection to the target app (step 3) with the given credentials, without saving
   * them, or with the saved ones (`useSavedCredentials: true`). Resolves when Graph accepts
   * them (204); a rejection is a {@link BadRequestError} (or another kind) carrying Graph's
   * reason. Credential values never appear in errors or logs.
   *
   * @throws {@link InvalidInputError} when neither or both of `credentials` and
   *   `useSavedCredentials: true` are given.
   * @example
   * ```ts
   * await job.validateCredentials({ credentials: { ClientSecret: secret, SecretToken: token } });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-validatecredentials
   */
  validateCredentials(
    this: SynchronizationJobResource<'v1.0'>,
    params: SynchronizationJobValidateCredentialsParams,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Tests the connection to the target app (step 3) with the given credentials, without saving
   * them, or with the saved ones (`useSavedCredentials: true`). Resolves when Graph accepts
   * them (204); a rejection is a {@link BadRequestError} (or another kind) carrying Graph's
   * reason. Credential values never appear in errors or logs.
   *
   * @deprecated In beta since 2026-02-06, removal planned 2027-07-06: Graph names
   *   `validateConnectivity` as the replacement, which its metadata does not declare yet. Not
   *   deprecated in v1.0.
   * @throws {@link InvalidInputError} when neither or both of `credentials` and
   *   `useSavedCredentials: true` are given.
   * @example
   * ```ts
   * await job.validateCredentials({ credentials: { ClientSecret: secret, SecretToken: token } });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-validatecredentials
   */
  validateCredentials(
    this: SynchronizationJobResource<'beta'>,
    params: SynchronizationJobValidateCredentialsParams,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Tests the connection to the target app (step 3) with the given credentials, without saving
   * them, or with the saved ones (`useSavedCredentials: true`). Resolves when Graph accepts
   * them (204); a rejection is a {@link BadRequestError} (or another kind) carrying Graph's
   * reason. Credential values never appear in errors or logs.
   *
   * Microsoft deprecated this operation in beta on 2026-02-06 (removal planned 2027-07-06);
   * v1.0 keeps it. The signature of a client created with `apiVersion: 'beta'` says so.
   *
   * @throws {@link InvalidInputError} when neither or both of `credentials` and
   *   `useSavedCredentials: true` are given.
   * @example
   * ```ts
   * await job.validateCredentials({ credentials: { ClientSecret: secret, SecretToken: token } });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-validatecredentials
   */
  validateCredentials(
    params: SynchronizationJobValidateCredentialsParams,
    options?: RequestOptions,
  ): Promise<void>;
  async validateCredentials(
    params: SynchronizationJobValidateCredentialsParams,
    options?: RequestOptions,
  ): Promise<void> {
    await this.#core.empty(
      (await onDemandModule.load()).validateCredentialsSpec(
        this.#core,
        `${this.#path}/validateCredentials`,
        params,
      ),
      options,
    );
  }

  /**
   * Uploads identity data for API-driven inbound provisioning: a SCIM bulk request of at most
   * 50 user operations, which the job processes asynchronously through its mappings. Resolves
   * when Graph accepts it (202) with the `Location` Graph returns to follow its processing in
   * the provisioning logs. Sent as `application/scim+json`; never replayed after an ambiguous
   * failure. Graph allows about 40 of these requests per second.
   *
   * @throws {@link InvalidInputError} for no operation or more than 50, a method other than
   *   `POST`, a path other than `/Users`, or a missing or duplicate `bulkId`.
   * @throws {@link ForbiddenError} without SynchronizationData-User.Upload.
   * @example
   * ```ts
   * const { location } = await job.bulkUpload({
   *   Operations: [
   *     {
   *       method: 'POST',
   *       bulkId: '701984',
   *       path: '/Users',
   *       data: {
   *         schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
   *         externalId: '701984',
   *         userName: 'bjensen@contoso.com',
   *         name: { givenName: 'Barbara', familyName: 'Jensen' },
   *         active: true,
   *       },
   *     },
   *   ],
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-post-bulkupload
   */
  async bulkUpload(request: ScimBulkRequest, options?: RequestOptions): Promise<BulkUploadResult> {
    const { scimBulkBody } = await onDemandModule.load();
    const body = scimBulkBody(request);
    const response = await this.#core.send(
      {
        method: 'POST',
        path: `${this.#path}/bulkUpload`,
        body,
        headers: { 'Content-Type': 'application/scim+json' },
        hints: BULK_UPLOAD,
        replay: 'throttledOnly',
      },
      options,
    );
    return { location: response.headers.get('location') ?? undefined };
  }

  /**
   * Provisions specific objects now, outside the schedule (a user, or a group with selected
   * members), and returns what happened. Graph answers with two strings, in one of two shapes:
   * the documented one (a JSON outcome and a JSON event) or the one it sends for cross-tenant and
   * SCIM jobs (a .NET type name and a JSON array of `{ provisioningSteps }`); both come back
   * decoded and typed, the steps in `steps` either way (`shape` says which it was). Graph allows
   * about 5 of these requests per 10 seconds; a 429 is retried after its Retry-After, anything
   * ambiguous is not replayed.
   *
   * @throws {@link InvalidInputError} for missing rule ids or subjects.
   * @throws {@link InvalidResponseError} when Graph's strings are in neither shape (with
   *   `validateResponses: 'throw'`; `'warn'` and `'off'` return what could be read). Its `body`
   *   holds the answer, so a result Graph returned can still be read.
   * @example
   * ```ts
   * const { result, steps } = await job.provisionOnDemand({
   *   parameters: [{ ruleId, subjects: [{ objectId: userId, objectTypeName: 'User' }] }],
   * });
   * console.log(result, steps.map((s) => `${s.name ?? ''}: ${s.status ?? ''}`));
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-provisionondemand
   */
  async provisionOnDemand(
    params: ProvisionOnDemandParams,
    options?: RequestOptions,
  ): Promise<ProvisionOnDemandResult> {
    const {
      ProvisionOnDemandAnswerSchema,
      ProvisionOnDemandParamsSchema,
      decodeProvisionOnDemand,
    } = await onDemandModule.load();
    const body = parseInput(ProvisionOnDemandParamsSchema, params, 'provisionOnDemand() params');
    const answer = await this.#core.json(
      {
        method: 'POST',
        path: `${this.#path}/provisionOnDemand`,
        body,
        hints: SYNC_WRITE,
        model: 'stringKeyStringValuePair',
        replay: 'throttledOnly',
      },
      ProvisionOnDemandAnswerSchema,
      options,
      { check: (value) => decodeProvisionOnDemand(value).issues },
    );
    // Under validateResponses 'warn' or 'off', what could be read of whatever came.
    return decodeProvisionOnDemand(answer).result;
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SynchronizationJobResource { path: '${this.#path}' }`;
  }
}

/** `…/synchronization/jobs`: the provisioning jobs of a service principal. */
export class SynchronizationJobs<V extends ApiVersion = ApiVersion> {
  readonly #core: HttpCore;
  readonly #path: string;
  /** The API version of the client this came from. */
  readonly apiVersion: V;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.apiVersion = core.apiVersion as V;
  }

  /**
   * Lists the service principal's jobs.
   *
   * @throws {@link NotFoundError} while iterating, when the service principal does not exist (or
   *   is not replicated yet).
   * @throws {@link ForbiddenError} without Synchronization.Read.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const jobs = await sp.synchronization.jobs.list().toArray();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-list-jobs
   */
  list(options?: RequestOptions): PagedIterable<SynchronizationJob> {
    return pagedList(
      this.#core,
      { method: 'GET', path: this.#path, hints: SYNC_READ, model: 'SynchronizationJob' },
      SynchronizationJobSchema,
      options,
      { pageSizeSupported: false, onItem: withJobSummary },
    );
  }

  /**
   * Creates a job from one of the service principal's synchronization templates (step 2). The
   * new job is `Disabled` / `NotConfigured` until credentials are saved and it is started.
   * Never replayed after an ambiguous failure (a 5xx, a timeout, a reset: it would create a
   * second job); a 429 is sent again after its `Retry-After`, as for every method, since Graph
   * throttles before doing the work (`configureProvisioning` sends it once even then, and looks
   * for the job instead).
   *
   * @throws {@link BadRequestError} when `templateId` is not a template of this service principal.
   * @example
   * ```ts
   * const job = await sp.synchronization.jobs.create({ templateId: 'aws' });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-post-jobs
   */
  async create(
    params: SynchronizationJobCreateParams,
    options?: RequestOptions,
  ): Promise<SynchronizationJob> {
    const body = parseInput(CreateParamsSchema, params, 'jobs.create() params');
    checkString('templateId', body.templateId);
    const job = await this.#core.json(
      {
        method: 'POST',
        path: this.#path,
        body,
        hints: SYNC_WRITE,
        model: 'SynchronizationJob',
        // A 503/504 may hide a job that was created: a replay would make a second one.
        replay: 'throttledOnly',
      },
      SynchronizationJobSchema,
      options,
    );
    return withJobSummary(job);
  }

  /**
   * Tests credentials against a synchronization template before any job exists (the
   * collection-bound overload of Graph's metadata, not on a reference page): same parameters
   * and answers as a job's `validateCredentials`, with `templateId` naming the template.
   *
   * @throws {@link InvalidInputError} without `templateId`, or when neither or both of
   *   `credentials` and `useSavedCredentials: true` are given.
   * @throws {@link BadRequestError} when the target app rejects the credentials.
   * @example
   * ```ts
   * await sp.synchronization.jobs.validateCredentials({
   *   templateId: 'aws',
   *   credentials: { ClientSecret: secret, SecretToken: token },
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-validatecredentials
   */
  validateCredentials(
    this: SynchronizationJobs<'v1.0'>,
    params: SynchronizationJobValidateCredentialsParams,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Tests credentials against a synchronization template before any job exists (the
   * collection-bound overload of Graph's metadata, not on a reference page): same parameters
   * and answers as a job's `validateCredentials`, with `templateId` naming the template.
   *
   * @deprecated In beta since 2026-02-06, removal planned 2027-07-06: Graph names
   *   `validateConnectivity` as the replacement, which its metadata does not declare yet. Not
   *   deprecated in v1.0.
   * @throws {@link InvalidInputError} without `templateId`, or when neither or both of
   *   `credentials` and `useSavedCredentials: true` are given.
   * @throws {@link BadRequestError} when the target app rejects the credentials.
   * @example
   * ```ts
   * await sp.synchronization.jobs.validateCredentials({
   *   templateId: 'aws',
   *   credentials: { ClientSecret: secret, SecretToken: token },
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-validatecredentials
   */
  validateCredentials(
    this: SynchronizationJobs<'beta'>,
    params: SynchronizationJobValidateCredentialsParams,
    options?: RequestOptions,
  ): Promise<void>;
  /**
   * Tests credentials against a synchronization template before any job exists (the
   * collection-bound overload of Graph's metadata, not on a reference page): same parameters
   * and answers as a job's `validateCredentials`, with `templateId` naming the template.
   *
   * Microsoft deprecated this operation in beta on 2026-02-06 (removal planned 2027-07-06);
   * v1.0 keeps it. The signature of a client created with `apiVersion: 'beta'` says so.
   *
   * @throws {@link InvalidInputError} without `templateId`, or when neither or both of
   *   `credentials` and `useSavedCredentials: true` are given.
   * @throws {@link BadRequestError} when the target app rejects the credentials.
   * @example
   * ```ts
   * await sp.synchronization.jobs.validateCredentials({
   *   templateId: 'aws',
   *   credentials: { ClientSecret: secret, SecretToken: token },
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationjob-validatecredentials
   */
  validateCredentials(
    params: SynchronizationJobValidateCredentialsParams,
    options?: RequestOptions,
  ): Promise<void>;
  async validateCredentials(
    params: SynchronizationJobValidateCredentialsParams,
    options?: RequestOptions,
  ): Promise<void> {
    if (typeof params !== 'object' || params === null || params.templateId === undefined) {
      // Without a job there is no template to test against unless the caller names one.
      invalidInput(
        'templateId',
        'name the synchronization template to test the credentials against',
      );
    }
    await this.#core.empty(
      (await onDemandModule.load()).validateCredentialsSpec(
        this.#core,
        `${this.#path}/validateCredentials`,
        params,
      ),
      options,
    );
  }

  /**
   * Addresses one job by id. Sends nothing.
   *
   * @throws {@link InvalidInputError} at once for an empty id, `.` or `..`.
   * @example
   * ```ts
   * const job = sp.synchronization.jobs.byId('aws.f5532fc7d6e54c6f8b5a2c4f2d1b0a99.8442fd39-…');
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationjob
   */
  byId(jobId: string): SynchronizationJobResource<V> {
    return new SynchronizationJobResource<V>(
      this.#core,
      `${this.#path}/${segment('jobId', jobId)}`,
      jobId,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SynchronizationJobs { path: '${this.#path}' }`;
  }
}
