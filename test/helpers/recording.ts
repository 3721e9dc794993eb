/**
 * A fake Graph and a client on it that records each request as `METHOD /path`, so a test can
 * prove what was (or was not) written.
 */
import { createFakeGraph, type CreateFakeGraphOptions } from '../../src/testing/index.js';

export function recordingFake(options: CreateFakeGraphOptions = {}) {
  const fake = createFakeGraph({ latencyMs: 0, ...options });
  const sent: string[] = [];
  const client = fake.client({
    fetch: (input, init) => {
      sent.push(`${init?.method ?? 'GET'} ${new URL(input).pathname}`);
      return fake.fetch(input, init);
    },
  });
  return { fake, client, sent };
}

/** The requests that are not reads. */
export const writes = (sent: readonly string[]): string[] =>
  sent.filter((r) => !r.startsWith('GET '));
