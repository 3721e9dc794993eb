/**
 * The workflows never make a duplicate and never start a job twice, against a Graph that does
 * the work and then answers anything (404, 409, 5xx, 429, a reset, a cut 2xx body), whose lists
 * lag behind its writes, and whose job reads can be stale: "assume every write may have
 * happened". The fake does the work; a script replaces its answers. On vitest's clock.
 */
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  isGraphError,
  type AnyGraphError,
  type FetchLike,
  type ProvisioningClient,
  type ProvisioningSpec,
} from '../../src/index.js';
import {
  AWS_TEMPLATE_ID,
  createFakeGraph,
  type CreateFakeGraphOptions,
  type FakeGraph,
} from '../../src/testing/index.js';
import { settle, useTestClock } from '../helpers/clock.js';

useTestClock();

const AWS = 'Amazon Web Services (AWS)';
const CREDENTIALS = { ClientSecret: 'client-secret-4471', SecretToken: 'secret-token-4471' };
const SPEC: ProvisioningSpec = {
  template: AWS,
  displayName: 'AWS Contoso',
  credentials: CREDENTIALS,
};
/** Quick replication waits, on the test's clock (3 reads in a row, 1 s apart). */
const FAST = { replication: { consecutive: 3, intervalMs: 1_000, timeoutMs: 60_000 } };

