/**
 * What `secrets.put()` and `secrets.clear()` send besides the keys they were given: every saved
 * key Graph shows in clear (settings such as `SyncAll` and `SyncNotificationSettings`, addresses
 * such as `BaseAddress`). Microsoft documents a secrets PUT both ways (its cloud-sync guide sends
 * every key "in order to preserve the other values"; Terraform and msgraph-metadata#347 delete a
 * key by sending it empty, which implies a merge): sending the saved settings again keeps them
 * under either reading. Keys Graph masks (`*`) cannot be read back, so cannot be re-sent.
 */
import { lazySchema } from '../../internal/lazy-schema.js';
import { turnsOf } from '../../internal/turns.js';
import * as z from 'zod/mini';
import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { SynchronizationSecretKeyStringValuePairSchema } from '../../models/synchronization.js';
import { SYNC_READ, SYNC_WRITE } from '../hints.js';
import {
  isPrintable,
  normalizeCredentials,
  warnUnknownKeys,
  type CredentialPair,
  type Credentials,
} from './credentials.js';

const SavedSchema = lazySchema(() =>
  z.looseObject({
    value: z.array(SynchronizationSecretKeyStringValuePairSchema),
  }),
);

/** What Graph returns for a key it masks. */
const MASKED = '*';

/** The saved keys in clear that `pairs` does not carry, and the values among them to scrub. */
export async function savedInClear(
  core: HttpCore,
  path: string,
  pairs: readonly CredentialPair[],
  secrets: readonly string[],
  options: RequestOptions | undefined,
): Promise<{ kept: CredentialPair[]; secrets: string[] }> {
  const saved = await core.json(
    {
      method: 'GET',
      path,
      // The call's secrets, scrubbed from this read's errors too: a Graph that echoes them
      // anywhere must not get them printed.
      secrets,
      hints: SYNC_READ,
      model: 'synchronizationSecretKeyStringValuePair',
    },
    SavedSchema,
    options,
  );
  const given = new Set(pairs.map((p) => p.key));
  const kept: CredentialPair[] = [];
  for (const { key, value } of saved.value) {
    if (key === undefined || given.has(key)) continue;
    if (typeof value !== 'string' || value === '' || value === MASKED) continue;
    kept.push({ key, value });
  }
  // Scrubbed by the rule every PUT uses: only settings and addresses may be printed (a user
  // name Graph shows in clear is still not echoed in an error).
  const resent = kept.filter((p) => !isPrintable(p.key)).map((p) => p.value);
  return { kept, secrets: resent };
}

/**
 * A PUT of `pairs` with the other saved keys Graph shows in clear sent again (read first), for
 * `secrets.put()` and `secrets.clear()` (`what`): in turn with this client's other writes of
 * these secrets, so that two of them at once do not undo each other.
 */
export async function putKeeping(
  core: HttpCore,
  path: string,
  pairs: readonly CredentialPair[],
  secrets: readonly string[],
  what: string,
  options: RequestOptions | undefined,
): Promise<void> {
  await turnsOf(core).run(path, options?.signal, what, async () => {
    const saved = await savedInClear(core, path, pairs, secrets, options);
    await core.empty(
      {
        method: 'PUT',
        path,
        body: { value: [...pairs, ...saved.kept] },
        secrets: [...secrets, ...saved.secrets],
        hints: SYNC_WRITE,
      },
      options,
    );
  });
}

/**
 * One PUT of a complete set of secrets, for callers that read and merged every saved key
 * themselves (`settings.update()`, `secrets.rotate()`): no second read.
 */
export async function putWhole(
  core: HttpCore,
  path: string,
  credentials: Credentials,
  options: RequestOptions | undefined,
): Promise<void> {
  const { pairs, secrets, unknownKeys } = normalizeCredentials('credentials', credentials);
  warnUnknownKeys(core, unknownKeys);
  await core.empty(
    { method: 'PUT', path, body: { value: pairs }, secrets, hints: SYNC_WRITE },
    options,
  );
}
