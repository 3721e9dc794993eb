/** The client a command runs with, and how a command names a service principal and a job. */
import type { TokenCredential } from '@azure/core-auth';
import type * as Identity from '@azure/identity';
import { ProvisioningClient } from '../client.js';
import { AmbiguousMatchError, NotFoundError } from '../core/errors.js';
import type { ApiVersion, FetchLike, GraphCloud } from '../core/options.js';
import { isGuid } from '../core/path.js';
import type { ServicePrincipal, SynchronizationJob } from '../models/index.js';
import type { FakeGraph } from '../testing/index.js';
import type { FakeHandlers } from '../testing/routes.js';
import { UsageError } from './args.js';
import type { CliIo } from './io.js';

/** Options every command takes. */
export interface GlobalOptions {
  json?: boolean;
  fake?: boolean;
  baseUrl?: string;
  tenant?: string;
  beta?: boolean;
  cloud?: string;
  color?: boolean;
}

const CLOUDS: readonly GraphCloud[] = ['global', 'usGov', 'usGovDoD', 'china'];
/** Microsoft Entra sign-in host of each cloud (for DefaultAzureCredential). */
const AUTHORITY: Record<GraphCloud, string> = {
  global: 'https://login.microsoftonline.com',
  usGov: 'https://login.microsoftonline.us',
  usGovDoD: 'https://login.microsoftonline.us',
  china: 'https://login.chinacloudapi.cn',
};

/**
 * The fake's handlers beyond the gallery's reads, which it loads with the first request that
 * needs them: `--fake templates list` never does. Imported here, not by the fake, so that the
 * library's build (where `createFakeGraph` imports them) keeps them in its `testing.js`.
 */
export const loadFakeHandlers = (): Promise<FakeHandlers> => import('../testing/handlers.js');

/** The environment variable that holds an access token, for CI and `fake serve`. */
export const TOKEN_ENV = 'ENTRA_PROVISIONING_TOKEN';

/** A client for the options: the fake, a token from the environment, or DefaultAzureCredential. */
export async function createClient(
  globals: GlobalOptions,
  io: CliIo,
  onSend: () => void = () => undefined,
): Promise<{ client: ProvisioningClient; fake: FakeGraph | undefined }> {
  const apiVersion: ApiVersion = globals.beta === true ? 'beta' : 'v1.0';
  const cloud = (globals.cloud ?? 'global') as GraphCloud;
  if (!CLOUDS.includes(cloud)) {
    throw new UsageError(`--cloud must be one of ${CLOUDS.join(', ')}`);
  }
  if (globals.fake === true) {
    if (globals.baseUrl !== undefined)
      throw new UsageError('--fake and --base-url exclude each other');
    // Loaded only for --fake: the fake is most of the CLI's code, and real runs never need it.
    const fake =
      io.fake ??
      (await import('../testing/fake-graph.js')).createUnprimedFakeGraph({}, loadFakeHandlers);
    const fetch: FetchLike = (input, init) => {
      if ((init?.method ?? 'GET') !== 'GET') onSend();
      return fake.fetch(input, init);
    };
    return { client: fake.client({ apiVersion, fetch }), fake };
  }
  const token = io.env[TOKEN_ENV];
  const fetch: FetchLike = (input, init) => {
    if ((init?.method ?? 'GET') !== 'GET') onSend();
    return globalThis.fetch(input, init);
  };
  const base = {
    apiVersion,
    cloud,
    fetch,
    ...(globals.baseUrl === undefined ? {} : { baseUrl: globals.baseUrl }),
  };
  if (token !== undefined && token !== '') {
    return { client: new ProvisioningClient({ ...base, accessToken: token }), fake: undefined };
  }
  return {
    client: new ProvisioningClient({
      ...base,
      credential: await defaultCredential(globals, cloud),
    }),
    fake: undefined,
  };
}

async function defaultCredential(
  globals: GlobalOptions,
  cloud: GraphCloud,
): Promise<TokenCredential> {
  let identity: typeof Identity;
  try {
    identity = await import('@azure/identity');
  } catch {
    throw new UsageError(
      `signing in needs @azure/identity: npm install -g @azure/identity (or set ${TOKEN_ENV} to an access token, or use --fake)`,
    );
  }
  return new identity.DefaultAzureCredential({
    authorityHost: AUTHORITY[cloud],
    ...(globals.tenant === undefined ? {} : { tenantId: globals.tenant }),
  });
}

/**
 * A service principal named on the command line: its object id, its application's appId, or
 * its display name (exactly one must match).
 */
export async function resolveServicePrincipal(
  client: ProvisioningClient,
  ref: string,
  signal: AbortSignal | undefined,
): Promise<ServicePrincipal> {
  const options = signal === undefined ? {} : { signal };
  if (isGuid(ref)) {
    try {
      return await client.servicePrincipals.get(ref, options);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    try {
      return await client.servicePrincipals.byAppId(ref).get(options);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new NotFoundError(`No service principal has the id or appId ${ref}`, {
        status: 404,
      });
    }
  }
  const found = await client.servicePrincipals.findByDisplayName(ref, {}, options);
  if (found === undefined) {
    throw new NotFoundError(`No service principal is named '${ref}'`, { status: 404 });
  }
  return found;
}

/** The job named by `--job`, or the service principal's only job. */
export async function resolveJobId(
  client: ProvisioningClient,
  sp: ServicePrincipal,
  jobId: string | undefined,
  signal: AbortSignal | undefined,
): Promise<string> {
  if (jobId !== undefined) return jobId;
  const jobs: SynchronizationJob[] = await client.servicePrincipals
    .byId(sp.id)
    .synchronization.jobs.list(signal === undefined ? {} : { signal })
    .toArray();
  const [only, ...others] = jobs;
  if (only === undefined) {
    throw new NotFoundError(`'${sp.displayName ?? sp.id}' has no provisioning job`, {
      status: 404,
    });
  }
  if (others.length > 0) {
    throw new AmbiguousMatchError(
      `'${sp.displayName ?? sp.id}' has ${String(jobs.length)} jobs: pick one with --job (${jobs.map((j) => j.id).join(', ')})`,
      { matches: jobs.map((j) => ({ id: j.id })) },
    );
  }
  return only.id;
}
