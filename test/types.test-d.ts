import { describe, expectTypeOf, it } from 'vitest';
import {
  ProvisioningClient,
  isGraphError,
  loose,
  type AbortedError,
  type ApplicationTemplate,
  type Loose,
  type AnyGraphError,
  type ApplicationServicePrincipal,
  type BadRequestError,
  type ConflictError,
  type ForbiddenError,
  type HttpError,
  type InvalidInputError,
  type InvalidResponseError,
  type NetworkError,
  type NotFoundError,
  type PagedIterable,
  type AppRoleAssignment,
  type Application,
  type Selected,
  type ServicePrincipal,
  type ConfigureProvisioningResult,
  type ProvisioningObjectSummary,
  type ProvisioningProgress,
  type ProvisioningResult,
  type QuarantinedError,
  type AmbiguousMatchError,
  type ServerError,
  type SynchronizationJob,
  type SynchronizationJobSchema,
  type SynchronizationStatusCode,
  type ThrottledError,
  type TimeoutError,
  type UnauthorizedError,
  type ValidationIssue,
} from '../src/index.js';
import type * as z from 'zod/mini';
import { createFakeGraph } from '../src/testing/index.js';

/* eslint-disable @typescript-eslint/unbound-method -- expectTypeOf inspects the methods' types, it never calls them. */

describe('errors', () => {
  it('narrows each kind to its class in a switch, exhaustively', () => {
    const handle = (e: unknown): string => {
      if (!isGraphError(e)) return 'other';
      switch (e.kind) {
        case 'badRequest':
          expectTypeOf(e).toEqualTypeOf<BadRequestError>();
          return e.kind;
        case 'unauthorized':
          expectTypeOf(e).toEqualTypeOf<UnauthorizedError>();
          return e.kind;
        case 'forbidden':
          expectTypeOf(e).toEqualTypeOf<ForbiddenError>();
          return e.kind;
        case 'notFound':
          expectTypeOf(e).toEqualTypeOf<NotFoundError>();
          return e.kind;
        case 'conflict':
          expectTypeOf(e).toEqualTypeOf<ConflictError>();
          return e.kind;
        case 'throttled':
          expectTypeOf(e).toEqualTypeOf<ThrottledError>();
          expectTypeOf(e.retryAfterMs).toEqualTypeOf<number>();
          return e.kind;
        case 'server':
          expectTypeOf(e).toEqualTypeOf<ServerError>();
          return e.kind;
        case 'http':
          expectTypeOf(e).toEqualTypeOf<HttpError>();
          return e.kind;
        case 'timeout':
          expectTypeOf(e).toEqualTypeOf<TimeoutError>();
          return e.kind;
        case 'network':
          expectTypeOf(e).toEqualTypeOf<NetworkError>();
          return e.kind;
        case 'aborted':
          expectTypeOf(e).toEqualTypeOf<AbortedError>();
          return e.kind;
        case 'invalidResponse':
          expectTypeOf(e).toEqualTypeOf<InvalidResponseError>();
          expectTypeOf(e.issues).toEqualTypeOf<readonly ValidationIssue[]>();
          return e.kind;
        case 'invalidInput':
          expectTypeOf(e).toEqualTypeOf<InvalidInputError>();
          return e.kind;
        case 'quarantined':
          expectTypeOf(e).toEqualTypeOf<QuarantinedError>();
          expectTypeOf(e.quarantine.reason).toEqualTypeOf<string | undefined>();
          return e.kind;
        case 'ambiguous':
          expectTypeOf(e).toEqualTypeOf<AmbiguousMatchError>();
          expectTypeOf(e.matches[0]!.id).toEqualTypeOf<string>();
          return e.kind;
        default: {
          const unreachable: never = e;
          return unreachable;
        }
      }
    };
    expectTypeOf(handle).returns.toEqualTypeOf<string>();
  });

  it('exposes the documented fields', () => {
    expectTypeOf<AnyGraphError['status']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AnyGraphError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<AnyGraphError['attempts']>().toEqualTypeOf<number>();
  });
});