async function failure(promise: Promise<unknown>): Promise<AnyGraphError> {
  try {
    await settle(promise);
  } catch (error) {
    if (isGraphError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

/** What a scripted answer does instead of the fake's. */
type Lost = number | 'reset' | 'truncated' | 'timeout';

/** A request, as a script rule sees it. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly url: URL;
}

/** Replaces the fake's answer (after it did the work) for requests a rule matches. */
interface Rule {
  readonly when: (req: Seen) => boolean;
  /** How many matching requests it applies to (default 1). */
  readonly times?: number;
  /** Answer without the fake doing the work (Graph refused, and said so). */
  readonly skip?: boolean;
  readonly answer: Lost | ((response: Response, req: Seen) => Promise<Response> | Response);
}

/** A client on a fake whose answers a script replaces; counts requests by method and path. */
function scripted(fake: FakeGraph, rules: Rule[]) {
  const counts = new Map<string, number>();
  const used = rules.map(() => 0);
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const req: Seen = {
      method: init?.method ?? 'GET',
      path: decodeURIComponent(url.pathname.replace(/^\/(v1\.0|beta)/, '')),
      url,
    };
    const key = `${req.method} ${req.path.replace(/[0-9a-f-]{36}|aws\.[^/]+/g, '{id}')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const index = rules.findIndex((r, i) => r.when(req) && used[i]! < (r.times ?? 1));
    const rule = rules[index];
    if (rule !== undefined) used[index]! += 1;
    const response =
      rule?.skip === true ? new Response(null, { status: 204 }) : await fake.fetch(input, init);
    if (rule === undefined) return response;
    if (typeof rule.answer === 'function') return rule.answer(response, req);
    return lost(rule.answer, response);
  };
  return { client: fake.client({ fetch, timeoutMs: 30_000 }), counts, fetch };
}

/** The answer of a write that was done, lost. */
async function lost(answer: Lost, done: Response): Promise<Response> {
  if (answer === 'reset')
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
  if (answer === 'timeout') return new Promise<Response>(() => undefined);
  if (answer === 'truncated') {
    const text = await done.text();
    return new Response(text.slice(0, Math.floor(text.length / 2)), {
      status: done.status,
      headers: done.headers,
    });
  }
  return Response.json(
    {
      error: { code: `Code${String(answer)}`, message: `Answer ${String(answer)} after the work.` },
    },
    { status: answer, headers: answer === 429 || answer === 503 ? { 'Retry-After': '1' } : {} },
  );
}

const isInstantiate = (r: Seen): boolean => r.method === 'POST' && r.path.endsWith('/instantiate');
const isJobCreate = (r: Seen): boolean =>
  r.method === 'POST' && /\/synchronization\/jobs$/.test(r.path);
const isStart = (r: Seen): boolean => r.method === 'POST' && r.path.endsWith('/start');
const isJobRead = (r: Seen): boolean =>
  r.method === 'GET' && /\/synchronization\/jobs\/[^/]+$/.test(r.path);

function tenant(options: CreateFakeGraphOptions = {}) {
  return createFakeGraph({ latencyMs: 0, ...options });
}

/** Requests sent as `METHOD /path` (ids as `{id}`; `/applicationTemplates` counts them all). */
function count(counts: Map<string, number>, key: string): number {
  if (key === 'POST /applicationTemplates') {
    let n = 0;
    for (const [k, v] of counts) if (k.startsWith('POST /applicationTemplates/')) n += v;
    return n;
  }
  return counts.get(key) ?? 0;
}

/** One app, one job from its template, started once: what every scenario must end with. */
function expectOneOfEach(fake: FakeGraph): void {
  const state = fake.state;
  expect(state.applications).toHaveLength(1);
  expect(state.servicePrincipals).toHaveLength(1);
  expect(state.jobs).toHaveLength(1);
  expect(state.jobs[0]).toMatchObject({
    scheduleState: 'Active',
    startCalls: 1,
    redundantStarts: 0,
  });
}

describe('a job create whose answer is lost after the job was made', () => {
  it.each<Lost>([400, 403, 404, 409, 429, 500, 503, 504, 'reset', 'timeout', 'truncated'])(
    'answered %s: the job is looked up, never posted again',
    async (answer) => {
      const fake = tenant();
      const { client, counts } = scripted(fake, [{ when: isJobCreate, answer }]);
      const result = await settle(client.configureProvisioning(SPEC, FAST));
      expect(count(counts, 'POST /servicePrincipals/{id}/synchronization/jobs')).toBe(1);
      expect(result.created).toEqual({ application: true, job: true });
      expectOneOfEach(fake);
    },
  );

  it.each<Lost>([400, 401, 403, 404, 409, 500, 'reset'])(
    'answered %s while its list lags 30 s behind: looked for over the verification window, still one job',
    async (answer) => {
      const fake = tenant({ listLagMs: 30_000 });
      const { client, counts } = scripted(fake, [{ when: isJobCreate, answer }]);
      const result = await settle(client.configureProvisioning(SPEC, FAST));
      expect(count(counts, 'POST /servicePrincipals/{id}/synchronization/jobs')).toBe(1);
      expect(result.created.job).toBe(true);
      expectOneOfEach(fake);
    },
  );

  it("with the fake's own faults (every job create's answer lost as 404 or 409, lists 10 s behind): one job", async () => {
    const fake = tenant({
      listLagMs: 10_000,
      faults: { lostAnswer: 1, lostAnswers: [404, 409], paths: /\/synchronization\/jobs$/ },
    });
    const result = await settle(fake.client().configureProvisioning(SPEC, FAST));
    expect(result.created.job).toBe(true);
    expectOneOfEach(fake);
  });

  it('refused twice (a 403 that is no replication): sent twice at most, five minutes apart, then reported', async () => {
    const fake = tenant();
    const { client, counts } = scripted(fake, [
      { when: isJobCreate, times: 10, skip: true, answer: 403 },
    ]);
    const started = Date.now();
    const error = await failure(client.configureProvisioning(SPEC, FAST));
    expect(error.kind).toBe('forbidden');
    expect(count(counts, 'POST /servicePrincipals/{id}/synchronization/jobs')).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300_000);
    expect(fake.state.jobs).toHaveLength(0);
  });

  it.each(['off', 'warn'] as const)(
    'answered 201 without an id (validateResponses %s): made, looked up, and a re-run on the same client makes no second job',
    async (validateResponses) => {
      const fake = tenant({ listLagMs: 30_000 });
      const { fetch, counts } = scripted(fake, [
        { when: isJobCreate, answer: () => Response.json({}, { status: 201 }) },
      ]);
      const client = fake.client({ fetch, validateResponses });
      const result = await settle(client.configureProvisioning(SPEC, FAST));
      expect(result.created.job).toBe(true);
      expect(result.job.id).toBe(fake.state.jobs[0]!.id);
      await settle(client.configureProvisioning(SPEC, FAST));
      expect(count(counts, 'POST /servicePrincipals/{id}/synchronization/jobs')).toBe(1);
      expectOneOfEach(fake);
    },
  );
});

describe('an instantiate whose answer is lost after the app was made', () => {
  it.each<Lost>([404, 409, 429, 500, 503, 504, 'reset', 'timeout', 'truncated'])(
    'answered %s: the app is looked up, never instantiated again',
    async (answer) => {
      const fake = tenant();
      const { client, counts } = scripted(fake, [{ when: isInstantiate, answer }]);
      const events: string[] = [];
      const result = await settle(
        client.configureProvisioning(SPEC, {
          ...FAST,
          onProgress: (e) => {
            if (e.type === 'instantiate') events.push(e.status);
          },
        }),
      );
      expect(count(counts, 'POST /applicationTemplates')).toBe(1);
      expect(events).toEqual(['recovered']);
      expect(result.created.application).toBe(true);
      expectOneOfEach(fake);
    },
  );

  it('answered 429 with its lists 2 minutes behind: verified over the whole window, one app', async () => {
    const fake = tenant({ listLagMs: 120_000 });
    const { client, counts } = scripted(fake, [{ when: isInstantiate, answer: 429 }]);
    await settle(client.configureProvisioning(SPEC, FAST));
    expect(count(counts, 'POST /applicationTemplates')).toBe(1);
    expectOneOfEach(fake);
  });

  it('answered 2xx with a body it cannot read: created, looked up, not a failure', async () => {
    const fake = tenant({ listLagMs: 20_000 });
    const { client, counts } = scripted(fake, [{ when: isInstantiate, answer: 'truncated' }]);
    const result = await settle(client.configureProvisioning(SPEC, FAST));
    expect(result.created.application).toBe(true);
    expect(count(counts, 'POST /applicationTemplates')).toBe(1);
    expectOneOfEach(fake);
  });

  it.each(['off', 'warn'] as const)(
    'answered 201 without ids (validateResponses %s): made, looked up over the window, reported as created',
    async (validateResponses) => {
      const fake = tenant({ listLagMs: 30_000 });
      const { fetch, counts } = scripted(fake, [
        {
          when: isInstantiate,
          answer: () => Response.json({ '@odata.context': 'x' }, { status: 201 }),
        },
      ]);
      const client = fake.client({ fetch, validateResponses });
      const result = await settle(client.configureProvisioning(SPEC, FAST));
      expect(result.created.application).toBe(true);
      await settle(client.configureProvisioning(SPEC, FAST));
      expect(count(counts, 'POST /applicationTemplates')).toBe(1);
      expectOneOfEach(fake);
    },
  );

  it('answered 400 after doing the work, lists 10 s behind: a re-run on the same client finds it and instantiates nothing', async () => {
    const fake = tenant({ listLagMs: 10_000 });
    const { client, counts } = scripted(fake, [{ when: isInstantiate, answer: 400 }]);
    const error = await failure(client.configureProvisioning(SPEC, FAST));
    expect(error.kind).toBe('badRequest');
    const result = await settle(client.configureProvisioning(SPEC, FAST));
    expect(result.created.application).toBe(false);
    expect(count(counts, 'POST /applicationTemplates')).toBe(1);
    expectOneOfEach(fake);
  });

  it('answered 400 (a refusal) is looked for once, then reported, never instantiated again', async () => {
    const fake = tenant({ listLagMs: 600_000 });
    const { client, counts } = scripted(fake, [{ when: isInstantiate, answer: 400 }]);
    const error = await failure(client.configureProvisioning(SPEC, FAST));
    expect(error.kind).toBe('badRequest');
    expect(count(counts, 'POST /applicationTemplates')).toBe(1);
    expect(fake.state.applications).toHaveLength(1);
  });
});

describe('a start whose answer is lost after it took effect', () => {
  it.each<Lost>([400, 403, 404, 409, 429, 500, 503, 504, 'reset', 'timeout'])(
    'answered %s: read again, never started twice',
    async (answer) => {
      const fake = tenant();
      const { client, counts } = scripted(fake, [{ when: isStart, answer }]);
      const result = await settle(client.configureProvisioning(SPEC, FAST));
      expect(result.started).toBe(true);
      expect(count(counts, 'POST /servicePrincipals/{id}/synchronization/jobs/{id}/start')).toBe(1);
      expectOneOfEach(fake);
    },
  );

  it('answered 500, then read stale (stopped) twice: the third read shows it running, no second start', async () => {
    const fake = tenant();
    let stale = 2;
    const { client, counts } = scripted(fake, [
      { when: isStart, answer: 500 },
      {
        when: isJobRead,
        times: 1_000,
        answer: async (response) => {
          const job = (await response.json()) as {
            schedule?: { state?: string };
            status?: { code?: string };
          };
          const started = job.schedule?.state === 'Active';
          if (started && stale > 0) {
            stale -= 1;
            job.schedule = { ...job.schedule, state: 'Disabled' };
            job.status = { ...job.status, code: 'NotConfigured' };
          }
          return Response.json(job);
        },
      },
    ]);
    await settle(client.configureProvisioning(SPEC, FAST));
    expect(stale).toBe(0);
    expect(count(counts, 'POST /servicePrincipals/{id}/synchronization/jobs/{id}/start')).toBe(1);
    expectOneOfEach(fake);
  });
});

describe('a start whose job quarantines at once', () => {
  /** No credentials: the fake's first cycle quarantines the job. */
  const NO_CREDENTIALS: ProvisioningSpec = { template: AWS, displayName: 'AWS Contoso' };

  it.each<Lost>([429, 503])(
    'answered %s after it took effect: the quarantine shows the start took, no second start',
    async (answer) => {
      const fake = tenant({ provisioning: { perObjectMs: 1 } });
      const { client, counts } = scripted(fake, [{ when: isStart, answer }]);
      const result = await settle(client.configureProvisioning(NO_CREDENTIALS, FAST));
      expect(result.started).toBe(true);
      expect(count(counts, 'POST /servicePrincipals/{id}/synchronization/jobs/{id}/start')).toBe(1);
      expect(fake.state.jobs[0]).toMatchObject({ startCalls: 1 });
    },
  );

  it("with the fake's own fault (every start's answer lost as 429): started once", async () => {
    const fake = tenant({
      provisioning: { perObjectMs: 1 },
      faults: { lostAnswer: 1, lostAnswers: [429], paths: /\/start$/ },
    });
    const result = await settle(fake.client().configureProvisioning(NO_CREDENTIALS, FAST));
    expect(result.started).toBe(true);
    expect(fake.state.jobs[0]).toMatchObject({ startCalls: 1 });
  });
});

describe("Graph's lists lag behind its writes", () => {
  it('one run naming the app twice (by id and by name, and in another case) makes one app, with lists 10 minutes behind', async () => {
    const fake = tenant({ listLagMs: 600_000 });
    const client = fake.client();
    const specs: ProvisioningSpec[] = [
      { ...SPEC },
      { ...SPEC, template: AWS_TEMPLATE_ID },
      { ...SPEC, displayName: 'aws contoso' },
      { ...SPEC, template: AWS.toUpperCase(), displayName: 'AWS CONTOSO' },
    ];
    const outcomes = await settle(
      client.configureProvisioningMany(specs, { concurrency: 4, ...FAST }),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    // Whichever ran first made it; the others reused it.
    expect(outcomes.filter((o) => o.ok && o.result.created.application)).toHaveLength(1);
    expectOneOfEach(fake);
  });

  it('two configureProvisioning calls at once for one app make one app', async () => {
    const fake = tenant({ listLagMs: 600_000 });
    const client = fake.client();
    const results = await settle(
      Promise.all([
        client.configureProvisioning(SPEC, FAST),
        client.configureProvisioning({ ...SPEC, template: AWS_TEMPLATE_ID }, FAST),
      ]),
    );
    expect(results.map((r) => r.created.application).sort()).toEqual([false, true]);
    expectOneOfEach(fake);
  });

  it('a run waiting for another run of the same app stops at once when its signal fires', async () => {
    const fake = tenant({ listLagMs: 120_000 });
    const { client } = scripted(fake, [{ when: isInstantiate, answer: 500 }]);
    // The first run looks for its app over the verification window (5 minutes).
    const first = client.configureProvisioning(SPEC, FAST).catch((error: unknown) => error);
    const controller = new AbortController();
    const second = client.configureProvisioning(SPEC, { ...FAST, signal: controller.signal }).then(
      () => 'done',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(5_000);
    controller.abort();
    const outcome = await Promise.race([
      second,
      vi.advanceTimersByTimeAsync(1_000).then(() => 'waiting'),
    ]);
    expect(outcome).toMatchObject({ kind: 'aborted' });
    await settle(first);
    // The turn it held passes on: a third run still gets one.
    await settle(client.configureProvisioning(SPEC, FAST));
    expectOneOfEach(fake);
  });

  /** A first run that fails after making the app and the job (the target rejects the secrets). */
  async function failedRun(fake: FakeGraph): Promise<AnyGraphError> {
    return failure(
      fake
        .client()
        .configureProvisioning(
          { ...SPEC, credentials: { ClientSecret: 'bad-secret-1', SecretToken: 'bad-token-1' } },
          FAST,
        ),
    );
  }

  it('a re-run from another process within the window after a failed run finds what it made', async () => {
    // Lists show a new object 20 s after it is made; the re-run, from a new client that
    // remembers nothing, starts at once and reads 3 times, 10 s apart.
    const fake = tenant({ listLagMs: 20_000 });
    const failed = await failedRun(fake);
    expect(failed.kind).toBe('badRequest');
    expect(failed.partial?.created).toEqual({ application: true, job: true });
    const result = await settle(
      fake.client().configureProvisioning(SPEC, {
        replication: { consecutive: 3, intervalMs: 10_000, timeoutMs: 60_000 },
      }),
    );
    expect(result.created).toEqual({ application: false, job: false });
    expectOneOfEach(fake);
  });

  it('a re-run whose lists lag longer than its reads makes a duplicate: the residual window is real', async () => {
    // The same with one read (replication.consecutive: 1): what bulk-configuration.md states,
    // and proof that the reads above are what prevent the duplicate.
    const fake = tenant({ listLagMs: 20_000 });
    await failedRun(fake);
    await settle(
      fake
        .client()
        .configureProvisioning(SPEC, { replication: { ...FAST.replication, consecutive: 1 } }),
    );
    expect(fake.state.applications).toHaveLength(2);
  });
});

describe('an application without its service principal', () => {
  async function appWithoutSp(fake: FakeGraph, client: ProvisioningClient) {
    const { servicePrincipal } = await client.applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
      displayName: SPEC.displayName,
    });
    const deleted = await fake.fetch(
      `${fake.baseUrl}/v1.0/servicePrincipals/${servicePrincipal.id}`,
      {
        method: 'DELETE',
        headers: { authorization: 'Bearer test' },
      },
    );
    expect(deleted.status).toBe(204);
    expect(fake.state.applications).toHaveLength(1);
    expect(fake.state.servicePrincipals).toHaveLength(0);
  }

  it('is not instantiated again: the run waits for the service principal, then says so clearly', async () => {
    const fake = tenant();
    const { client, counts } = scripted(fake, []);
    await appWithoutSp(fake, client);
    const before = count(counts, 'POST /applicationTemplates');
    const error = await failure(client.configureProvisioning(SPEC, FAST));
    expect(error.kind).toBe('notFound');
    expect(error.message).toContain('exists without a service principal');
    expect(error.hint).toContain('not instantiated again');
    expect(error.partial?.application?.displayName).toBe('AWS Contoso');
    expect(count(counts, 'POST /applicationTemplates')).toBe(before);
    expect(fake.state.applications).toHaveLength(1);
  });

  it('goes on with the service principal once it appears', async () => {
    const fake = tenant();
    // The service principal hides from lists and reads by appId for a while.
    let hidden = 4;
    const hides = (r: Seen): boolean =>
      r.method === 'GET' &&
      (r.path === '/servicePrincipals' || r.path.startsWith('/servicePrincipals(appId=')) &&
      hidden > 0;
    const { client, counts } = scripted(fake, [
      {
        when: hides,
        times: 1_000,
        answer: (response, req) => {
          hidden -= 1;
          return req.path === '/servicePrincipals'
            ? Response.json({ value: [] })
            : Response.json(
                { error: { code: 'Request_ResourceNotFound', message: 'x' } },
                { status: 404 },
              );
        },
      },
    ]);
    await fake.client().applicationTemplates.instantiate(AWS_TEMPLATE_ID, {
      displayName: SPEC.displayName,
    });
    const result = await settle(client.configureProvisioning(SPEC, FAST));
    expect(hidden).toBe(0);
    expect(result.created.application).toBe(false);
    expect(count(counts, 'POST /applicationTemplates')).toBe(0);
    expectOneOfEach(fake);
  });
});

describe('failures say what exists', () => {
  it('carry partial (application, service principal, job, what this run created), as bulk outcomes do', async () => {
    const fake = tenant();
    const client = fake.client();
    const error = await failure(
      client.configureProvisioning(
        { ...SPEC, credentials: { ClientSecret: 'bad-secret-9', SecretToken: 'bad-token-9' } },
        FAST,
      ),
    );
    const partial = error.partial;
    expect(partial?.application?.id).toBe(fake.state.applications[0]!.id);
    expect(partial?.servicePrincipal?.id).toBe(fake.state.servicePrincipals[0]!.id);
    expect(partial?.job?.id).toBe(fake.state.jobs[0]!.id);
    expect(partial?.created).toEqual({ application: true, job: true });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      kind: 'badRequest',
      partial: { job: { id: fake.state.jobs[0]!.id } },
    });
    const [outcome] = await settle(
      client.configureProvisioningMany(
        [{ ...SPEC, credentials: { ClientSecret: 'bad-secret-9', SecretToken: 'bad-token-9' } }],
        FAST,
      ),
    );
    if (outcome === undefined || outcome.ok) throw new Error('expected a failed outcome');
    expect(outcome.partial.job?.id).toBe(partial?.job?.id);
    expect(outcome.error.partial?.created).toEqual({ application: false, job: false });
  });
});

describe('at scale', () => {
  it('configures 60 apps through lost answers on every create and start, lagging lists and replication: one of each, started once', async () => {
    const fake = createFakeGraph({
      latencyMs: 0,
      seed: 12,
      replicationDelayMs: 3_000,
      listLagMs: 4_000,
      faults: { lostAnswer: 0.3, serviceUnavailable: 0.03, connectionReset: 0.02 },
      provisioning: { usersPerApp: [1, 2], groupsPerApp: [0, 0] },
    });
    const client = fake.client();
    const specs = Array.from({ length: 60 }, (_, i) => ({
      ...SPEC,
      displayName: `Contoso AWS ${String(i + 1)}`,
    }));
    const outcomes = await settle(
      client.configureProvisioningMany(specs, {
        concurrency: 12,
        replication: { consecutive: 3, intervalMs: 2_000, timeoutMs: 60_000 },
      }),
      1_000,
    );
    expect(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.error.message))).toEqual([]);
    const state = fake.state;
    expect(fake.stats.faults).toBeGreaterThan(40);
    expect(state.applications).toHaveLength(60);
    expect(state.servicePrincipals).toHaveLength(60);
    expect(state.jobs).toHaveLength(60);
    expect(state.jobs.every((j) => j.startCalls === 1 && j.redundantStarts === 0)).toBe(true);
    // A second run, from a new client, changes nothing.
    const again = await settle(
      fake
        .client()
        .configureProvisioningMany(specs, { concurrency: 12, replication: FAST.replication }),
      1_000,
    );
    expect(again.every((o) => o.ok && !o.result.created.application && !o.result.started)).toBe(
      true,
    );
    expect(fake.state.jobs.every((j) => j.startCalls === 1)).toBe(true);
  });
});

describe('credentials a later step echoes', () => {
  const echoed = `cannot sign in with ${CREDENTIALS.SecretToken} (${encodeURIComponent(
    CREDENTIALS.ClientSecret,
  ).toLowerCase()})`;
  /** Job reads whose status quotes the credentials, as a target's error can. */
  const echoingJobReads: Rule = {
    when: isJobRead,
    times: 1_000,
    answer: async (response) => {
      const job = (await response.json()) as Record<string, unknown> & {
        status?: Record<string, unknown>;
      };
      job.status = {
        ...job.status,
        lastExecution: { state: 'Failed', error: { code: 'Auth', message: echoed } },
      };
      return Response.json(job);
    },
  };
  const shown = (value: unknown): string =>
    [JSON.stringify(value), inspect(value, { depth: 20, showHidden: true })].join('\n');

  it('are redacted from the result, every progress event and the log', async () => {
    const fake = tenant();
    const { fetch } = scripted(fake, [echoingJobReads]);
    const lines: string[] = [];
    const log = (...args: unknown[]): void => {
      lines.push(args.map(String).join(' '));
    };
    const client = fake.client({
      fetch,
      validateResponses: 'warn',
      logger: { debug: log, info: log, warn: log, error: log },
    });
    const events: unknown[] = [];
    const result = await settle(
      client.configureProvisioning(SPEC, { ...FAST, onProgress: (e) => events.push(e) }),
    );
    expect(result.job.status?.lastExecution?.error?.message).toContain('[REDACTED]');
    const text = [shown(result), shown(events), lines.join('\n')].join('\n');
    for (const value of Object.values(CREDENTIALS)) {
      expect(text).not.toContain(value);
      expect(text.toLowerCase()).not.toContain(encodeURIComponent(value).toLowerCase());
    }
  });

  it('are redacted from a failure and what it says exists', async () => {
    const fake = tenant();
    const { client } = scripted(fake, [
      echoingJobReads,
      {
        when: isStart,
        times: 10,
        skip: true,
        answer: () =>
          Response.json(
            { error: { code: 'BadRequest', message: `start refused: ${echoed}` } },
            { status: 400 },
          ),
      },
    ]);
    // Graph refuses the start, quoting the credentials: read again, then reported.
    const error = await failure(client.configureProvisioning({ ...SPEC, start: true }, FAST));
    expect(error.kind).toBe('badRequest');
    expect(error.partial?.job?.status?.lastExecution?.error?.message).toContain('[REDACTED]');
    const text = [shown(error), String(error.stack)].join('\n');
    for (const value of Object.values(CREDENTIALS)) expect(text).not.toContain(value);
  });
});
