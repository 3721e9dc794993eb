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
import { provideWorkflows } from '../client.js';
import { provideGraphClient } from '../core/pipeline.js';
import * as workflows from '../workflows/entry.js';

/**
 * Loads the Microsoft Graph client's modules now, for every client of this process, and the
 * workflows. The SDK otherwise loads them with the first request and the first
 * `configureProvisioning` (file I/O, which keeps importing the package fast). `createFakeGraph()` calls this; call it yourself in a test that mocks Graph another way
 * (msw, a custom `fetch`) and drives time with fake timers, so that the first request goes out
 * without waiting on I/O the fake clock does not drive.
 *
 * @example
 * ```ts
 * import { primeGraphClient } from 'entra-provisioning/testing';
 * beforeAll(() => primeGraphClient());
 * ```
 */
export function primeGraphClient(): void {
  provideWorkflows(workflows);
  provideGraphClient({
    GraphRequest,
    HTTPClient,
    ResponseType,
    TokenCredentialAuthenticationProvider,
  });
}
