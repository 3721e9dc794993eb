/**
 * The Graph client's modules, imported up front by the fake: the SDK loads them with its first
 * request (keeping `import('entra-provisioning')` fast), which would be file I/O inside a test
 * running on fake timers. `createFakeGraph()` hands them over, so a test that uses the fake
 * waits on no such load. A call, not a side effect of importing: bundlers drop those here
 * (`sideEffects: false`).
 */
import { GraphRequest } from '@microsoft/microsoft-graph-client/lib/src/GraphRequest.js';
import { HTTPClient } from '@microsoft/microsoft-graph-client/lib/src/HTTPClient.js';
import { ResponseType } from '@microsoft/microsoft-graph-client/lib/src/ResponseType.js';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/lib/src/authentication/azureTokenCredentials/TokenCredentialAuthenticationProvider.js';
import { workflowsModule } from '../client.js';
import { failures, openTelemetryApi, tracingModule } from '../core/http.js';
import * as jsonStreamReader from '../core/json-stream.js';
import { jsonStream, provideGraphClient } from '../core/pipeline.js';
import * as responseError from '../core/response-error.js';
import * as tracing from '../core/tracing.js';
import { onDemandModule } from '../resources/deferred.js';
import * as onDemand from '../resources/on-demand.js';
import * as workflows from '../workflows/entry.js';
import * as replication from '../workflows/replication.js';
import { replicationModule } from '../workflows/visible.js';

/**
 * Loads the Microsoft Graph client's modules now, for every client of this process, and what the
 * SDK otherwise loads on first use: the workflows, credential handling, bulk upload, provisioning
 * on demand, the wording of failed calls, the log export's walk, `job.waitFor()`'s polling, `waitUntilVisible()`, `schema.edit()`, the provisioning settings and the reader of provisioning-log pages. The SDK loads those with the first request or the first
 * call that needs them (file I/O, which keeps importing the package fast). `createFakeGraph()` calls this; call it yourself in a test that mocks Graph another way
 * (msw, a custom `fetch`) and drives time with fake timers, so that the first request goes out
 * without waiting on I/O the fake clock does not drive. It also starts looking up
 * `@opentelemetry/api` for the spans: where that package is installed, the first request waits
 * until it is loaded; a test that advances fake time right after its first call gives its client
 * `tracing: false`, or its own tracer provider (`tracing: provider`), which needs no look-up.
 *
 * @example
 * ```ts
 * import { primeGraphClient } from 'entra-provisioning/testing';
 * beforeAll(() => primeGraphClient());
 * ```
 */
export function primeGraphClient(): void {
  workflowsModule.provide(workflows);
  replicationModule.provide(replication);
  onDemandModule.provide(onDemand);
  failures.provide(responseError);
  tracingModule.provide(tracing);
  jsonStream.provide(jsonStreamReader);
  // Not a module of ours: looked up now, so that it is found (or not) before the first request.
  void openTelemetryApi();
  provideGraphClient({
    GraphRequest,
    HTTPClient,
    ResponseType,
    TokenCredentialAuthenticationProvider,
  });
}
