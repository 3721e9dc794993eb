/**
 * A first run with no credential: two lines naming every way to sign in, not the eight lines of
 * DefaultAzureCredential's chain.
 */
import { describe, expect, it } from 'vitest';
import { notSignedIn } from '../../src/cli/main.js';
import { NotFoundError, UnauthorizedError } from '../../src/core/errors.js';

/** The message the SDK gives when DefaultAzureCredential fails, as captured on a bare machine. */
const chain = (...reasons: string[]): UnauthorizedError =>
  new UnauthorizedError(
    [
      'Could not get an access token: ChainedTokenCredential authentication failed.',
      ...reasons,
    ].join('\n'),
  );
const UNAVAILABLE = [
  'CredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used.',
  'CredentialUnavailableError: ManagedIdentityCredential: Network unreachable. Message: network_error: Network request failed',
  "CredentialUnavailableError: Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.",
];

describe('a first run without credentials', () => {
  it('says "not signed in" and names the token variable, az login, the environment variables and --fake', () => {
    const said = notSignedIn(chain(...UNAVAILABLE));
    expect(said?.message).toBe('not signed in: no Azure credential is available here.');
    for (const way of ['ENTRA_PROVISIONING_TOKEN', 'az login', 'AZURE_CLIENT_SECRET', '--fake']) {
      expect(said?.hint).toContain(way);
    }
  });

  it('keeps the words of a credential that exists but fails (a wrong secret)', () => {
    const wrongSecret = chain(
      UNAVAILABLE[0] as string,
      'AuthenticationError: ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided.',
    );
    expect(notSignedIn(wrongSecret)).toBeUndefined();
  });

  it('leaves every other error as it is', () => {
    expect(
      notSignedIn(
        new UnauthorizedError('Access token has expired (401 InvalidAuthenticationToken)'),
      ),
    ).toBeUndefined();
    expect(notSignedIn(new NotFoundError('gone'))).toBeUndefined();
    expect(notSignedIn(new Error(UNAVAILABLE[0]))).toBeUndefined();
  });
});