describe('models', () => {
  it('are named interfaces that what the exported schemas parse can be assigned to', () => {
    expectTypeOf<SynchronizationJob>().not.toBeAny();
    expectTypeOf<z.infer<typeof SynchronizationJobSchema>>().toExtend<SynchronizationJob>();
    expectTypeOf<SynchronizationJob['id']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<SynchronizationJob['status']>['code']>().toEqualTypeOf<
      SynchronizationStatusCode | undefined
    >();
    expectTypeOf<
      NonNullable<NonNullable<SynchronizationJob['status']>['quarantine']>['seriesCount']
    >().toEqualTypeOf<number | undefined>();
    expectTypeOf<ProvisioningObjectSummary['activityDateTime']>().toEqualTypeOf<string>();
    expectTypeOf<
      NonNullable<
        NonNullable<ProvisioningObjectSummary['provisioningStatusInfo']>['errorInformation']
      >['errorCode']
    >().toEqualTypeOf<string | null | undefined>();
  });

  it('reject a misspelt property at compile time', () => {
    const read = (job: SynchronizationJob, template: ApplicationTemplate): unknown[] => [
      // @ts-expect-error -- no such property: `status`
      job.staus,
      // @ts-expect-error -- no such property: `displayName`
      template.dispalyName === 'x',
      // @ts-expect-error -- no such property on a nested model either: `code`
      job.status?.cdoe,
    ];
    expectTypeOf(read).returns.toEqualTypeOf<unknown[]>();
  });

  it('reach the members Graph sends beyond the declared ones through loose(), typed unknown', () => {
    const read = (job: SynchronizationJob) => loose(job);
    expectTypeOf(read)
      .returns.toHaveProperty('status')
      .toEqualTypeOf<SynchronizationJob['status']>();
    expectTypeOf<Loose<SynchronizationJob>['@odata.context']>().toBeUnknown();
  });

  it('keep open enums open but autocomplete the known members', () => {
    expectTypeOf<'Active'>().toExtend<SynchronizationStatusCode>();
    expectTypeOf<'SomethingNew'>().toExtend<SynchronizationStatusCode>();
    expectTypeOf<SynchronizationStatusCode>().not.toBeAny();
  });

  it('guarantees ids on the instantiate result', () => {
    expectTypeOf<ApplicationServicePrincipal['application']['id']>().toEqualTypeOf<string>();
    expectTypeOf<ApplicationServicePrincipal['servicePrincipal']['id']>().toEqualTypeOf<string>();
  });
});

describe('resources', () => {
  const client = new ProvisioningClient({ accessToken: 't' });
  const sp = client.servicePrincipals.byId('f47a6776-bca7-4f2e-bc6c-eec59d058e3e');

  it('return typed paged iterables', () => {
    expectTypeOf(sp.synchronization.jobs.list()).toEqualTypeOf<PagedIterable<SynchronizationJob>>();
    expectTypeOf(client.auditLogs.provisioning.list()).toEqualTypeOf<
      PagedIterable<ProvisioningObjectSummary>
    >();
  });

  it('type a list read with select as the named properties only', () => {
    const listed = client.servicePrincipals.list({ select: ['id', 'appId'] });
    expectTypeOf(listed).toEqualTypeOf<PagedIterable<Selected<ServicePrincipal, 'id' | 'appId'>>>();
    expectTypeOf<Selected<ServicePrincipal, 'id' | 'appId'>>().toEqualTypeOf<
      Pick<ServicePrincipal, 'id' | 'appId'>
    >();
    const assigned = sp.appRoleAssignedTo.list({ select: ['principalType', 'somethingNew'] });
    expectTypeOf(assigned).toEqualTypeOf<PagedIterable<Pick<AppRoleAssignment, 'principalType'>>>();
    expectTypeOf(client.servicePrincipals.list()).toEqualTypeOf<PagedIterable<ServicePrincipal>>();
    expectTypeOf(client.servicePrincipals.list({ top: 1 })).toEqualTypeOf<
      PagedIterable<ServicePrincipal>
    >();
    const params: { select?: readonly string[] } = {};
    expectTypeOf(client.applications.list(params)).toEqualTypeOf<
      PagedIterable<Partial<Application>>
    >();
    const show = async (): Promise<string[]> => {
      const seen: string[] = [];
      for await (const one of listed) {
        expectTypeOf(one.id).toEqualTypeOf<string>();
        // @ts-expect-error: not selected, so Graph did not send it
        const name: unknown = one.displayName;
        seen.push(String(name));
      }
      return seen;
    };
    expectTypeOf(show).returns.resolves.toEqualTypeOf<string[]>();
  });

  it('type credentials as strings keyed by synchronizationSecret members', () => {
    expectTypeOf(sp.synchronization.secrets.put).toBeCallableWith({
      SecretToken: 'x',
      BaseAddress: 'y',
    });
    expectTypeOf(sp.synchronization.secrets.put).toBeCallableWith([
      { key: 'SecretToken', value: 'x' },
    ]);
    // @ts-expect-error values are strings on the wire
    void sp.synchronization.secrets.put({ SyncAll: false });
  });

  it('type the log filter', () => {
    // @ts-expect-error unknown filter keys are refused
    void client.auditLogs.provisioning.list({ filter: { jobid: 'x' } });
    expectTypeOf(client.auditLogs.provisioning.list).toBeCallableWith({
      filter: { status: 'failure', since: new Date() },
      top: 10,
      orderBy: 'activityDateTime desc',
    });
  });
});

