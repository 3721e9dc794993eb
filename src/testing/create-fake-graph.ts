import {
  createUnprimedFakeGraph,
  type CreateFakeGraphOptions,
  type FakeGraph,
} from './fake-graph.js';
import { primeGraphClient } from './graph-client.js';
import * as handlers from './handlers.js';
import { provideHandlers } from './routes.js';

/**
 * A stateful, in-memory Microsoft Graph for the provisioning endpoints (v1.0 and beta), for
 * trying the SDK without a tenant and for testing your own code offline.
 *
 * @example
 * ```ts
 * import { createFakeGraph } from 'entra-provisioning/testing';
 *
 * const fake = createFakeGraph({ latencyMs: 0 });
 * const client = fake.client();
 * const [aws] = await client.applicationTemplates
 *   .list({ filter: "displayName eq 'Amazon Web Services (AWS)'" })
 *   .toArray();
 * const { servicePrincipal } = await client.applicationTemplates.instantiate(aws!.id, {
 *   displayName: 'AWS Contoso',
 * });
 * console.log(fake.state.servicePrincipals.length); // 1
 * ```
 */
export function createFakeGraph(options: CreateFakeGraphOptions = {}): FakeGraph {
  // The clients of a test on fake timers must not wait on file I/O for their first request,
  // nor the fake for its first request beyond the gallery's reads.
  primeGraphClient();
  provideHandlers(handlers);
  return createUnprimedFakeGraph(options, () => Promise.resolve(handlers));
}
