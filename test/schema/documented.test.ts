/**
 * Schema edits against Microsoft's documented examples: the parser builds the tree Graph's own
 * parseExpression returns, and an edit of the documented schema sends a PUT that differs from it
 * only where the edit said.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError, source, type SynchronizationSchema } from '../../src/index.js';
import { parseExpressionSyntax, toMappingSource } from '../../src/schema/expression.js';
import {
  GRAPH,
  JOB_ID,
  SP_ID,
  fixtureJson,
  fixtureResponse,
  http,
  makeClient,
  noContent,
  recordRequests,
  rejection,
  useGraphServer,
} from '../helpers/graph.js';

const server = useGraphServer();

const param = (name: string, required = true, allowMultipleOccurrences = false) => ({
  name,
  required,
  allowMultipleOccurrences,
  type: 'String' as const,
});

/**
 * Functions as a schema's `functions` list gives them. Replace's names at positions 1 and 4 are
 * the keys of Graph's documented parse (`Find`, `Replacement`); its others are not documented
 * and are named here only to fill their places.
 */
const FUNCTIONS = [
  { id: 'Mid', parameters: [param('source'), param('start'), param('length')] },
  {
    id: 'Replace',
    parameters: [
      param('source'),
      param('Find', false),
      param('RegexPattern', false),
      param('RegexGroupName', false),
      param('Replacement', false),
      param('ReplacementAttributeName', false),
      param('Template', false),
    ],
  },
  { id: 'Join', parameters: [param('separator'), param('source', true, true)] },
  {
    id: 'Switch',
    parameters: [
      param('source'),
      param('defaultValue'),
      param('key', true, true),
      param('value', true, true),
    ],
  },
  { id: 'Coalesce', parameters: [param('source', true, true), param('defaultValue', false)] },
];

describe('expressions', () => {
  it("build the tree of Graph's documented parseExpression answer, empty arguments left out", () => {
    const documented = fixtureJson(
      'v1.0',
      'synchronization-synchronizationschema-parseexpression.response.json',
    ) as { parsedExpression: unknown };
    // The request's text, as documented (two spaces before the closing parenthesis).
    const node = parseExpressionSyntax('Replace([preferredLanguage], "-", , , "_", ,  )');
    const built = toMappingSource(node, FUNCTIONS);
    expect('tree' in built).toBe(true);
    const tree = (built as { tree: { expression: string } }).tree;
    const parsed = documented.parsedExpression as { expression: string };
    expect({ ...tree, expression: parsed.expression }).toEqual(parsed);
  });

  it("take numbers as the constants Graph stores (Microsoft's Mid sample)", () => {
    const built = toMappingSource(
      parseExpressionSyntax('Mid([userPrincipalName], 1, 8)'),
      FUNCTIONS,
    );
    expect(built).toEqual({
      tree: {
        expression: 'Mid([userPrincipalName], 1, 8)',
        name: 'Mid',
        parameters: [
          {
            key: 'source',
            value: {
              expression: '[userPrincipalName]',
              name: 'userPrincipalName',
              parameters: [],
              type: 'Attribute',
            },
          },
          {
            key: 'start',
            value: { expression: '"1"', name: '1', parameters: [], type: 'Constant' },
          },
          {
            key: 'length',
            value: { expression: '"8"', name: '8', parameters: [], type: 'Constant' },
          },
        ],
        type: 'Function',
      },
    });
  });

  it('give the repeatable parameter every argument the others leave, and read escaped quotes', () => {
    const built = toMappingSource(
      parseExpressionSyntax('Join("\\"", [a], [b], [c])'),
      FUNCTIONS,
    ) as { tree: { parameters: { key: string; value: { name: string } }[] } };
    expect(built.tree.parameters.map((p) => [p.key, p.value.name])).toEqual([
      ['separator', '"'],
      ['source', 'a'],
      ['source', 'b'],
      ['source', 'c'],
    ]);
  });

  it('key repeating groups of parameters in turn, and refuse a group cut short', () => {
    const keys = (text: string) => {
      const built = toMappingSource(parseExpressionSyntax(text), FUNCTIONS);
      return 'tree' in built ? built.tree.parameters.map((p) => p.key) : built.problems;
    };
    expect(keys('Switch([department], "Other", "S", "Sales", "M", "Marketing")')).toEqual([
      'source',
      'defaultValue',
      'key',
      'value',
      'key',
      'value',
    ]);
    expect(keys('Switch([department], "Other", "S", "Sales", "M")')).toEqual([
      'Switch() takes at least 4, the key/value arguments in whole groups argument(s), got 5',
    ]);
    expect(keys('Coalesce([a])')).toEqual(['source']);
    expect(keys('Coalesce([a], [b], "x")')).toEqual(['source', 'source', 'defaultValue']);
  });

  it.each([
    ['Join(" ", [a]', "unclosed '('"],
    ['Join(" " [a])', "expected ',' or ')'"],
    ['[mail', "unclosed '['"],
    ['"open', 'unclosed string'],
    ['mail', "expected '(' after mail"],
    ['', 'the expression is empty'],
    ['Join(" ", [a]) extra', "unexpected 'extra'"],
  ])('refuse %j: %s', (text, message) => {
    expect(() => parseExpressionSyntax(text)).toThrow(message);
  });

  it('name the functions the schema does not have and the wrong numbers of arguments', () => {
    const built = toMappingSource(parseExpressionSyntax('Mid(Nope([a]), 1)'), FUNCTIONS);
    expect(built).toEqual({
      problems: ['Mid() takes 3 argument(s), got 2', "unknown function 'Nope'"],
    });
  });
});

