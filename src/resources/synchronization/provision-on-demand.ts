import { lazySchema } from '../../internal/lazy-schema.js';
import * as z from 'zod/mini';
import type { ValidationIssue } from '../../core/errors.js';
import { toIssues } from '../../core/validation.js';
import {
  ProvisionOnDemandEventSchema,
  ProvisionOnDemandOutcomeSchema,
  type ProvisionOnDemandEvent,
  type ProvisionOnDemandResult,
  type ProvisionOnDemandResultCode,
  type ProvisionOnDemandStep,
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

const SubjectSchema = lazySchema(() =>
  z.strictObject({
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
  }),
);

/** Input schema of provisionOnDemand. */
export const ProvisionOnDemandParamsSchema = lazySchema(() =>
  z.strictObject({
    parameters: z
      .array(
        z.strictObject({
          ruleId: NonEmpty,
          subjects: z.array(SubjectSchema).check(z.minLength(1)),
        }),
      )
      .check(z.minLength(1)),
  }),
);

/** The `{ key, value }` answer, before its two strings are decoded. */
export const ProvisionOnDemandAnswerSchema = lazySchema(() =>
  z.looseObject({
    key: z.string(),
    value: z.string(),
  }),
);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The outcome of a `'steps'` answer, which has none of its own: the worst status of its steps. */
export function outcomeOfSteps(
  steps: readonly ProvisionOnDemandStep[],
): ProvisionOnDemandResultCode {
  // Steps validateResponses 'warn' or 'off' let through may carry anything as their status.
  const statuses = new Set(
    steps.map((s) => (typeof s.status === 'string' ? s.status.toLowerCase() : '')),
  );
  if (statuses.has('failure')) return 'Failure';
  if (statuses.has('warning')) return 'Warning';
  if (steps.length === 0 || statuses.has('skipped')) return 'Skipped';
  return 'Success';
}

/** The events of `value`: a JSON array of them (a `'steps'` answer), or one event. */
function eventsOf(value: unknown, issues: ValidationIssue[]): ProvisionOnDemandEvent[] {
  const items = Array.isArray(value) ? value : [value];
  const events: ProvisionOnDemandEvent[] = [];
  items.forEach((item, i) => {
    const parsed = ProvisionOnDemandEventSchema.safeParse(item);
    const at: (string | number)[] = Array.isArray(value) ? ['value', i] : ['value'];
    if (parsed.success) events.push(parsed.data);
    else {
      issues.push(...toIssues(parsed.error.issues, at));
      // Best effort for validateResponses 'warn' and 'off': an object is kept as it came.
      if (isObject(item)) events.push(item);
    }
  });
  return events;
}

/**
 * Decodes Graph's `{ key, value }` answer, in either of its shapes (see
 * {@link ProvisionOnDemandShape}). Always produces a result (best effort: what cannot be read is
 * left out) and lists the issues `validateResponses: 'throw'` refuses it for.
 */
export function decodeProvisionOnDemand(answer: unknown): {
  result: ProvisionOnDemandResult;
  issues: ValidationIssue[];
} {
  const issues: ValidationIssue[] = [];
  const pair = ProvisionOnDemandAnswerSchema.safeParse(answer);
  if (!pair.success) issues.push(...toIssues(pair.error.issues));
  const raw = {
    key: isObject(answer) && typeof answer.key === 'string' ? answer.key : '',
    value: isObject(answer) && typeof answer.value === 'string' ? answer.value : '',
  };
  const key = parseJson(raw.key);
  const value = parseJson(raw.value);
  if (!value.ok) issues.push({ path: ['value'], message: 'expected JSON text in the string' });
  else if (!Array.isArray(value.value) && !isObject(value.value))
    issues.push({ path: ['value'], message: 'expected a JSON object or array in the string' });
  const events = value.ok ? eventsOf(value.value, issues) : [];
  // Best effort, never a TypeError: only the objects of a real array are steps (the issues
  // above already name anything else).
  const steps = events.flatMap((e): ProvisionOnDemandStep[] =>
    Array.isArray(e.provisioningSteps) ? e.provisioningSteps.filter(isObject) : [],
  );
  const outcome =
    key.ok && isObject(key.value) ? ProvisionOnDemandOutcomeSchema.safeParse(key.value) : undefined;
  if (outcome !== undefined && !outcome.success)
    issues.push(...toIssues(outcome.error.issues, ['key']));
  const documented = outcome?.success === true;
  // The documented answer's key is a JSON outcome; the other one's a type name, with an array.
  if (!documented && outcome === undefined && !(value.ok && Array.isArray(value.value))) {
    issues.push({
      path: ['key'],
      message: 'expected a JSON outcome, or a type name with a JSON array of steps in value',
    });
  }
  const result: ProvisionOnDemandResult = {
    result: documented ? outcome.data.result : outcomeOfSteps(steps),
    details: (documented ? outcome.data.details : undefined) ?? {},
    event: events[0] ?? {},
    events,
    steps,
    shape: documented || outcome !== undefined ? 'outcome' : 'steps',
    raw,
  };
  return { result, issues };
}
