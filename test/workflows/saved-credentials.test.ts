/**
 * `testSavedCredentials`: a job is not started when the target refuses the credentials saved
 * for it (it would only go into quarantine), on vitest's clock against the fake Graph; and the
 * credential fields a synchronization template lists.
 */
import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  InvalidInputError,
  type ProvisioningProgress,
  type SynchronizationTemplate,
} from '../../src/index.js';
import { createFakeGraph } from '../../src/testing/index.js';
import { configurationFields } from '../../src/workflows/credential-fields.js';
import { isNotStartedForCredentials } from '../../src/workflows/not-started.js';
import { settle, useTestClock } from '../helpers/clock.js';
import { rejection } from '../helpers/graph.js';

useTestClock();

const AWS = 'Amazon Web Services (AWS)';
const CREDENTIALS = { ClientSecret: 'client-secret', SecretToken: 'secret-token' };

function tenant() {
  const fake = createFakeGraph({ latencyMs: 0 });
  return { fake, client: fake.client() };
}

describe('testSavedCredentials', () => {
  it('does not start a new job whose target refuses its saved credentials, naming what the template asks for', async () => {
    const { fake, client } = tenant();
    const events: ProvisioningProgress[] = [];
    const error = await rejection(
      settle(
        client.configureProvisioning(
          { template: AWS, displayName: 'AWS Contoso' },
          { testSavedCredentials: true, onProgress: (e) => events.push(e) },
        ),
      ),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    const [job] = fake.state.jobs;
    expect(error.message).toMatch(
      new RegExp(
        `^Job ${job!.id.replace(/\./g, '\\.')} created but not started: the target app refused the credentials saved for it \\(.*The credential 'ClientSecret' is required.*\\); its synchronization template asks for ClientSecret, SecretToken\\.$`,
      ),
    );
    expect(error.hint).toContain('start: false');
    expect(error.status).toBe(400);
    expect(isNotStartedForCredentials(error)).toBe(true);
    expect(error.partial).toMatchObject({
      job: { id: job!.id },
      created: { application: true, job: true },
    });
    expect(job).toMatchObject({ scheduleState: 'Disabled', startCalls: 0 });
    expect(events.some((e) => e.type === 'validateCredentials' && e.saved === true)).toBe(true);
    expect(events.some((e) => e.type === 'start')).toBe(false);
  });

  it('starts a job whose saved credentials the target accepts, and tests nothing when credentials are given', async () => {
    const { fake, client } = tenant();
    await settle(
      client.configureProvisioning({
        template: AWS,
        displayName: 'AWS Contoso',
        credentials: CREDENTIALS,
        start: false,
      }),
    );
    const events: ProvisioningProgress[] = [];
    const result = await settle(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso' },
        { testSavedCredentials: true, onProgress: (e) => events.push(e) },
      ),
    );
    expect(result.started).toBe(true);
    expect(fake.state.jobs[0]).toMatchObject({ scheduleState: 'Active', startCalls: 1 });
    expect(events.filter((e) => e.type === 'validateCredentials')).toEqual([
      expect.objectContaining({ saved: true }),
    ]);

    // A running job is not started again: nothing to test.
    const again: ProvisioningProgress[] = [];
    await settle(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso' },
        { testSavedCredentials: true, onProgress: (e) => again.push(e) },
      ),
    );
    expect(again.some((e) => e.type === 'validateCredentials')).toBe(false);
  });

  it('says "found" for a job an earlier run made, and starts it without the option (which stays off by default)', async () => {
    const { fake, client } = tenant();
    await settle(
      client.configureProvisioning({ template: AWS, displayName: 'AWS Contoso', start: false }),
    );
    const error = await rejection(
      settle(
        client.configureProvisioning(
          { template: AWS, displayName: 'AWS Contoso' },
          { testSavedCredentials: true },
        ),
      ),
    );
    expect(error.message).toContain('found but not started');
    expect(error.partial?.created).toEqual({ application: false, job: false });
    expect(fake.state.jobs[0]!.startCalls).toBe(0);

    const started = await settle(
      client.configureProvisioning({ template: AWS, displayName: 'AWS Contoso' }),
    );
    expect(started.started).toBe(true);
  });

  it('leaves each app of a bulk run to its own outcome', async () => {
    const { fake, client } = tenant();
    const outcomes = await settle(
      client.configureProvisioningMany(
        [
          { template: AWS, displayName: 'AWS One', credentials: CREDENTIALS },
          { template: AWS, displayName: 'AWS Two' },
        ],
        { testSavedCredentials: true },
      ),
    );
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    const failed = outcomes[1]!;
    expect(!failed.ok && isNotStartedForCredentials(failed.error)).toBe(true);
    expect(fake.state.jobs.map((j) => j.scheduleState).sort()).toEqual(['Active', 'Disabled']);
  });

  it('refuses an option that is not a boolean before any request', async () => {
    const { fake, client } = tenant();
    const error = await rejection(
      client.configureProvisioning(
        { template: AWS, displayName: 'AWS Contoso' },
        { testSavedCredentials: 'yes' as never },
      ),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(fake.stats.requests).toBe(0);
  });
});

describe('configurationFields', () => {
  const template = (metadata: SynchronizationTemplate['metadata']): SynchronizationTemplate => ({
    id: 'scim',
    metadata,
  });

  it('maps the lower-case field names of v1.0 and beta to synchronizationSecret names, in order', () => {
    const value = '[{"name":"baseaddress"},{"name":"secrettoken","secret":true}]';
    expect(configurationFields(template([{ key: 'ConfigurationFields', value }]))).toEqual([
      'BaseAddress',
      'SecretToken',
    ]);
    expect(configurationFields(template([{ key: 'configurationFields', value }]))).toEqual([
      'BaseAddress',
      'SecretToken',
    ]);
    expect(
      configurationFields(
        template([
          { key: 'ConfigurationFields', value: '[{"name":"tenantdomain"},{"name":"password"}]' },
        ]),
      ),
    ).toEqual(['tenantdomain', 'Password']);
  });

  it('is undefined for a template without the entry, or with a value that is not a list of fields', () => {
    expect(configurationFields(template(undefined))).toBeUndefined();
    expect(
      configurationFields(template([{ key: 'IsOAuthEnabled', value: 'false' }])),
    ).toBeUndefined();
    for (const value of ['not json', '{"name":"x"}', '[]', '[{"label":"x"}]', null]) {
      expect(
        configurationFields(template([{ key: 'ConfigurationFields', value }])),
      ).toBeUndefined();
    }
  });

  it('reads what the fake serves, in both versions', async () => {
    const { fake, client } = tenant();
    const { servicePrincipal } = await settle(
      client.configureProvisioning({ template: AWS, displayName: 'AWS Contoso', start: false }),
    );
    for (const version of ['v1.0', 'beta'] as const) {
      const templates = fake
        .client({ apiVersion: version })
        .servicePrincipals.byId(servicePrincipal.id).synchronization.templates;
      expect(configurationFields(await settle(templates.get('aws')))).toEqual([
        'ClientSecret',
        'SecretToken',
      ]);
    }
  });
});
