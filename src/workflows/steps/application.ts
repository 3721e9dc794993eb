/**
 * Step 2 of provisioning: the application and its service principal. Reused when they exist
 * (from this client's memory, or found by template and display name over several reads, since
 * lists lag), instantiated otherwise, never twice.
 */
import { coreOf } from '../../client.js';
import { AmbiguousMatchError, NotFoundError, appendHint, withPartial } from '../../core/errors.js';
import { pagedList } from '../../core/paging.js';
import type { RequestOptions } from '../../core/options.js';
import type { ApplicationTemplate } from '../../models/application-template.js';
import { instantiateAction } from '../actions.js';
import type { AppState, Step } from '../engine.js';
import {
  ApplicationSchema,
  type Application,
  type ServicePrincipal,
} from '../../models/directory.js';
import { directoryFilter } from '../../resources/directory-query.js';
import { APP_READ } from '../../resources/hints.js';
import { WorkflowRegistry } from '../registry.js';
import { READ_RETRY, retryWhileReplicating, waitUntilVisible } from '../replication.js';
import type { WorkflowRun } from '../run.js';
import { usableAll } from '../usable.js';
import { classifyInstantiate, confirmAbsent, createVerified } from '../verify.js';

/** What a lookup found: the service principal, or an application without one (yet). */
interface Found {
  readonly servicePrincipal?: ServicePrincipal | undefined;
  readonly application?: Application | undefined;
}

/**
 * Step 2: the app. Plan: reuse it when it exists (remembered, or found by template and display
 * name over several reads), else instantiate. Apply: instantiate (never twice), then read the
 * service principal until it shows and its application.
 */
export const applicationStep: Step = {
  name: 'instantiate',
  async plan(run, state) {
    run.step = 'instantiate';
    const { template } = state;
    const key = WorkflowRegistry.appKey(template.id, run.displayName);
    const known = await fromMemory(run, key);
    if (known !== undefined) {
      reuse(state, known);
      return [];
    }
    const find = (): Promise<Found | undefined> => findApp(run, template);
    const existing = await confirmAbsent(run, find, 'application', await find());
    if (existing === undefined) {
      return [instantiateAction(template.id, template.displayName ?? template.id, run.displayName)];
    }
    const servicePrincipal = await servicePrincipalOf(run, existing);
    remember(run, key, servicePrincipal, existing.application);
    reuse(state, { application: existing.application, servicePrincipal });
    return [];
  },
  async apply(run, state, actions) {
    if (actions.some((a) => a.type === 'instantiate')) await instantiate(run, state);
    // An earlier run's instantiate, found rather than sent: not this run's action.
    const done =
      state.appStatus === 'reused' ? actions.filter((a) => a.type !== 'instantiate') : actions;
    const made = state.servicePrincipal;
    if (made === undefined)
      throw new NotFoundError(`'${run.displayName}' has no service principal.`);
    run.emit({
      type: 'instantiate',
      status: state.appStatus ?? 'reused',
      servicePrincipalId: made.id,
    });
    const sp = run.client.servicePrincipals.byId(made.id);
    const servicePrincipal = run.found(
      'servicePrincipal',
      await run.visible('servicePrincipal', (o) => sp.get(o), state.created.application),
    );
    state.servicePrincipal = servicePrincipal;
    state.application = run.found(
      'application',
      state.application ?? (await applicationOf(run, servicePrincipal)),
    );
    return done;
  },
};

function reuse(
  state: AppState,
  found: { application: Application | undefined; servicePrincipal: ServicePrincipal },
): void {
  state.application = found.application;
  state.servicePrincipal = found.servicePrincipal;
  state.appStatus = 'reused';
}

/** Instantiates the template, verified: a lost answer is looked for, never sent twice. */
async function instantiate(run: WorkflowRun, state: AppState): Promise<void> {
  const { template } = state;
  const key = WorkflowRegistry.appKey(template.id, run.displayName);
  const made = await createVerified<Found>(run, {
    create: async () => {
      const result = await run.client.applicationTemplates.instantiate(
        template.id,
        { displayName: run.displayName },
        run.once,
      );
      // With validateResponses 'off' or 'warn', a body without ids comes through: it is looked
      // up over the verification window, never created again.
      return typeof result.servicePrincipal?.id === 'string' ? result : undefined;
    },
    find: () => findApp(run, template),
    classify: classifyInstantiate,
    what: `an application named '${run.displayName}' from this template`,
    object: 'application',
    key,
  });
  const servicePrincipal = await servicePrincipalOf(run, made.value, true);
  remember(run, key, servicePrincipal, made.value.application);
  state.application = made.value.application;
  state.servicePrincipal = servicePrincipal;
  // Found after an earlier run's create: that run made it, this one reuses it.
  state.created.application = made.status !== 'earlier';
  state.appStatus = made.status === 'earlier' ? 'reused' : made.status;
}

/** The application of a service principal found or remembered (read by its appId). */
async function applicationOf(
  run: WorkflowRun,
  servicePrincipal: ServicePrincipal,
): Promise<Application> {
  const appId = servicePrincipal.appId;
  if (typeof appId !== 'string')
    throw new NotFoundError(`Service principal ${servicePrincipal.id} has no appId.`);
  return retryWhileReplicating(() => run.client.applications.byAppId(appId).get(run.call), {
    kinds: READ_RETRY,
    deadline: run.deadline(),
    signal: run.signal,
    onRetry: run.onReplicationRetry('instantiate'),
  });
}

