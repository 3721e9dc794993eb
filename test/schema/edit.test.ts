/**
 * `schema.edit()` end to end against the fake Graph: typed edits of attribute mappings and
 * scoping filters, checked against the schema, saved with one full-replacement PUT that differs
 * from what was read only where the edit said.
 */
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InvalidInputError,
  scope,
  source,
  type ObjectMappingDraft,
  type ProvisioningClient,
  type SynchronizationSchema,
} from '../../src/index.js';
import { GALLERY, createFakeGraph, manualClock } from '../../src/testing/index.js';
import { rejection } from '../helpers/graph.js';
import { raw } from '../testing/helpers.js';

const SLACK = GALLERY.find((app) => app.displayName === 'Slack')!;

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** A fake tenant whose client records every request it sends. */
function tenant() {
  const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
  const sent: Sent[] = [];
  const client = fake.client({
    fetch: async (input, init) => {
      const url = new URL(input);
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      sent.push({ method: init?.method ?? 'GET', path: url.pathname, body });
      return fake.fetch(input, init);
    },
  });
  return { fake, client, sent };
}

async function slackJob(client: ProvisioningClient) {
  const { servicePrincipal } = await client.applicationTemplates.instantiate(SLACK.id, {
    displayName: 'Slack Contoso',
  });
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const created = await sp.synchronization.jobs.create({ templateId: 'slack' });
  return sp.synchronization.jobs.byId(created.id);
}

