/** `--json` errors carry Graph's codes and details, scrubbed as the SDK's errors are. */
import { describe, expect, it } from 'vitest';
import { GRAPH, SP_ID, TOKEN, http, HttpResponse, useGraphServer } from '../helpers/graph.js';
import { cli } from './helpers.js';

const server = useGraphServer();

describe('CLI --json errors', () => {
  it("carry Graph's code, innermost inner code and details, without the token", async () => {
    server.use(
      http.get(`${GRAPH}/v1.0/servicePrincipals/:sp`, () =>
        HttpResponse.json({ id: SP_ID, displayName: 'AWS Contoso' }),
      ),
      http.get(`${GRAPH}/v1.0/servicePrincipals/:sp/synchronization/jobs`, () =>
        HttpResponse.json(
          {
            error: {
              code: 'badRequest',
              message: 'refused',
              details: [{ code: 'InvalidValue', message: `echo ${TOKEN}`, target: 'id' }],
              innerError: { code: 'invalidRange' },
            },
          },
          { status: 400 },
        ),
      ),
    );
    const run = await cli(['--json', 'jobs', 'list', SP_ID], {
      env: { ENTRA_PROVISIONING_TOKEN: TOKEN },
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr)).toMatchObject({
      error: {
        kind: 'badRequest',
        code: 'badRequest',
        innerCode: 'invalidRange',
        details: [{ code: 'InvalidValue', message: 'echo [REDACTED]', target: 'id' }],
      },
    });
    expect(run.stderr).not.toContain(TOKEN);
  });
});
