import { describe, expect, it } from 'vitest';
import { InvalidResponseError, loose } from '../../src/index.js';
import {
  GRAPH,
  SP_ID,
  http,
  HttpResponse,
  makeClient,
  recordRequests,
  useGraphServer,
} from '../helpers/graph.js';

const server = useGraphServer();

/** Graph answers one page, as `$select` made it: only the properties named. */
function answer(path: string, items: unknown[]): void {
  server.use(
    http.get(`${GRAPH}/v1.0${path}`, () =>
      HttpResponse.json({ '@odata.context': `${GRAPH}/v1.0/$metadata#x`, value: items }),
    ),
  );
}

describe('lists read with select accept the items Graph sends, which have only what was named', () => {
  it('appRoleAssignedTo.list({ select }) reads assignments without id, appRoleId or principalId', async () => {
    // Graph's page for ?$select=principalDisplayName,principalType (a query public scripts run).
    const items = [{ principalDisplayName: 'MyTestUser1', principalType: 'User' }];
    answer(`/servicePrincipals/${SP_ID}/appRoleAssignedTo`, items);
    const sent = recordRequests();
    const listed = await makeClient()
      .servicePrincipals.byId(SP_ID)
      .appRoleAssignedTo.list({ select: ['principalDisplayName', 'principalType'] })
      .toArray();
    expect(listed).toEqual(items);
    expect(new URL(sent[0]!.url).searchParams.get('$select')).toBe(
      'principalDisplayName,principalType',
    );
  });

  it('servicePrincipals.list({ select }) reads service principals without id', async () => {
    // As Graph answers ?$select=displayName,givenName,postalCode for users: no id, nulls sent.
    const items = [{ displayName: 'AWS Contoso', appId: null }];
    answer('/servicePrincipals', items);
    const listed = await makeClient()
      .servicePrincipals.list({ select: ['displayName', 'appId'] })
      .toArray();
    expect(listed).toEqual(items);
  });

  it('applications.list and applicationTemplates.list with select read items without id', async () => {
    answer('/applications', [{ displayName: 'AWS Contoso' }]);
    answer('/applicationTemplates', [{ displayName: 'Box', categories: ['collaboration'] }]);
    const client = makeClient();
    expect(await client.applications.list({ select: ['displayName'] }).toArray()).toEqual([
      { displayName: 'AWS Contoso' },
    ]);
    expect(
      await client.applicationTemplates.list({ select: ['displayName', 'categories'] }).toArray(),
    ).toEqual([{ displayName: 'Box', categories: ['collaboration'] }]);
  });

  it('keeps a selected property the model does not declare, for loose() to read', async () => {
    answer('/servicePrincipals', [{ id: 'a', notificationEmailAddresses: ['ops@contoso.com'] }]);
    const [sp] = await makeClient()
      .servicePrincipals.list({ select: ['id', 'notificationEmailAddresses'] })
      .toArray();
    expect(loose(sp)?.notificationEmailAddresses).toEqual(['ops@contoso.com']);
  });
});

describe('lists read with select still check what was named', () => {
  it('refuses a selected property of the wrong type', async () => {
    answer(`/servicePrincipals/${SP_ID}/appRoleAssignedTo`, [{ principalType: 5 }]);
    const error = await makeClient()
      .servicePrincipals.byId(SP_ID)
      .appRoleAssignedTo.list({ select: ['principalType'] })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).message).toContain('principalType');
  });

  it('refuses an item without a selected property the model requires', async () => {
    answer(`/servicePrincipals/${SP_ID}/appRoleAssignedTo`, [{ id: 'a' }]);
    const error = await makeClient()
      .servicePrincipals.byId(SP_ID)
      .appRoleAssignedTo.list({ select: ['id', 'principalId'] })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).message).toContain('principalId');
  });

  it('refuses, without select, an item that lacks what the model requires (unchanged)', async () => {
    answer(`/servicePrincipals/${SP_ID}/appRoleAssignedTo`, [
      { principalDisplayName: 'MyTestUser1', principalType: 'User' },
    ]);
    const error = await makeClient()
      .servicePrincipals.byId(SP_ID)
      .appRoleAssignedTo.list()
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
  });
});