/** The JSON paths at which two values differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    differences(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${path}/${k}`,
    ),
  );
}

const USERS = '/synchronizationRules/0/objectMappings/0';

describe('schema.edit()', () => {
  it('maps, unmaps and scopes with one PUT that differs from the schema read only where the edit said', async () => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    const before = await job.schema.get();
    sent.length = 0;
    const { changes, saved } = await job.schema.edit((s) => {
      const users = s.objectMapping('User');
      users.map('displayName', source.expression('Join(" ", [givenName], [surname])'));
      users.map('title', source.attribute('jobTitle'));
      users.scope = scope.anyOf(
        scope.allOf(
          scope.clause('department', 'EQUALS', 'Sales'),
          scope.clause('accountEnabled', 'IS TRUE'),
        ),
      );
    });
    expect(saved).toBe(true);
    const puts = sent.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(sent.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    const body = puts[0]!.body as SynchronizationSchema;
    // Everything but the user mapping's attribute mappings and scope is as Graph sent it.
    const { '@odata.context': _context, ...read } = before as Record<string, unknown>;
    expect(differences(read, body)).toEqual([
      `${USERS}/scope`,
      `${USERS}/attributeMappings/1`,
      `${USERS}/attributeMappings/2`,
    ]);
    const mappings = body.synchronizationRules![0]!.objectMappings![0]!.attributeMappings!;
    expect(mappings[1]).toEqual({
      defaultValue: null,
      exportMissingReferences: false,
      flowBehavior: 'FlowWhenChanged',
      flowType: 'Always',
      matchingPriority: 0,
      targetAttributeName: 'displayName',
      source: {
        type: 'Function',
        name: 'Join',
        expression: 'Join(" ", [givenName], [surname])',
        parameters: [
          {
            key: 'separator',
            value: { type: 'Constant', name: ' ', expression: '" "', parameters: [] },
          },
          {
            key: 'source',
            value: {
              type: 'Attribute',
              name: 'givenName',
              expression: '[givenName]',
              parameters: [],
            },
          },
          {
            key: 'source',
            value: { type: 'Attribute', name: 'surname', expression: '[surname]', parameters: [] },
          },
        ],
      },
    });
    expect(body.synchronizationRules![0]!.objectMappings![0]!.scope?.groups).toEqual([
      {
        name: 'Group 1',
        clauses: [
          {
            operatorName: 'EQUALS',
            sourceOperandName: 'department',
            targetOperand: { values: ['Sales'] },
          },
          {
            operatorName: 'IS TRUE',
            sourceOperandName: 'accountEnabled',
            targetOperand: { values: [] },
          },
        ],
      },
    ]);
    expect(changes.map((c) => c.kind)).toEqual(['mapped', 'mapped', 'scoped']);
    expect(changes.map((c) => c.summary)).toEqual([
      'User → User: map displayName from Join(" ", [givenName], [surname])',
      'User → User: map title from [jobTitle]',
      'User → User: scope to (department EQUALS "Sales" AND accountEnabled IS TRUE) (was everything (no scoping filter))',
    ]);
    // What was saved is what Graph now returns.
    const { '@odata.context': _again, ...after } = (await job.schema.get()) as Record<
      string,
      unknown
    >;
    expect(after).toEqual(body);
  });

  it('remaps and unmaps, reporting the mapping before and after', async () => {
    const { client } = tenant();
    const job = await slackJob(client);
    const { changes } = await job.schema.edit((s) => {
      const users = s.objectMapping({ source: 'User', target: 'User' });
      users.map('userName', source.expression('[mail]'), { matchingPriority: 1 });
    });
    expect(changes).toHaveLength(1);
    expect(changes).toMatchObject([
      {
        kind: 'remapped',
        attribute: 'userName',
        before: { source: '[userPrincipalName]', matchingPriority: 1 },
        after: { source: '[mail]', matchingPriority: 1 },
      },
    ]);
    const second = await job.schema.edit((s) => {
      s.objectMapping('User').unmap('userName');
    });
    expect(second.changes).toHaveLength(1);
    expect(second.changes).toMatchObject([{ kind: 'unmapped', attribute: 'userName' }]);
    const users = (await job.schema.get()).synchronizationRules![0]!.objectMappings![0]!;
    expect(users.attributeMappings?.map((m) => m.targetAttributeName)).toEqual([]);
  });

  it('sends nothing when the edit changes nothing', async () => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    sent.length = 0;
    const result = await job.schema.edit((s) => {
      const users = s.objectMapping('User');
      users.map('userName', source.attribute('userPrincipalName'));
      users.scope = null;
    });
    expect(result).toMatchObject({ changes: [], saved: false });
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it('with dryRun, checks and reports the changes but sends no PUT', async () => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    sent.length = 0;
    const result = await job.schema.edit(
      (s) => void s.objectMapping('User').map('title', source.attribute('jobTitle')),
      { dryRun: true },
    );
    expect(result.saved).toBe(false);
    expect(result.changes.map((c) => c.kind)).toEqual(['mapped']);
    expect(sent.some((r) => r.method === 'PUT')).toBe(false);
    expect(
      (await job.schema.get()).synchronizationRules![0]!.objectMappings![0]!.attributeMappings,
    ).toHaveLength(1);
  });

  it('refuses, before any write, attributes, functions, operators and priorities the schema does not have, naming each path', async () => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    sent.length = 0;
    const error = await rejection(
      job.schema.edit((s) => {
        const users = s.objectMapping('User');
        users.map('userNme', source.attribute('userPrincipalName'));
        users.map('title', source.attribute('jobTitel'));
        users.map('displayName', source.expression('Jion(" ", [givenName])'));
        users.map('externalId', source.expression('Join(" ")'));
        users.map('active', source.attribute('accountEnabled'), { matchingPriority: 1 });
        users.scope = scope.anyOf(
          scope.allOf(
            scope.clause('department', 'EQUALZ', 'Sales'),
            scope.clause('mail', 'IS NULL', 'x'),
          ),
        );
      }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    const issues = (error as InvalidInputError).issues;
    const base = ['synchronizationRules', 0, 'objectMappings', 0];
    expect(issues).toEqual([
      {
        path: [...base, 'attributeMappings', 'userNme', 'targetAttributeName'],
        message: "'userNme' is not an attribute of User in Slack; did you mean 'userName'?",
      },
      {
        path: [...base, 'attributeMappings', 'title', 'source'],
        message:
          "'jobTitel' is not an attribute of User in Azure Active Directory; did you mean 'jobTitle'?",
      },
      {
        path: [...base, 'attributeMappings', 'displayName', 'source'],
        message: "unknown function 'Jion'",
      },
      {
        path: [...base, 'attributeMappings', 'externalId', 'source'],
        message: 'Join() takes at least 2 argument(s), got 1',
      },
      {
        path: [...base, 'scope', 'groups', 0, 'clauses', 0, 'operatorName'],
        message: "'EQUALZ' is not one of the schema's filter operators; did you mean 'EQUALS'?",
      },
      {
        path: [...base, 'scope', 'groups', 0, 'clauses', 1, 'targetOperand'],
        message: 'IS NULL takes no value',
      },
      {
        path: [...base, 'attributeMappings', 'active', 'matchingPriority'],
        message: "matching priority 1 is already userName's: each matching attribute needs its own",
      },
    ]);
    expect(sent.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('names the object mappings there are when asked for one that is not, and refuses a misspelt unmap', async () => {
    const { client } = tenant();
    const job = await slackJob(client);
    const missing = await rejection(job.schema.edit((s) => void s.objectMapping('Contact')));
    expect(missing).toBeInstanceOf(InvalidInputError);
    expect((missing as Error).message).toContain('the schema has User → User, Group → Group');
    const unmap = await rejection(
      job.schema.edit((s) => void s.objectMapping('User').unmap('usrName')),
    );
    expect((unmap as Error).message).toContain("nothing maps 'usrName'");
    expect((unmap as Error).message).toContain("did you mean 'userName'?");
  });

  it('leaves to Graph what the local parser does not read, with serverCheck', async () => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    const local = await rejection(
      job.schema.edit(
        (s) => void s.objectMapping('User').map('title', source.expression('Join(" ", [a]')),
      ),
    );
    expect((local as Error).message).toContain('pass serverCheck: true');
    sent.length = 0;
    const { saved } = await job.schema.edit(
      (s) =>
        void s.objectMapping('User').map('title', source.expression('Append([jobTitle], "!")')),
      { serverCheck: true },
    );
    expect(saved).toBe(true);
    expect(sent.map((r) => `${r.method} ${r.path.split('/').at(-1) ?? ''}`)).toEqual([
      'GET schema',
      'POST parseExpression',
      'GET schema',
      'PUT schema',
    ]);
  });

  it('refuses to overwrite a schema someone saved since the edit read it, and retries on the fresh one when asked', async () => {
    const { client } = tenant();
    const job = await slackJob(client);
    // Another writer saves the schema while our edit runs.
    const interfere = async () => {
      const schema = await job.schema.get();
      schema.synchronizationRules![0]!.name = `RENAMED ${String(Math.random())}`;
      await job.schema.replace(schema);
    };
    const error = await rejection(
      job.schema.edit(async (s) => {
        s.objectMapping('User').map('title', source.attribute('jobTitle'));
        await interfere();
      }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('SchemaChanged');
    let runs = 0;
    const { saved } = await job.schema.edit(
      async (s) => {
        runs += 1;
        s.objectMapping('User').map('title', source.attribute('jobTitle'));
        if (runs === 1) await interfere();
      },
      { retries: 1 },
    );
    expect(saved).toBe(true);
    expect(runs).toBe(2);
    const schema = await job.schema.get();
    expect(schema.synchronizationRules![0]!.name).toMatch(/^RENAMED/);
    expect(
      schema.synchronizationRules![0]!.objectMappings![0]!.attributeMappings!.map(
        (m) => m.targetAttributeName,
      ),
    ).toEqual(['userName', 'title']);
  });

  it('edits a template schema through its application the same way', async () => {
    const { client } = tenant();
    const { application } = await client.applicationTemplates.instantiate(SLACK.id, {
      displayName: 'Slack Contoso',
    });
    const template = client.applications
      .byId(application.id)
      .synchronization.templates.byId('slack');
    const { changes } = await template.schema.edit(
      (s) => void s.objectMapping('Group').map('externalId', source.attribute('objectId')),
    );
    expect(changes.map((c) => c.summary)).toEqual([
      'Group → Group: map externalId from [objectId]',
    ]);
    expect(
      (
        await template.schema.get()
      ).synchronizationRules![0]!.objectMappings![1]!.attributeMappings!.map(
        (m) => m.targetAttributeName,
      ),
    ).toEqual(['displayName', 'externalId']);
  });
});

describe('schema.edit() under hostile use', () => {
  it('closes the draft when the edit returns: a draft kept for later changes nothing and throws', async () => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    let kept: ObjectMappingDraft | undefined;
    const { schema } = await job.schema.edit((s) => {
      kept = s.objectMapping('User');
      kept.map('title', source.attribute('jobTitle'));
    });
    expect(() => kept!.map('displayName', source.attribute('mail'))).toThrow(InvalidInputError);
    expect(() => kept!.scope).toThrow('the draft is closed');
    const put = sent.filter((r) => r.method === 'PUT').at(-1)!.body as SynchronizationSchema;
    expect(put).toEqual(schema);
    expect(
      put.synchronizationRules![0]!.objectMappings![0]!.attributeMappings!.map(
        (m) => m.targetAttributeName,
      ),
    ).toEqual(['userName', 'title']);
  });

  it('sends the PUT once: a throttled answer is thrown, never replayed past the concurrency check', async () => {
    const fake = createFakeGraph({ clock: manualClock(), latencyMs: 0 });
    let puts = 0;
    const client = fake.client({
      fetch: async (input, init) => {
        if (init?.method === 'PUT' && input.endsWith('/schema')) {
          puts += 1;
          return new Response(
            JSON.stringify({ error: { code: 'TooManyRequests', message: 'slow down' } }),
            {
              status: 429,
              headers: { 'Retry-After': '0', 'Content-Type': 'application/json' },
            },
          );
        }
        return fake.fetch(input, init);
      },
    });
    const job = await slackJob(client);
    const error = await rejection(
      job.schema.edit(
        (s) => void s.objectMapping('User').map('title', source.attribute('jobTitle')),
      ),
    );
    expect(error.kind).toBe('throttled');
    expect(puts).toBe(1);
  });

  it.each([
    [{ dryrun: true }, 'dryrun'],
    [{ dryRun: 1 }, 'dryRun'],
    [{ serverCheck: 'yes' }, 'serverCheck'],
    [{ retries: 1.5 }, 'retries'],
    [null, 'schema.edit() options'],
  ])('refuses the options %j before any request', async (options, named) => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    sent.length = 0;
    const error = await rejection(
      job.schema.edit((s) => void s.objectMapping('User').unmap('userName'), options as never),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain(named);
    expect(sent).toEqual([]);
  });

  it.each([
    [{ flows: 'ObjectAddOnly' }],
    [{ flow: 'Sometimes' }],
    [{ flowBehavior: 42 }],
    [{ exportMissingReferences: 'yes' }],
    [{ matchingPriority: -1 }],
    [{ defaultValue: 3 }],
  ])('refuses the mapping options %j, sending nothing but the read', async (options) => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    sent.length = 0;
    const error = await rejection(
      job.schema.edit(
        (s) =>
          void s.objectMapping('User').map('title', source.attribute('jobTitle'), options as never),
      ),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it('takes only scopes built by scope.*: a hand-built one is refused', async () => {
    const { client } = tenant();
    const job = await slackJob(client);
    const handMade = {
      groups: [{ clauses: [{ attribute: 'department', operator: 'EQUALS', values: 'Sales' }] }],
    };
    const error = await rejection(
      job.schema.edit((s) => {
        s.objectMapping('User').scope = handMade as never;
      }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(() => scope.allOf(handMade.groups[0]!.clauses[0] as never)).toThrow(InvalidInputError);
  });

  it('sends nothing for edits that come back to what was read, or set the scope it has', async () => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    await job.schema.edit((s) => {
      s.objectMapping('User').scope = scope.anyOf(
        scope.allOf(scope.clause('department', 'EQUALS', 'Sales')),
      );
    });
    sent.length = 0;
    const result = await job.schema.edit((s) => {
      const users = s.objectMapping('User');
      users.map('userName', source.attribute('mail'));
      users.map('userName', source.attribute('userPrincipalName'));
      users.scope = users.scope; // eslint-disable-line no-self-assign
    });
    expect(result).toMatchObject({ changes: [], saved: false });
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it('refuses empty required arguments, and keys repeating groups of parameters in turn', async () => {
    const { client } = tenant();
    const job = await slackJob(client);
    const empty = await rejection(
      job.schema.edit(
        (s) => void s.objectMapping('User').map('title', source.expression('Mid(, , )')),
      ),
    );
    expect((empty as InvalidInputError).issues.map((i) => i.message)).toEqual([
      'Mid(): argument 1 (source) is required, not empty',
      'Mid(): argument 2 (start) is required, not empty',
      'Mid(): argument 3 (length) is required, not empty',
    ]);
  });

  it('stops with AbortedError when the signal fires during the edit, sending nothing more', async () => {
    const { client, sent } = tenant();
    const job = await slackJob(client);
    const controller = new AbortController();
    sent.length = 0;
    const error = await rejection(
      job.schema.edit(
        (s) => {
          s.objectMapping('User').map('title', source.attribute('jobTitle'));
          controller.abort();
        },
        { signal: controller.signal },
      ),
    );
    expect(error.kind).toBe('aborted');
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('the fake Graph', () => {
  it("answers PATCH on a job's schema as Graph does: 404 UnknownError naming the synchronization backend", async () => {
    const { client, fake } = tenant();
    const { servicePrincipal } = await client.applicationTemplates.instantiate(SLACK.id, {
      displayName: 'Slack Contoso',
    });
    const sp = client.servicePrincipals.byId(servicePrincipal.id);
    const created = await sp.synchronization.jobs.create({ templateId: 'slack' });
    const path = `/v1.0/servicePrincipals/${servicePrincipal.id}/synchronization/jobs/${created.id}/schema`;
    const { status, body } = await raw(fake.fetch, path, {
      method: 'PATCH',
      body: JSON.stringify({ synchronizationRules: [] }),
    });
    expect(status).toBe(404);
    const error = body.error as { code: string; message: string };
    expect(error.code).toBe('UnknownError');
    expect(JSON.parse(error.message)).toEqual({
      Message: `No HTTP resource was found that matches the request URI 'https://syncfabric.windowsazure.com/api/servicePrincipals/${servicePrincipal.id}/synchronization/jobs/${created.id}/schema?api-version=2.0'.`,
    });
  });
});
