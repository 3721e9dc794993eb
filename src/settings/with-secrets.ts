import type { RequestOptions } from '../core/options.js';
import { OBSERVE, type RequestObserver } from '../core/request-options.js';

/**
 * `options` whose every request also keeps `secrets` out of its errors, fields and log lines: for
 * an operation given credentials, whose reads (the saved secrets, a job) may echo them too.
 */
export function withSecrets(
  options: RequestOptions | undefined,
  secrets: readonly string[],
): RequestOptions {
  if (secrets.length === 0) return options ?? {};
  const outer = (options as { [OBSERVE]?: RequestObserver } | undefined)?.[OBSERVE];
  const observer: RequestObserver = { ...outer, secrets: [...(outer?.secrets ?? []), ...secrets] };
  return { ...options, [OBSERVE]: observer } as RequestOptions;
}
