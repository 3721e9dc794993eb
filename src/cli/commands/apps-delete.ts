/**
 * `apps delete <app> [--yes]`: deletes a gallery app instance. Without `--yes` it only says what
 * would go and exits 2, having sent no write. With it, one DELETE of the application: Microsoft
 * documents that deleting an application registration in its home tenant deletes its service
 * principal too (learn.microsoft.com/entra/identity/enterprise-apps/restore-application), and
 * the provisioning jobs live under the service principal (`servicePrincipals/{id}/synchronization`);
 * nothing documents a need to stop or delete them first. Graph keeps the deleted application and
 * service principal in its deleted items for 30 days (learn.microsoft.com/graph/api/application-delete,
 * learn.microsoft.com/graph/api/resources/directory). Re-runnable: what is already gone is said so,
 * with exit 0, and a failed answer is checked by reading again before anything is reported.
 */
import type { ProvisioningClient } from '../../client.js';
import { appendHint, isGraphError, NotFoundError } from '../../core/errors.js';
import type { Application } from '../../models/index.js';
import { isGuid } from '../../core/path.js';
import { EXIT } from '../command.js';
import type { ActionContext } from '../command.js';
import type { Output } from '../io.js';
import { jobsOf, jobSummary, resolveApp } from './apps-read.js';

/** What `apps delete` deletes, or would: the application, its service principal, its jobs. */
export interface AppDeletion {
  application: { id: string; appId: string | null; displayName: string | null };
  servicePrincipal: { id: string; displayName: string | null } | null;
  jobs: ReturnType<typeof jobSummary>[];
}

/** Where deleted objects go, said after a delete and before one. */
const DELETED_ITEMS =
  "Graph keeps a deleted application and its service principal in the tenant's deleted items for 30 days, where they can be restored (each one: restoring the application does not restore its service principal) or deleted for good.";

/** Runs `apps delete`; resolves with the exit code. */
export async function deleteApp(
  context: ActionContext,
  ref: string,
  yes: boolean,
): Promise<number> {
  const { out, signal } = context;
  const client = await context.client();
  const found = await resolveApp(client, ref, signal);
  if (found === undefined) {
    // A name nothing has is most likely misspelt: a script must not read it as done. An id that
    // resolves to nothing is what a delete leaves behind: re-running it is done (exit 0).
    if (!isGuid(ref)) {
      throw new NotFoundError(
        `no application or service principal is named '${ref}': nothing was deleted. Check the name with apps list; to re-run a delete safely, name the app by its id.`,
      );
    }
    out.result({ deleted: false, found: false, ref }, () => {
      out.line(
        `nothing to delete: no application or service principal has the id or appId ${ref} (deleted already?)`,
      );
    });
    return EXIT.ok;
  }
  const { application, servicePrincipal } = found;
  if (application === undefined) {
    throw new NotFoundError(
      `'${servicePrincipal?.displayName ?? ref}' is a service principal (${servicePrincipal?.id ?? ''}) whose application is not in this tenant: apps delete deletes an application with its service principal, and there is no application here to delete.`,
      { status: 404 },
    );
  }
  const jobs =
    servicePrincipal === undefined ? [] : await jobsOf(client, servicePrincipal.id, signal);
  const target: AppDeletion = {
    application: {
      id: application.id,
      appId: application.appId ?? null,
      displayName: application.displayName ?? null,
    },
    servicePrincipal:
      servicePrincipal === undefined
        ? null
        : { id: servicePrincipal.id, displayName: servicePrincipal.displayName ?? null },
    jobs: jobs.map(jobSummary),
  };
  if (!yes) {
    out.result({ deleted: false, wouldDelete: target }, () => {
      printTarget(out, 'would delete', target);
      out.line(DELETED_ITEMS);
    });
    out.note('nothing deleted: run it again with --yes to delete them');
    return EXIT.usage;
  }
  const alreadyGone = await deleteApplication(client, application, signal);
  out.result({ deleted: !alreadyGone, alreadyGone, ...target }, () => {
    printTarget(out, alreadyGone ? 'already deleted' : 'deleted', target);
    out.line(DELETED_ITEMS);
  });
  return EXIT.ok;
}

/**
 * Deletes the application; resolves with whether it was gone already. Every write may have
 * happened whatever the answer: a 404 (an earlier attempt's answer lost, or someone else's
 * delete) means it is gone; any other failure is checked by reading it again, and reported only
 * if it is still there (or cannot be read).
 */
async function deleteApplication(
  client: ProvisioningClient,
  application: Application,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const options = signal === undefined ? {} : { signal };
  try {
    await client.applications.byId(application.id).delete(options);
    return false;
  } catch (error) {
    if (error instanceof NotFoundError) return true;
    if (!isGraphError(error) || error.kind === 'aborted') throw error;
    let still: boolean;
    try {
      await client.applications.get(application.id, options);
      still = true;
    } catch (reread) {
      if (!(reread instanceof NotFoundError)) {
        throw appendHint(
          error,
          'Whether the application was deleted could not be read back: run the command again (it says so when it is gone).',
        );
      }
      still = false;
    }
    if (still) {
      throw appendHint(
        error,
        'Graph still shows the application: it was not deleted (or not yet everywhere). Run the command again: it says so once it is gone.',
      );
    }
    return false;
  }
}

function printTarget(out: Output, verb: string, target: AppDeletion): void {
  const { bold } = out.colors;
  const { application: app, servicePrincipal: sp, jobs } = target;
  out.line(
    `${verb} application ${bold(`'${app.displayName ?? ''}'`)} (id ${app.id}, appId ${app.appId ?? ''})`,
  );
  out.line(
    sp === null
      ? '  it has no service principal'
      : `  with its service principal ${sp.id}${sp.displayName === app.displayName || sp.displayName === null ? '' : ` ('${sp.displayName}')`}`,
  );
  out.line(
    jobs.length === 0
      ? '  and no provisioning job'
      : `  and its provisioning job${jobs.length === 1 ? '' : 's'} ${jobs.map((j) => `${j.id} (${j.status ?? 'unknown'})`).join(', ')}`,
  );
}
