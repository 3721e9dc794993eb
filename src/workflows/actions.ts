/**
 * What provisioning an app takes, as typed actions: what `planProvisioning` reports and
 * `configureProvisioning` carries out, from the same steps. Each action prints in one line
 * (`summary`) and as JSON (plain data, no secret: credentials are named by key only).
 */

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
  /** The keys tested (never their values). */
  readonly keys: readonly string[];
}

/** Save the credentials as the job's secrets. */
export interface SaveCredentialsAction extends ActionBase {
  readonly type: 'saveCredentials';
  /** The keys saved (never their values). */
  readonly keys: readonly string[];
}

/** Start the job. */
export interface StartAction extends ActionBase {
  readonly type: 'start';
  /** The job, or `null` when it does not exist yet. */
  readonly jobId: string | null;
}

/**
 * One thing provisioning an app takes. A discriminated union: `switch (action.type)` narrows,
 * and new members may be added (mappings, settings, assignments).
 */
export type ConfigurationAction =
  | InstantiateAction
  | CreateJobAction
  | ValidateCredentialsAction
  | SaveCredentialsAction
  | StartAction;

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
  };
  if (!validate) return [save];
  return [
    {
      type: 'validateCredentials',
      summary: `test the credentials with the target (${list})`,
      keys,
    },
    save,
  ];
}

/** @internal */
export function startAction(jobId: string | null): StartAction {
  return {
    type: 'start',
    summary: jobId === null ? 'start the job' : `start job ${jobId}`,
    jobId,
  };
}