describe('API version in the type', () => {
  it('infers the version from a literal apiVersion, and is any version otherwise', () => {
    expectTypeOf(new ProvisioningClient({ accessToken: 't', apiVersion: 'beta' })).toEqualTypeOf<
      ProvisioningClient<'beta'>
    >();
    expectTypeOf(new ProvisioningClient({ accessToken: 't' }).apiVersion).toEqualTypeOf<
      'v1.0' | 'beta'
    >();
    const beta = new ProvisioningClient({ accessToken: 't', apiVersion: 'beta' });
    expectTypeOf(
      beta.servicePrincipals.byId('x').synchronization.jobs.byId('j').apiVersion,
    ).toEqualTypeOf<'beta'>();
  });

  it('requires apiVersion when the type names a version, so it never lies', () => {
    // @ts-expect-error: a ProvisioningClient<'beta'> must be created with apiVersion: 'beta'
    new ProvisioningClient<'beta'>({ accessToken: 't' });
    new ProvisioningClient<'beta'>({ accessToken: 't', apiVersion: 'beta' });
    const fake = createFakeGraph();
    // @ts-expect-error: the fake's client too
    fake.client<'beta'>();
    expectTypeOf(fake.client({ apiVersion: 'beta' })).toEqualTypeOf<ProvisioningClient<'beta'>>();
  });

  it('accepts a client of any version where ProvisioningClient is expected', () => {
    const takesAny = (client: ProvisioningClient): string => client.apiVersion;
    expectTypeOf(takesAny).toBeCallableWith(
      new ProvisioningClient({ accessToken: 't', apiVersion: 'beta' }),
    );
    expectTypeOf(takesAny).toBeCallableWith(
      new ProvisioningClient({ accessToken: 't', apiVersion: 'v1.0' }),
    );
  });
});

describe('workflow types', () => {
  it('keep the log model ProvisioningResult, and name the workflow result apart', () => {
    expectTypeOf<'success'>().toExtend<ProvisioningResult>();
    expectTypeOf<
      NonNullable<ProvisioningObjectSummary['provisioningStatusInfo']>['status']
    >().toEqualTypeOf<ProvisioningResult | null | undefined>();
    expectTypeOf<ConfigureProvisioningResult['created']>().toEqualTypeOf<{
      readonly application: boolean;
      readonly job: boolean;
    }>();
  });

  it('narrow progress events on type', () => {
    const show = (event: ProvisioningProgress): string => {
      if (event.type === 'instantiate') {
        expectTypeOf(event.status).toEqualTypeOf<'created' | 'reused' | 'recovered'>();
        return event.servicePrincipalId;
      }
      if (event.type === 'done') {
        expectTypeOf(event.result).toEqualTypeOf<ConfigureProvisioningResult>();
        return event.result.job.id;
      }
      return event.displayName;
    };
    expectTypeOf(show).returns.toBeString();
  });
});
