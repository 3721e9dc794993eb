import { AzureLogger, createClientLogger, setLogLevel } from '@azure/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidInputError, ProvisioningClient } from '../../src/index.js';
import { AWS_TEMPLATE_ID, createFakeGraph } from '../../src/testing/index.js';

const TOKEN = 'logger-test-token-6f1c2a';

/** The fake's fetch, with one 503 (Retry-After: 0) first: one retry, one warn line. */
function fetchWithOneRetry() {
  const fake = createFakeGraph({ latencyMs: 0 });
  let first = true;
  return async (input: string, init?: RequestInit): Promise<Response> => {
    if (first) {
      first = false;
      return new Response('{"error":{"code":"ServiceUnavailable","message":"busy"}}', {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '0' },
      });
    }
    return fake.fetch(input, init);
  };
}

async function readOneTemplate(logger: unknown): Promise<void> {
  const client = new ProvisioningClient({
    accessToken: TOKEN,
    baseUrl: 'https://graph.microsoft.com',
    fetch: fetchWithOneRetry(),
    logger: logger as never,
  });
  await client.applicationTemplates.get(AWS_TEMPLATE_ID);
}

describe('the logger option', () => {
  afterEach(() => {
    setLogLevel();
    vi.restoreAllMocks();
  });

  it('takes an @azure/logger client logger as it is: debug lines to verbose, warn lines to warning, no token', async () => {
    const lines: string[] = [];
    setLogLevel('verbose');
    vi.spyOn(AzureLogger, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    await readOneTemplate(createClientLogger('entra'));
    expect(lines.some((l) => l.includes('entra:verbose') && l.includes('GET'))).toBe(true);
    expect(lines.some((l) => l.includes('entra:warning') && l.includes('503'))).toBe(true);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('calls a logger\'s methods as methods, so loggers that need their "this" (pino, winston) work', async () => {
    class ThisBound {
      readonly #lines: string[] = [];
      get lines(): readonly string[] {
        return this.#lines;
      }
      debug(message: string): void {
        this.#lines.push(`debug ${message}`);
      }
      info(message: string): void {
        this.#lines.push(`info ${message}`);
      }
      warn(message: string): void {
        this.#lines.push(`warn ${message}`);
      }
      error(message: string): void {
        this.#lines.push(`error ${message}`);
      }
    }
    const logger = new ThisBound();
    await readOneTemplate(logger);
    expect(logger.lines.some((l) => l.startsWith('debug →') && l.includes('GET'))).toBe(true);
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('503'))).toBe(true);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
  });

  it('takes console as it is', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await readOneTemplate(console);
    expect(debug).toHaveBeenCalled();
    expect(warn.mock.calls.map((c) => String(c[0])).some((m) => m.includes('503'))).toBe(true);
  });

  it('refuses an object of neither shape before any request, naming both shapes', () => {
    const make = () =>
      new ProvisioningClient({ accessToken: TOKEN, logger: { info: () => undefined } as never });
    expect(make).toThrow(InvalidInputError);
    expect(make).toThrow(/logger.*debug, info, warn and error.*verbose, info, warning and error/s);
  });
});
