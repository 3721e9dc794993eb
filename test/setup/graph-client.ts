/**
 * Every test file starts with the Graph client's modules loaded, as `entra-provisioning/testing`
 * does for users: the SDK otherwise loads them with its first request, which is file I/O that
 * fake timers do not drive.
 */
import { primeGraphClient } from '../../src/testing/graph-client.js';

primeGraphClient();
