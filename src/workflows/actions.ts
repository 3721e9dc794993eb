/**
 * What provisioning an app takes, as typed actions: what `planProvisioning` reports and
 * `configureProvisioning` carries out, from the same steps. Each action prints in one line
 * (`summary`) and as JSON (plain data, no secret: credentials are named by key only).
 */

import type { SchemaChange } from '../schema/changes.js';
import type { SettingChange } from '../settings/settings.js';

/** Fields every action has. */
interface ActionBase {
  /** One line for a person: `instantiate 'AWS Contoso' from Amazon Web Services (AWS)`. */
  readonly summary: string;
}

/** Instantiate the gallery template: creates the application and its service principal. */
export interface InstantiateAction extends ActionBase {
  readonly type: 'instantiate';
  readonly templateId: string;
  readonly displayName: string;
}

/** Create the provisioning job from a synchronization template. */
export interface CreateJobAction extends ActionBase {
  readonly type: 'createJob';
  /**
   * The synchronization template; `null` when the spec leaves it to the app's only one and the
   * app does not exist yet to say which.
   */
  readonly syncTemplateId: string | null;
}

/** Test the credentials with the target app (`validateCredentials`). */
export interface ValidateCredentialsAction extends ActionBase {
  readonly type: 'validateCredentials';
  /**
   * Always `true`: planned on every run whatever is saved, since Graph never shows secret
   * values back to compare with. Not drift: `plan --detailed-exitcode` does not count it.
   */
  readonly unconditional: true;
  /** The keys tested (never their values). */
  readonly keys: readonly string[];
}

/** Save the credentials as the job's secrets. */
export interface SaveCredentialsAction extends ActionBase {
  readonly type: 'saveCredentials';
  /** Always `true`: see {@link ValidateCredentialsAction.unconditional}. */
  readonly unconditional: true;
  /** The keys saved (never their values). */
  readonly keys: readonly string[];
}

/** Start the job. */
export interface StartAction extends ActionBase {
  readonly type: 'start';
  /** The job, or `null` when it does not exist yet. */
  readonly jobId: string | null;
}

/** Pause the job (`enabled: false` in the spec, and the job is scheduled to run). */
export interface PauseAction extends ActionBase {
  readonly type: 'pause';
  /** The job. */
  readonly jobId: string;
}

/** Edit the job's schema: attribute mappings and scoping filters. */
export interface EditSchemaAction extends ActionBase {
  readonly type: 'editSchema';
  /** The changes, each printable; `null` when the job does not exist yet to compare with. */
  readonly changes: readonly SchemaChange[] | null;
}

/** Change provisioning settings kept in the secrets. */
export interface UpdateSettingsAction extends ActionBase {
  readonly type: 'updateSettings';
  /** Each setting changed, typed before and after (`before` `null`: not saved yet). */
  readonly changes: readonly SettingChange[];
}

/** Assign a user or a group to the app. */
export interface AssignAction extends ActionBase {
  readonly type: 'assign';
  readonly principalType: 'User' | 'Group';
  /** The user or group as the spec names it (UPN, name or id). */
  readonly principal: string;
  /** Its object id (`null` only when the plan could not read it). */
  readonly principalId: string | null;
  /** The app role's id; `null` when the app does not exist yet. */
  readonly appRoleId: string | null;
}

/** Remove an assignment the spec does not list (`assignmentsExclusive`). */
export interface UnassignAction extends ActionBase {
  readonly type: 'unassign';
  readonly assignmentId: string;
  readonly principalType: 'User' | 'Group' | 'ServicePrincipal';
  readonly principalId: string;
  readonly principalDisplayName: string | null;
}

/**
 * One thing provisioning an app takes. A discriminated union: `switch (action.type)` narrows,
 * and new members may be added in later versions (handle a `default`).
 */
export type ConfigurationAction =
  | InstantiateAction
  | CreateJobAction
  | ValidateCredentialsAction
  | SaveCredentialsAction
  | EditSchemaAction
  | UpdateSettingsAction
  | AssignAction
  | UnassignAction
  | StartAction
  | PauseAction;

/** The kinds of {@link ConfigurationAction}. */
export type ConfigurationActionType = ConfigurationAction['type'];

/** @internal */
export function instantiateAction(
  templateId: string,
  templateName: string,
  displayName: string,
): InstantiateAction {
  return {
    type: 'instantiate',
    summary: `instantiate '${displayName}' from ${templateName}`,
    templateId,
    displayName,
  };
}

/** @internal */
export function createJobAction(syncTemplateId: string | null): CreateJobAction {
  return {
    type: 'createJob',
    summary: `create the job from ${syncTemplateId === null ? "the app's only synchronization template" : `synchronization template '${syncTemplateId}'`}`,
    syncTemplateId,
  };
}

/** @internal */
export function credentialsActions(
  keys: readonly string[],
  validate: boolean,
): (ValidateCredentialsAction | SaveCredentialsAction)[] {
  const list = keys.join(', ');
  const save: SaveCredentialsAction = {
    type: 'saveCredentials',
    summary: `save the credentials (${list})`,
    keys,
    unconditional: true,
  };
  if (!validate) return [save];
  return [
    {
      type: 'validateCredentials',
      summary: `test the credentials with the target (${list})`,
      keys,
      unconditional: true,
    },
    save,
  ];
}

/** @internal */
export function pauseAction(jobId: string): PauseAction {
  return { type: 'pause', summary: `pause job ${jobId}`, jobId };
}

/** @internal */
export function startAction(jobId: string | null): StartAction {
  return {
    type: 'start',
    summary: jobId === null ? 'start the job' : `start job ${jobId}`,
    jobId,
  };
}

/** @internal */
export function editSchemaAction(
  changes: readonly SchemaChange[] | null,
  objectMappings: readonly string[],
): EditSchemaAction {
  const summary =
    changes === null
      ? `edit the schema (${objectMappings.join(', ')}) once the job exists`
      : `edit the schema: ${changes.map((c) => c.summary).join('; ')}`;
  return { type: 'editSchema', summary, changes };
}

const shown = (value: unknown): string => (value === null ? 'not set' : JSON.stringify(value));

/** @internal */
export function updateSettingsAction(changes: readonly SettingChange[]): UpdateSettingsAction {
  const list = changes.map((c) => `${c.setting} ${shown(c.before)} → ${shown(c.after)}`);
  return { type: 'updateSettings', summary: `update settings: ${list.join('; ')}`, changes };
}

/** @internal */
export function assignAction(
  principalType: 'User' | 'Group',
  principal: string,
  principalId: string | null,
  appRoleId: string | null,
): AssignAction {
  const who = `${principalType === 'User' ? 'user' : 'group'} '${principal}'`;
  const role = appRoleId === null ? '' : ` (app role ${appRoleId})`;
  return {
    type: 'assign',
    summary: `assign ${who}${role}`,
    principalType,
    principal,
    principalId,
    appRoleId,
  };
}

/** @internal */
export function unassignAction(a: {
  assignmentId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  principalId: string;
  principalDisplayName: string | null;
}): UnassignAction {
  const who = `${a.principalType === 'User' ? 'user' : a.principalType === 'Group' ? 'group' : 'service principal'} '${a.principalDisplayName ?? a.principalId}'`;
  return { type: 'unassign', summary: `remove the assignment of ${who}`, ...a };
}

/**
 * Whether an action changes what the tenant shows, i.e. is drift to report; credentials,
 * planned on every run (`unconditional`), are not.
 */
export function isDrift(action: ConfigurationAction): boolean {
  return !('unconditional' in action);
}
