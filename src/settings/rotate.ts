/**
 * `secrets.rotate()`: new credentials are tested against the target app first (validateCredentials
 * with the whole set the job will use), saved only when the target accepted them (every saved key
 * kept), and the job's status read afterwards. Loaded on first use.
 */
import { InvalidInputError, isGraphError } from '../core/errors.js';
import type { HttpCore } from '../core/http.js';
import type { RequestOptions } from '../core/options.js';
import { withSecrets } from './with-secrets.js';
import { scrubber } from '../internal/redact.js';
import { scrubDeep } from '../internal/token-shapes.js';
import { turnsOf } from '../internal/turns.js';
import type { SynchronizationQuarantine } from '../models/synchronization.js';
import {
  normalizeCredentials,
  type Credentials,
} from '../resources/synchronization/credentials.js';
import { SynchronizationJobs } from '../resources/synchronization/jobs.js';
import { putWhole } from '../resources/synchronization/secrets-keep.js';
import { MASKED, SETTING_KEYS, maskedIssues, savedPairs } from './settings.js';

/** Options of `secrets.rotate()`. */
export interface RotateOptions extends RequestOptions {
  /** The job to test the credentials with. Default: the service principal's only job. */
  jobId?: string;
}

/** What `secrets.rotate()` did. */
export interface RotateResult {
  /** The job the credentials were tested with. */
  readonly jobId: string;
  /** The keys saved (values never returned). */
  readonly keys: readonly string[];
  /**
   * The job's quarantine as read after the save, when it is quarantined: a quarantine from before
   * the rotation lasts until the job runs again (`job.restart({ resetScope: ['QuarantineState'] })`
   * tries at once).
   */
  readonly quarantine: SynchronizationQuarantine | undefined;
  /**
   * Whether the job was read after the save. `false` when that read failed: the credentials are
   * saved all the same, and `quarantine` says nothing then (read the job yourself).
   */
  readonly jobChecked: boolean;
}

function invalid(field: string, message: string): never {
  throw new InvalidInputError(`Invalid secrets.rotate(): ${message}`, {
    issues: [{ path: [field], message }],
  });
}

/** The job to test with: the one named, or the only one. */
async function jobToTest(
  jobs: SynchronizationJobs,
  options: RotateOptions,
  request: RequestOptions,
): Promise<string> {
  if (options.jobId !== undefined) return options.jobId;
  const all = await jobs.list(request).toArray({ max: 10 });
  const [only, ...more] = all;
  if (only === undefined)
    invalid('jobId', 'the service principal has no job to test the credentials with');
  if (more.length > 0) {
    invalid(
      'jobId',
      `the service principal has ${String(all.length)} jobs: pass the jobId to test with (${all.map((j) => j.id).join(', ')})`,
    );
  }
  return only.id;
}

/** `secrets.rotate()`. */
export async function rotateSecrets(
  core: HttpCore,
  path: string,
  credentials: Credentials,
  options: RotateOptions = {},
): Promise<RotateResult> {
  const given = normalizeCredentials('credentials', credentials);
  const bad = given.pairs.find((p) => SETTING_KEYS.has(p.key) || p.value === MASKED);
  if (bad !== undefined) {
    invalid(
      `credentials.${bad.key}`,
      bad.value === MASKED
        ? "'*' is Graph's mask, not a value: give the real one"
        : 'a setting, not a credential: use settings.update()',
    );
  }
  const { jobId: _jobId, ...rest } = options;
  // Every read and write of the rotation keeps the given values out of what it may print: the
  // saved secrets, the job list and the job read after the save may all echo them.
  const request = withSecrets(rest, given.secrets);
  // Read, merge, PUT of the whole set: in turn with this client's other writes of the secrets.
  return turnsOf(core).run(path, rest.signal, 'secrets.rotate()', () =>
    rotateInTurn(core, path, given, options, request),
  );
}

/** The read, test, save and check of `secrets.rotate()`, in its turn. */
async function rotateInTurn(
  core: HttpCore,
  path: string,
  given: ReturnType<typeof normalizeCredentials>,
  options: RotateOptions,
  request: RequestOptions,
): Promise<RotateResult> {
  const jobs = new SynchronizationJobs(core, path.replace(/\/secrets$/, '/jobs'));
  const saved = await savedPairs(core, path, request);
  const merged = new Map([...saved, ...given.pairs.map((p) => [p.key, p.value] as const)]);
  const missing = maskedIssues(merged, new Set(given.pairs.map((p) => p.key)), given.secrets);
  if (missing !== undefined) throw missing;
  const jobId = await jobToTest(jobs, options, request);
  const job = jobs.byId(jobId);
  // The whole connection set the job will use, without the settings: the target judges it
  // before anything is saved, and a refusal (BadRequestError) leaves the saved secrets as they were.
  const connection = [...merged].filter(([key]) => !SETTING_KEYS.has(key));
  await job.validateCredentials(
    { credentials: connection.map(([key, value]) => ({ key, value })) },
    request,
  );
  await putWhole(
    core,
    path,
    [...merged].map(([key, value]) => ({ key, value })),
    request,
  );
  const keys = [...merged.keys()];
  // Saved by now: a failed read of the job must not make the rotation look failed (a caller
  // retrying it would test and save again); it is reported as not checked instead.
  let status;
  try {
    status = (await job.get(request)).status;
  } catch (error) {
    if (isGraphError(error) && error.kind === 'aborted') throw error;
    return { jobId, keys, quarantine: undefined, jobChecked: false };
  }
  const quarantine = status?.code === 'Quarantine' ? (status.quarantine ?? undefined) : undefined;
  // The target's refusal may quote what it was given: the new values.
  return {
    jobId,
    keys,
    quarantine: scrubDeep(quarantine, scrubber(given.secrets)),
    jobChecked: true,
  };
}
