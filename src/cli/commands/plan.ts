/**
 * `plan <manifest>`: what `apply` would do for every app of a manifest (planProvisioningMany),
 * reading only. `--detailed-exitcode` lets a scheduled CI job detect drift.
 */
import type { Command } from 'commander';
import type { ProvisioningClient } from '../../client.js';
import { isDrift, type ConfigurationAction } from '../../workflows/actions.js';
import type { ProvisioningSpec } from '../../workflows/configure.js';
import type { ProvisioningPlanOutcome } from '../../workflows/plan.js';
import { parseCount, resolvePath, UsageError } from '../args.js';
import type { Output } from '../io.js';
import { EXIT, replicationOption, type Define } from '../command.js';

/** `--detailed-exitcode`: the code for "every app planned, some have changes pending". */
export const EXIT_CHANGES = 4;

/** One app of the plan, as `--json` prints it: ids and actions, never credential values. */
export interface PlanRow {
  displayName: string;
  template: string;
  ok: boolean;
  appId?: string | null;
  servicePrincipalId?: string | null;
  jobId?: string | null;
  actions?: readonly ConfigurationAction[];
  error?: { kind: string; message: string; hint?: string };
}

function rowOf(outcome: ProvisioningPlanOutcome): PlanRow {
  const base = { displayName: outcome.spec.displayName, template: outcome.spec.template };
  if (outcome.ok) {
    const { plan } = outcome;
    return {
      ...base,
      template: plan.template.displayName,
      ok: true,
      appId: plan.appId,
      servicePrincipalId: plan.servicePrincipalId,
      jobId: plan.jobId,
      actions: plan.actions,
    };
  }
  const { error } = outcome;
  return {
    ...base,
    ok: false,
    error: {
      kind: error.kind,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    },
  };
}

/** Plans every spec and prints the plan; returns the exit code. */
export async function printPlan(
  out: Output,
  graph: ProvisioningClient,
  specs: readonly ProvisioningSpec[],
  options: {
    concurrency: number;
    signal: AbortSignal | undefined;
    replication: { intervalMs: number } | undefined;
    detailed: boolean;
  },
): Promise<number> {
  const outcomes = await graph.planProvisioningMany(specs, {
    concurrency: options.concurrency,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...replicationOption(options.replication),
  });
  const apps = outcomes.map(rowOf);
  const failed = apps.filter((a) => !a.ok).length;
  // Credentials are saved on every run (Graph never shows them back): not drift.
  const drifted = (a: PlanRow): boolean => (a.actions ?? []).some(isDrift);
  const changed = apps.filter(drifted).length;
  const actions = apps.reduce((n, a) => n + (a.actions?.length ?? 0), 0);
  const summary = {
    total: apps.length,
    withChanges: changed,
    upToDate: apps.length - changed - failed,
    failed,
    actions,
  };
  out.result({ apps, summary }, () => {
    const { green, red, yellow, bold } = out.colors;
    for (const app of apps) {
      if (!app.ok) {
        out.line(`${red('✗')} ${bold(app.displayName)}: ${app.error?.message ?? 'failed'}`);
        continue;
      }
      const list = app.actions ?? [];
      const again = list.length > 0 ? ' (credentials saved again on apply)' : '';
      // Full ids of what exists, so that they can be copied; nothing for what would be created.
      const ids = [
        app.appId == null ? undefined : `appId ${app.appId}`,
        app.servicePrincipalId == null ? undefined : `service principal ${app.servicePrincipalId}`,
        app.jobId == null ? undefined : `job ${app.jobId}`,
      ].filter((x) => x !== undefined);
      const name = `${bold(app.displayName)}${ids.length === 0 ? '' : ` (${ids.join(', ')})`}`;
      out.line(
        !drifted(app)
          ? `${green('✓')} ${name}: up to date${again}`
          : `${yellow('~')} ${name}: ${String(list.length)} action${list.length === 1 ? '' : 's'}`,
      );
      for (const action of list) out.line(`    + ${action.summary}`);
    }
    out.line(
      `${String(summary.total)} apps: ${String(changed)} with changes (${String(actions)} actions), ${String(summary.upToDate)} up to date, ${String(failed)} failed`,
    );
  });
  if (failed > 0) return failed === apps.length ? EXIT.failure : EXIT.partial;
  return options.detailed && changed > 0 ? EXIT_CHANGES : EXIT.ok;
}

/** Registers `plan`. */
export function registerPlan(program: Command, define: Define): void {
  define(
    program
      .command('plan')
      .description(
        'show what apply would do for every app of a manifest (JSON or YAML); reads only',
      )
      .argument('<manifest>', 'manifest file (.json, .yaml or .yml)')
      .option('--concurrency <n>', 'apps planned at once (1-64)', '8')
      .option(
        '--detailed-exitcode',
        `exit ${String(EXIT_CHANGES)} when some app has changes pending (0: none; 1, 3: errors)`,
      )
      .option(
        '--allow-unknown-keys',
        'accept credential keys that are not synchronizationSecret names this version knows',
      ),
    async ({ client, out, io, signal, replication }, command) => {
      const o = command.opts<{
        concurrency: string;
        detailedExitcode?: boolean;
        allowUnknownKeys?: boolean;
      }>();
      const [file] = command.args as [string | undefined];
      if (file === undefined) throw new UsageError('plan needs a manifest file');
      const concurrency = parseCount('--concurrency', o.concurrency, 1, 64);
      // The manifest's schema loads with the commands that read one, not with every start-up.
      const { loadManifest } = await import('../manifest.js');
      const specs = await loadManifest(resolvePath(io.cwd, file), io.env, {
        allowUnknownKeys: o.allowUnknownKeys === true,
      });
      return printPlan(out, await client(), specs, {
        concurrency,
        signal,
        replication: replication(),
        detailed: o.detailedExitcode === true,
      });
    },
  );
}
