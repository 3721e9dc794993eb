/**
 * Graph's error envelope in full: `innerError` codes (which may nest) and `details`, kept on the
 * thrown error, scrubbed like its message (learn.microsoft.com/graph/errors).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BadRequestError, isGraphError } from '../../src/index.js';
import {
  GRAPH,
  JOB_ID,
  SP_ID,
  http,
  HttpResponse,
  makeClient,
  useGraphServer,
} from '../helpers/graph.js';

const server = useGraphServer();
const JOB = `${GRAPH}/v1.0/servicePrincipals/:sp/synchronization/jobs/:job`;

async function failure(body: Parameters<typeof HttpResponse.json>[0]): Promise<unknown> {
  server.use(http.get(JOB, () => HttpResponse.json(body, { status: 400 })));
  return makeClient()
    .servicePrincipals.byId(SP_ID)
    .synchronization.jobs.byId(JOB_ID)
    .get()
    .catch((e: unknown) => e);
}

describe("Graph's error details", () => {
  it('keeps the innermost innerError code and every entry of details', async () => {
    const error = await failure({
      error: {
        code: 'badRequest',
        message: 'Uploaded fragment overlaps with existing data.',
        details: [
          {
            code: 'InvalidValue',
            message: "Invalid value specified for property 'displayName'.",
            target: 'displayName',
          },
          { code: 'Required', target: 'appId', extra: 1 },
        ],
        innerError: {
          code: 'invalidRange',
          innerError: { code: 'fragmentOverlap' },
          'request-id': 'c5b1d2f4-0000-4000-8000-000000000001',
          date: '2024-05-01T10:00:00',
        },
      },
    });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      code: 'badRequest',
      innerCode: 'fragmentOverlap',
      requestId: 'c5b1d2f4-0000-4000-8000-000000000001',
      details: [
        {
          code: 'InvalidValue',
          message: "Invalid value specified for property 'displayName'.",
          target: 'displayName',
        },
        { code: 'Required', target: 'appId' },
      ],
    });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json.innerCode).toBe('fragmentOverlap');
    expect(json.details).toHaveLength(2);
    expect(Object.isFrozen((error as BadRequestError).details)).toBe(true);
  });

  it.each([
    ['malformed', 'no'],
    ['empty', []],
  ])('leaves both out when Graph sends neither (details %s)', async (_what, details) => {
    const error = await failure({ error: { code: 'badRequest', message: 'x', details } });
    expect(isGraphError(error) && 'innerCode' in error).toBe(false);
    expect(isGraphError(error) && 'details' in error).toBe(false);
  });

  it('scrubs the access token from them, as from the message', async () => {
    const token = 'test-access-token-4f9a1c';
    const error = await failure({
      error: {
        code: 'badRequest',
        message: 'refused',
        details: [{ code: 'Echo', message: `token ${token}`, target: token }],
        innerError: { code: token },
      },
    });
    expect(inspect(error, { depth: Infinity })).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
    expect((error as BadRequestError).details?.[0]?.message).toBe('token [REDACTED]');
  });
});
