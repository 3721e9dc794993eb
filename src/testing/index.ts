/**
 * `entra-provisioning/testing`: a stateful, in-memory Microsoft Graph for the provisioning
 * endpoints, to try the SDK without a tenant and to test your own code offline.
 *
 * @packageDocumentation
 */
export { createFakeGraph } from './create-fake-graph.js';
export { GRAPH_THROTTLE_LIMITS } from './fake-graph.js';
export type {
  CreateFakeGraphOptions,
  FakeClientOptions,
  FakeApplication,
  FakeFetch,
  FakeGraph,
  FakeGraphServer,
  FakeGraphState,
  FakeGraphStats,
  FakeGroup,
  FakeJob,
  FakeListenOptions,
  FakeServicePrincipal,
  FakeUser,
  FakeUserInit,
  FaultOptions,
  LostAnswer,
  SeedEventsOptions,
  SeededEvents,
  ThrottleLimit,
  ThrottleOptions,
  ThrottleScope,
} from './fake-graph.js';
export { AWS_TEMPLATE_ID, CUSTOM_APP_TEMPLATE_ID, GALLERY } from './gallery.js';
export type { GalleryApp, SyncTemplateDefinition } from './gallery.js';
export { acceleratedClock, manualClock } from './clock.js';
export { primeGraphClient } from './graph-client.js';
export type { ManualClock } from './clock.js';