describe("editing Microsoft's documented schema", () => {
  const root = `${GRAPH}/v1.0`;
  const path = `${root}/servicePrincipals/:sp/synchronization/jobs/:job/schema`;
  const documented = (): SynchronizationSchema =>
    fixtureJson('beta', 'synchronization-synchronizationschema-get.response.json') as never;
  /** The documented schema with its first user mapping sourced from [userPrincipalName]. */
  const documentedWithUserNameFromUpn = (): SynchronizationSchema => {
    const expected = documented();
    expected.synchronizationRules![0]!.objectMappings![0]!.attributeMappings![0]!.source = {
      type: 'Attribute',
      name: 'userPrincipalName',
      expression: '[userPrincipalName]',
      parameters: [],
    };
    return expected;
  };

  it('sends one PUT whose body differs from the documented schema only at the edited source', async () => {
    const sent = recordRequests();
    server.use(
      http.get(path, () =>
        fixtureResponse('beta', 'synchronization-synchronizationschema-get.response.json'),
      ),
      http.put(path, noContent),
    );
    const job = makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID);
    const { changes, saved } = await job.schema.edit((s) => {
      s.objectMapping({ source: 'User', target: 'User' }).map(
        'userName',
        source.attribute('userPrincipalName'),
      );
    });
    expect(saved).toBe(true);
    expect(sent.map((r) => r.method)).toEqual(['GET', 'GET', 'PUT']);
    expect(JSON.parse(sent[2]!.body)).toEqual(documentedWithUserNameFromUpn());
    expect(changes.map((c) => c.summary)).toEqual([
      'User → User: map userName from [userPrincipalName] (was (no source))',
    ]);
  });

  it('maps through a function Graph lists by name, as its documented functions answer does (no id)', async () => {
    const sent = recordRequests();
    // learn.microsoft.com/graph/api/synchronization-synchronizationschema-functions: each function
    // named by `name`, with no `id`.
    const functions = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#functions',
      value: [
        {
          name: 'Join',
          parameters: [
            { allowMultipleOccurrences: false, name: 'separator', required: true, type: 'String' },
            { allowMultipleOccurrences: true, name: 'source', required: true, type: 'String' },
          ],
        },
      ],
    };
    server.use(
      http.get(path, () =>
        fixtureResponse('beta', 'synchronization-synchronizationschema-get.response.json'),
      ),
      http.get(`${path}/functions`, () => Response.json(functions)),
      http.put(path, noContent),
    );
    const job = makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID);
    const { saved } = await job.schema.edit((s) => {
      s.objectMapping({ source: 'User', target: 'User' }).map(
        'userName',
        source.expression('Join("", [userPrincipalName])'),
      );
    });
    expect(saved).toBe(true);
    const put = JSON.parse(sent.at(-1)!.body) as SynchronizationSchema;
    expect(put.synchronizationRules![0]!.objectMappings![0]!.attributeMappings![0]!.source).toEqual(
      {
        type: 'Function',
        name: 'Join',
        expression: 'Join("", [userPrincipalName])',
        parameters: [
          {
            key: 'separator',
            value: { type: 'Constant', name: '', expression: '""', parameters: [] },
          },
          {
            key: 'source',
            value: {
              type: 'Attribute',
              name: 'userPrincipalName',
              expression: '[userPrincipalName]',
              parameters: [],
            },
          },
        ],
      },
    );
  });

  it('refuses a source attribute the documented directory does not define, sending nothing but the read', async () => {
    const sent = recordRequests();
    server.use(
      http.get(path, () =>
        fixtureResponse('beta', 'synchronization-synchronizationschema-get.response.json'),
      ),
    );
    const job = makeClient().servicePrincipals.byId(SP_ID).synchronization.jobs.byId(JOB_ID);
    const error = await rejection(
      job.schema.edit((s) => {
        s.objectMapping('User').map('userName', source.attribute('userPrincipalNme'));
      }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([
      {
        path: [
          'synchronizationRules',
          0,
          'objectMappings',
          0,
          'attributeMappings',
          'userName',
          'source',
        ],
        message:
          "'userPrincipalNme' is not an attribute of User in Azure Active Directory; did you mean 'userPrincipalName'?",
      },
    ]);
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it("edits a template's documented schema through its application: GET twice, one PUT to the template's schema", async () => {
    const sent = recordRequests();
    const appId = '3b1c7f0e-5a2d-4e8b-9c61-0d2e4f6a8b10';
    const templatePath = `${root}/applications/:app/synchronization/templates/:template/schema`;
    server.use(
      http.get(templatePath, () =>
        fixtureResponse('beta', 'synchronization-synchronizationschema-get.response.json'),
      ),
      http.put(templatePath, noContent),
    );
    const template = makeClient().applications.byId(appId).synchronization.templates.byId('Slack');
    const { changes } = await template.schema.edit((s) => {
      s.objectMapping('User').map('userName', source.attribute('userPrincipalName'));
    });
    expect(changes.map((c) => c.kind)).toEqual(['remapped']);
    expect(sent.map((r) => `${r.method} ${decodeURIComponent(r.url.pathname)}`)).toEqual([
      `GET /v1.0/applications/${appId}/synchronization/templates/Slack/schema`,
      `GET /v1.0/applications/${appId}/synchronization/templates/Slack/schema`,
      `PUT /v1.0/applications/${appId}/synchronization/templates/Slack/schema`,
    ]);
    expect(JSON.parse(sent[2]!.body)).toEqual(documentedWithUserNameFromUpn());
  });
});
