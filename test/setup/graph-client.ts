/**
 * Every test file starts with the Graph client's modules loaded, as `entra-provisioning/testing`
 * does for users: the SDK otherwise loads them with its first request, which is file I/O that
 * fake timers do not drive. `@opentelemetry/api` (a dev dependency here) is handed over too, for
 * the same reason: the first request of every client looks it up.
 */
import * as openTelemetry from '@opentelemetry/api';
import { provideOpenTelemetryApi } from '../../src/core/http.js';
import { primeGraphClient } from '../../src/testing/graph-client.js';

provideOpenTelemetryApi(openTelemetry);
primeGraphClient();
