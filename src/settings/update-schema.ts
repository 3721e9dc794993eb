/** The shape of a settings change (`settings.update()`, a spec's `settings`): zod only, light to load. */
import * as z from 'zod/mini';

/** A settings change, checked (also a spec's `settings`). */
export const UpdateSchema = z.strictObject({
  syncAll: z.optional(z.boolean()),
  notifications: z.optional(
    z.strictObject({
      enabled: z.boolean(),
      recipients: z.optional(
        z
          .array(
            z
              .string()
              .check(
                z.trim(),
                z.regex(/^[^\s;,|<>@"]+@[^\s;,|<>@"]+$/, 'must be one e-mail address'),
              ),
          )
          .check(
            z.maxLength(
              1,
              "at most one recipient: the separator Graph uses between several in 'Recipients' is not documented",
            ),
          ),
      ),
    }),
  ),
  deleteThreshold: z.optional(
    z.strictObject({
      enabled: z.boolean(),
      value: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1_000_000))),
    }),
  ),
  skipOutOfScopeDeletions: z.optional(z.boolean()),
});
