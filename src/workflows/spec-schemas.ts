/**
 * The shapes of a spec's Day-2 fields, zod only: what the SDK checks a spec with and the CLI
 * checks a manifest with (and writes `manifest.schema.json` from), light enough for the CLI to
 * load at start-up.
 */
import * as z from 'zod/mini';
import {
  AttributeFlowBehaviorValues,
  AttributeFlowTypeValues,
} from '../models/synchronization-schema.js';

const OptionShape = {
  flow: z.optional(z.enum(AttributeFlowTypeValues)),
  flowBehavior: z.optional(z.enum(AttributeFlowBehaviorValues)),
  matchingPriority: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1_000))),
  defaultValue: z.optional(z.nullable(z.string())),
  exportMissingReferences: z.optional(z.boolean()),
};

const MappingSchema = z.nullable(
  z.union([
    z.strictObject({ attribute: z.string(), ...OptionShape }),
    z.strictObject({ expression: z.string(), ...OptionShape }),
    z.strictObject({ constant: z.string(), ...OptionShape }),
  ]),
);

const ClauseSchema = z.strictObject({
  attribute: z.string(),
  operator: z.string(),
  value: z.optional(z.union([z.string(), z.array(z.string())])),
});

/** `mappings`: object mapping → target attribute → source, or `null`. */
export const MappingsSchema = z.record(
  z.string().check(z.minLength(1)),
  z.record(z.string().check(z.minLength(1)), MappingSchema),
);
/** `scope`: object mapping → groups (ORed) of clauses (ANDed), or `null`. */
export const ScopesSchema = z.record(
  z.string().check(z.minLength(1)),
  z.nullable(z.array(z.array(ClauseSchema).check(z.minLength(1)))),
);
/** `assignments`: users and groups, each with an optional app role. */
export const AssignmentsSchema = z.array(
  z.union([
    z.strictObject({ user: z.string(), appRole: z.optional(z.string()) }),
    z.strictObject({ group: z.string(), appRole: z.optional(z.string()) }),
  ]),
);
