/**
 * Observability (docs/observability.md): the OpenTelemetry spans of one app configured end to
 * end, printed as a tree: the workflow, each step in it, each Graph call in its step (URL
 * templates, statuses, retries as events). In an application, register the OpenTelemetry SDK
 * (e.g. `@opentelemetry/sdk-node`) and the client's spans go to its exporter with no option.
 *
 * Runs on the embedded fake Graph, no tenant needed:
 *
 *   npx tsx examples/observability.ts
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createFakeGraph } from 'entra-provisioning/testing';

// The context manager nests the spans (NodeSDK registers one); the in-memory exporter keeps them
// for printing here, where an application would export them to its collector.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

// `tracing: provider` sends this client's spans to that provider; by default they go to the
// global one (`trace.setGlobalTracerProvider()`, which the SDK's `start()` does).
const fake = createFakeGraph({ faults: { serviceUnavailable: 0.1 }, seed: 7 });
const client = fake.client({ tracing: provider });

/** One line per span, indented under its parent, with what it carries. */
function printTree(spans: readonly ReadableSpan[], parent?: string, depth = 0): void {
  for (const span of spans.filter((s) => s.parentSpanContext?.spanId === parent)) {
    const status = span.attributes['http.response.status_code'];
    const retries = span.events.filter((e) => e.name === 'graph.retry').length;
    console.log(
      `${'  '.repeat(depth)}${span.name}` +
        (status === undefined ? '' : ` → ${String(status)}`) +
        (retries === 0 ? '' : ` (${String(retries)} retried)`) +
        (span.attributes['error.type'] === undefined
          ? ''
          : ` ✗ ${String(span.attributes['error.type'])}`),
    );
    printTree(spans, span.spanContext().spanId, depth + 1);
  }
}

async function main(): Promise<void> {
  await client.configureProvisioning(
    {
      template: 'Amazon Web Services (AWS)',
      displayName: 'AWS Contoso',
      credentials: { ClientSecret: 'example-client-secret', SecretToken: 'example-token' },
    },
    // The fake replicates at once: check briskly. On a tenant, keep the defaults.
    { replication: { intervalMs: 100 } },
  );
  printTree(exporter.getFinishedSpans().toSorted((a, b) => compare(a.startTime, b.startTime)));
  await provider.shutdown();
}

function compare(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
