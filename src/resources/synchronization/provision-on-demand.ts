import * as z from 'zod/mini';
import type { ValidationIssue } from '../../core/errors.js';
import { toIssues } from '../../core/validation.js';
import {
  ProvisionOnDemandEventSchema,
  ProvisionOnDemandOutcomeSchema,
  type ProvisionOnDemandResult,
} from '../../models/provision-on-demand.js';

/** One object to provision on demand, with its linked objects for a group. */
export interface ProvisionOnDemandSubject {
  /** The object's id in the source system: a GUID for Entra ID, a DN for Active Directory. */
  objectId: string;
  /** The source object type, e.g. `'User'` or `'Group'` (Graph does not normalise its case). */
  objectTypeName: string;
  /** For a group: the members, owners or manager to provision with it. */
  links?: {
    members?: ProvisionOnDemandSubject[];
    owners?: ProvisionOnDemandSubject[];
    manager?: ProvisionOnDemandSubject;
  };
}

/** Parameters of `job.provisionOnDemand()`. */
export interface ProvisionOnDemandParams {
  /** One entry per synchronization rule: the rule's id in the job's schema and its subjects. */
  parameters: {
    /** Id of a `synchronizationRule` in the job's schema, e.g. `'ea807875-…'` or `'…#V2'`. */
    ruleId: string;
    /** The objects to provision. */
    subjects: ProvisionOnDemandSubject[];
  }[];
}

const NonEmpty = z.string().check(z.minLength(1));

const SubjectSchema = z.strictObject({
  objectId: NonEmpty,
  objectTypeName: NonEmpty,
  get links(): z.ZodMiniOptional<
    z.ZodMiniObject<
      {
        members: z.ZodMiniOptional<z.ZodMiniArray<typeof SubjectSchema>>;
        owners: z.ZodMiniOptional<z.ZodMiniArray<typeof SubjectSchema>>;
        manager: z.ZodMiniOptional<typeof SubjectSchema>;
      },
      z.core.$strict
    >
  > {
    return z.optional(
      z.strictObject({
        members: z.optional(z.array(SubjectSchema)),
        owners: z.optional(z.array(SubjectSchema)),
        manager: z.optional(SubjectSchema),
      }),
    );
  },
});

/** Input schema of provisionOnDemand. */
export const ProvisionOnDemandParamsSchema = z.strictObject({
  parameters: z
    .array(
      z.strictObject({
        ruleId: NonEmpty,
        subjects: z.array(SubjectSchema).check(z.minLength(1)),
      }),
    )
    .check(z.minLength(1)),
});

/** The `{ key, value }` answer, before its two JSON strings are decoded. */
export const ProvisionOnDemandAnswerSchema = z.looseObject({
  key: z.string(),
  value: z.string(),
});

function parseObject(text: string, path: string, issues: ValidationIssue[]): unknown {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    issues.push({ path: [path], message: 'expected a JSON object in the string' });
  } catch {
    issues.push({ path: [path], message: 'expected JSON text in the string' });
  }
  return undefined;
}

/** Decodes Graph's `{ key, value }` JSON strings; issues for anything that cannot be used. */
export function decodeProvisionOnDemand(answer: unknown): {
  result?: ProvisionOnDemandResult;
  issues: ValidationIssue[];
} {
  const issues: ValidationIssue[] = [];
  const pair = ProvisionOnDemandAnswerSchema.safeParse(answer);
  if (!pair.success) return { issues: toIssues(pair.error.issues) };
  const key = parseObject(pair.data.key, 'key', issues);
  const value = parseObject(pair.data.value, 'value', issues);
  if (issues.length > 0) return { issues };
  const outcome = ProvisionOnDemandOutcomeSchema.safeParse(key);
  const event = ProvisionOnDemandEventSchema.safeParse(value);
  if (!outcome.success) issues.push(...toIssues(outcome.error.issues, ['key']));
  if (!event.success) issues.push(...toIssues(event.error.issues, ['value']));
  if (!outcome.success || !event.success) return { issues };
  return {
    issues,
    result: {
      result: outcome.data.result,
      details: outcome.data.details ?? {},
      event: event.data,
      raw: { key: pair.data.key, value: pair.data.value },
    },
  };
}
