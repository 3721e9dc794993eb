import * as z from 'zod/mini';
import { nullishString } from './shared.js';
import { openEnum, type OpenEnum } from './common.js';
import { ModifiedPropertySchema } from './provisioning-logs.js';
import type { ProvisionOnDemandEvent, ProvisionOnDemandStep } from './types.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type {
  ProvisionOnDemandOutcome,
  ProvisionOnDemandStep,
  ProvisionOnDemandIdentity,
  ProvisionOnDemandSystem,
  ProvisionOnDemandEvent,
} from './types.js';

/**
 * provisionOnDemand returns one `stringKeyStringValuePair` whose two strings are JSON documents
 * that Graph's metadata does not describe. These schemas type them from Microsoft's documented
 * examples; every object stays loose, since their casing and content differ from the
 * provisioning logs' (`type` rather than `provisioningStepType`, `Success` rather than
 * `success`).
 */

/** Members of an on-demand provisioning's outcome documented by Microsoft. */
export const ProvisionOnDemandResultCodeValues = [
  'Success',
  'Skipped',
  'Failure',
  'Warning',
] as const;
/** Outcome of an on-demand provisioning (`Success`, `Skipped`, `Failure`, …), open to values added later. */
export type ProvisionOnDemandResultCode = OpenEnum<
  (typeof ProvisionOnDemandResultCodeValues)[number]
>;
/** Schema of {@link ProvisionOnDemandResultCode}. */
export const ProvisionOnDemandResultCodeSchema =
  openEnum<(typeof ProvisionOnDemandResultCodeValues)[number]>();

/** The `key` document of a provisionOnDemand answer: the outcome and its details. */
export const ProvisionOnDemandOutcomeSchema = lazySchema(() =>
  z.looseObject({
    /** `Success`, `Skipped`, `Failure`… */
    result: ProvisionOnDemandResultCodeSchema,
    /** e.g. `{ errorCode: 'RedundantExport', errorMessage: '…' }`. */
    details: z.nullish(z.record(z.string(), z.unknown())),
  }),
);

/** One step of an on-demand provisioning (import, matching, scoping, export…). */
export const ProvisionOnDemandStepSchema = lazySchema(() =>
  z.looseObject({
    name: nullishString,
    /** `Import`, `Matching`, `Scoping`, `Export`… (capitalised, unlike the logs). */
    type: nullishString,
    /** `Success`, `Skipped`, `Failure`… */
    status: nullishString,
    description: nullishString,
    timestamp: nullishString,
    details: z.nullish(z.record(z.string(), z.unknown())),
  }),
);

/** A source or target identity of an on-demand provisioning. */
export const ProvisionOnDemandIdentitySchema = lazySchema(() =>
  z.looseObject({
    id: nullishString,
    /** e.g. `User`, `user`, or a SCIM schema URN. */
    type: nullishString,
    displayName: nullishString,
    details: z.nullish(z.record(z.string(), z.unknown())),
  }),
);

/** A source or target system of an on-demand provisioning. */
export const ProvisionOnDemandSystemSchema = lazySchema(() =>
  z.looseObject({
    id: nullishString,
    name: nullishString,
    details: z.nullish(z.record(z.string(), z.unknown())),
  }),
);

/** The `value` document of a provisionOnDemand answer: what happened (empty for a group run). */
export const ProvisionOnDemandEventSchema = lazySchema(() =>
  z.looseObject({
    action: nullishString,
    changeId: nullishString,
    startTime: nullishString,
    endTime: nullishString,
    reportableIdentifier: nullishString,
    modifiedProperties: z.nullish(z.array(ModifiedPropertySchema)),
    provisioningSteps: z.nullish(z.array(ProvisionOnDemandStepSchema)),
    statusInfo: z.nullish(
      z.looseObject({
        status: nullishString,
        errorCode: nullishString,
        reason: nullishString,
        additionalDetails: nullishString,
        errorCategory: nullishString,
        recommendedAction: nullishString,
      }),
    ),
    sourceIdentity: z.nullish(ProvisionOnDemandIdentitySchema),
    sourceSystem: z.nullish(ProvisionOnDemandSystemSchema),
    targetIdentity: z.nullish(ProvisionOnDemandIdentitySchema),
    targetSystem: z.nullish(ProvisionOnDemandSystemSchema),
  }),
);

/**
 * Which of Graph's two answers a provisionOnDemand result came from:
 * - `'outcome'`: the documented one, `key` a JSON outcome (`{"result":"Success","details":{…}}`)
 *   and `value` a JSON event;
 * - `'steps'`: the one Graph has been seen to send for cross-tenant and SCIM jobs (beta and
 *   v1.0), `key` a .NET type name (`Microsoft.Identity.Health.CPP.Common.DataContracts.SyncFabric.StatusInfo`)
 *   and `value` a JSON array of `{ provisioningSteps: [...] }`.
 */
export type ProvisionOnDemandShape = 'outcome' | 'steps';

/** What `job.provisionOnDemand()` resolves to: Graph's two strings, decoded and typed. */
export interface ProvisionOnDemandResult {
  /**
   * The outcome, e.g. `'Success'` or `'Skipped'`. In a `'steps'` answer Graph gives none, so it
   * is read from the steps: `'Failure'` when a step failed, else `'Warning'` when one warned,
   * else `'Skipped'` when one was skipped or there is no step, else `'Success'`.
   */
  readonly result: ProvisionOnDemandResultCode;
  /** Details of the outcome, e.g. `{ errorCode: 'RedundantExport', errorMessage: '…' }` (`{}` in a `'steps'` answer). */
  readonly details: Readonly<Record<string, unknown>>;
  /** What happened to the object (the first event; an empty object for a group with members). */
  readonly event: ProvisionOnDemandEvent;
  /** Every event Graph returned: one in an `'outcome'` answer, one per entry of a `'steps'` answer. */
  readonly events: readonly ProvisionOnDemandEvent[];
  /** Every provisioning step of every event, in order, whichever answer Graph gave. */
  readonly steps: readonly ProvisionOnDemandStep[];
  /** Which of Graph's two answers this was. */
  readonly shape: ProvisionOnDemandShape;
  /** Graph's answer as it came: `{ key, value }`, two strings. */
  readonly raw: { readonly key: string; readonly value: string };
}