/** The app this client's workflows made or found before, if it still exists. */
async function fromMemory(
  run: WorkflowRun,
  key: string,
): Promise<{ application: undefined; servicePrincipal: ServicePrincipal } | undefined> {
  const known = run.registry.app(key);
  if (known === undefined) return undefined;
  try {
    // One read shows it still exists; a 404 meanwhile is waited out like replication.
    const servicePrincipal = await run.visible(
      'servicePrincipal',
      (o) => run.client.servicePrincipals.get(known.servicePrincipalId, o),
      false,
    );
    return {
      application: undefined,
      servicePrincipal: run.found('servicePrincipal', servicePrincipal),
    };
  } catch (error) {
    // Gone (deleted since): forget it and look again.
    if (!(error instanceof NotFoundError)) throw error;
    run.registry.forgetApp(key);
    return undefined;
  }
}

function remember(
  run: WorkflowRun,
  key: string,
  servicePrincipal: ServicePrincipal,
  application: Application | undefined,
): void {
  run.registry.rememberApp(key, {
    servicePrincipalId: servicePrincipal.id,
    applicationId: application?.id,
    appId: servicePrincipal.appId ?? application?.appId ?? undefined,
  });
}

/**
 * Looks the app up by template and display name (Graph compares names without case): its
 * service principal, or else an application without one. Several are an
 * {@link AmbiguousMatchError}, never a guess.
 */
async function findApp(
  run: WorkflowRun,
  template: ApplicationTemplate,
): Promise<Found | undefined> {
  const filter = { applicationTemplateId: template.id, displayName: run.displayName };
  const read = <T>(list: () => Promise<T>): Promise<T> =>
    retryWhileReplicating(list, {
      kinds: READ_RETRY,
      deadline: run.deadline(),
      signal: run.signal,
      onRetry: run.onReplicationRetry(run.step),
    });
  const sps = usableAll(
    await read(() => run.client.servicePrincipals.list({ filter }, run.call).toArray({ max: 11 })),
    'a service principal',
  );
  if (sps.length > 1) throw ambiguous(run, template, 'service principals', sps);
  const [sp] = sps;
  if (sp !== undefined) return { servicePrincipal: run.found('servicePrincipal', sp) };
  // An application without its service principal (instantiate made one, not the other): it
  // must not be instantiated again. Applications carry their template in v1.0 only, so this
  // one lookup is made in v1.0 whatever the client's version.
  const apps = usableAll(
    await read(() =>
      pagedList(
        coreOf(run.client),
        {
          method: 'GET',
          path: '/applications',
          version: 'v1.0',
          query: { $filter: directoryFilter(filter) },
          hints: APP_READ,
          model: 'Application',
        },
        ApplicationSchema,
        run.call,
      ).toArray({ max: 11 }),
    ),
    'an application',
  );
  if (apps.length > 1) throw ambiguous(run, template, 'applications', apps);
  const [app] = apps;
  return app === undefined ? undefined : { application: run.found('application', app) };
}

function ambiguous(
  run: WorkflowRun,
  template: ApplicationTemplate,
  what: string,
  found: readonly {
    id: string;
    displayName?: string | null | undefined;
    appId?: string | null | undefined;
  }[],
): AmbiguousMatchError {
  return new AmbiguousMatchError(
    `${String(found.length)} ${what} from template ${template.id} are named '${run.displayName}': pick one by id, or delete the extras.`,
    {
      matches: found
        .slice(0, 10)
        .map((o) => ({ id: o.id, displayName: o.displayName, appId: o.appId })),
    },
  );
}

/**
 * The service principal of what a lookup or instantiate found. An application found without
 * one is waited on (by its appId, a read by key that lags less than a list) until the
 * verification window after its creation has passed; instantiate is never sent again for it.
 */
async function servicePrincipalOf(
  run: WorkflowRun,
  found: Found,
  fresh = false,
): Promise<ServicePrincipal> {
  if (found.servicePrincipal !== undefined) return found.servicePrincipal;
  const application = found.application;
  const appId = application?.appId;
  if (application === undefined || typeof appId !== 'string') {
    throw new NotFoundError(
      `Graph returned an application for '${run.displayName}' without an appId.`,
    );
  }
  const created = Date.parse(application.createdDateTime ?? '');
  const until = fresh || Number.isNaN(created) ? Date.now() + run.verifyMs : created + run.verifyMs;
  try {
    // A plan reports what it sees now: one read, not the wait a run would make.
    const read = (o: RequestOptions) =>
      run.client.servicePrincipals.byAppId(appId).get({ ...run.call, ...o });
    if (run.planning) return run.found('servicePrincipal', await read({}));
    const servicePrincipal = await waitUntilVisible(read, {
      consecutive: 1,
      intervalMs: run.replication.intervalMs,
      timeoutMs: Math.max(run.replication.intervalMs, until - Date.now()),
      ...(run.signal === undefined ? {} : { signal: run.signal }),
      onWait: ({ attempt, elapsedMs }) => {
        run.emit({ type: 'waitForReplication', object: 'servicePrincipal', attempt, elapsedMs });
      },
    });
    return run.found('servicePrincipal', servicePrincipal);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw withPartial(
      appendHint(
        new NotFoundError(
          `The application '${run.displayName}' (appId ${appId}) from this template exists without a service principal, and none appeared.`,
          { status: 404, ...(error.requestId === undefined ? {} : { requestId: error.requestId }) },
        ),
        'It is not instantiated again (that would make a second application): create its service principal (POST /servicePrincipals with this appId) or delete the application, then run again.',
      ),
      run.partial,
    );
  }
}
