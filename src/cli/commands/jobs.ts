/** `jobs list|show|start|pause|restart|delete|wait <servicePrincipal>`. */
import type { Command } from 'commander';
import type { ProvisioningClient } from '../../client.js';
import { redactTokenShapes, scrubDeep } from '../../internal/token-shapes.js';
import type { SynchronizationJob, SynchronizationJobRestartScope } from '../../models/index.js';
import { isRunning } from '../../workflows/running.js';
import { parseDuration, UsageError } from '../args.js';
import { resolveJobId, resolveServicePrincipal } from '../context.js';
import type { ActionContext, Define } from '../command.js';
import type { Output } from '../io.js';

const SP_ARG = 'service principal: object id, appId or display name';
// ForceDeletes releases the deletions the accidental-deletion threshold held back.
const SCOPES = [
  'Full',
  'QuarantineState',
  'Watermark',
  'Escrows',
  'ForceDeletes',
  'ConnectorDataStore',
  'None',
];

/** What `jobs list` and `jobs show` print of a job. */
function jobRow(job: SynchronizationJob) {
  const last = job.status?.lastExecution;
  return {
    id: job.id,
    templateId: job.templateId,
    status: job.status?.code,
    schedule: job.schedule?.state,
    lastRun: last?.timeEnded ?? last?.timeBegan,
    lastResult: last?.state,
    quarantine: job.status?.quarantine?.reason,
  };
}

function showJob(out: Output, job: SynchronizationJob): void {
  const { bold } = out.colors;
  const row = jobRow(job);
  const last = job.status?.lastExecution;
  const lines: [string, string | number | null | undefined][] = [
    ['job', row.id],
    ['template', row.templateId],
    ['status', row.status],
    [
      'schedule',
      `${row.schedule ?? ''}${job.schedule?.interval ? ` every ${job.schedule.interval}` : ''}`,
    ],
    [
      'last run',
      row.lastRun === undefined ? undefined : `${row.lastRun} (${row.lastResult ?? ''})`,
    ],
    ['last error', last?.error?.message ?? last?.error?.code],
    ['quarantine', row.quarantine],
    [
      'synchronized',
      (job.status?.synchronizedEntryCountByType ?? [])
        .map((e) => `${String(e.value ?? 0)} ${e.key ?? ''}`)
        .join(', '),
    ],
  ];
  for (const [name, value] of lines) {
    if (value !== undefined && value !== null && value !== '')
      out.line(`${bold(name.padEnd(14))}${value}`);
  }
}

/** The job a command names: service principal argument and optional `--job`. */
async function target(context: ActionContext, command: Command) {
  const [ref] = command.args as [string];
  const { job: jobId } = command.opts<{ job?: string }>();
  const client: ProvisioningClient = await context.client();
  const sp = await resolveServicePrincipal(client, ref, context.signal);
  const id = await resolveJobId(client, sp, jobId, context.signal);
  return { sp, id, job: client.servicePrincipals.byId(sp.id).synchronization.jobs.byId(id) };
}

const call = (signal: AbortSignal | undefined) => (signal === undefined ? {} : { signal });

/** Registers `jobs`. */
export function registerJobs(program: Command, define: Define): void {
  const jobs = program.command('jobs').description("a service principal's provisioning jobs");

  define(
    jobs.command('list').description('list the jobs').argument('<servicePrincipal>', SP_ARG),
    async (context, command) => {
      const [ref] = command.args as [string];
      const client = await context.client();
      const sp = await resolveServicePrincipal(client, ref, context.signal);
      const list = (
        await client.servicePrincipals
          .byId(sp.id)
          .synchronization.jobs.list(call(context.signal))
          .toArray()
      ).map(shown);
      context.out.result(list, () => {
        context.out.table(
          ['job', 'template', 'status', 'schedule', 'last run', 'result'],
          list.map((j) => {
            const r = jobRow(j);
            return [r.id, r.templateId, r.status, r.schedule, r.lastRun, r.lastResult];
          }),
        );
      });
      return undefined;
    },
  );

  define(
    jobs
      .command('show')
      .description('show a job: status, schedule, last run, quarantine')
      .argument('<servicePrincipal>', SP_ARG)
      .option('--job <id>', "job id (default: the service principal's only job)"),
    async (context, command) => {
      const { job } = await target(context, command);
      const read = shown(await job.get(call(context.signal)));
      context.out.result(read, () => {
        showJob(context.out, read);
      });
      return undefined;
    },
  );

  for (const [name, description] of [
    ['start', 'start the job (a running job is not started again unless --force)'],
    ['pause', 'pause the job'],
  ] as const) {
    const command = jobs
      .command(name)
      .description(description)
      .argument('<servicePrincipal>', SP_ARG)
      .option('--job <id>', "job id (default: the service principal's only job)");
    if (name === 'start') command.option('--force', 'start even if the job is running');
    define(command, async (context, self) => {
      const { job, id } = await target(context, self);
      if (name === 'start' && self.opts<{ force?: boolean }>().force !== true) {
        const now = await job.get(call(context.signal));
        if (isRunning(now)) {
          // Microsoft warns that starting a running job can stop the service.
          context.out.result(
            { jobId: id, action: 'start', done: false, reason: 'alreadyRunning' },
            () => {
              context.out.line(`job ${id} is running: not started again (--force to insist)`);
            },
          );
          return undefined;
        }
      }
      if (name === 'start') await job.start(call(context.signal));
      else await job.pause(call(context.signal));
      context.out.result({ jobId: id, action: name, done: true }, () => {
        context.out.line(`${name === 'start' ? 'started' : 'paused'} job ${id}`);
      });
      return undefined;
    });
  }

  define(
    jobs
      .command('restart')
      .description('restart the job, optionally resetting state')
      .argument('<servicePrincipal>', SP_ARG)
      .option('--job <id>', "job id (default: the service principal's only job)")
      .option('--scope <flags>', `reset scope, comma-separated: ${SCOPES.join(', ')}`),
    async (context, command) => {
      const { scope } = command.opts<{ scope?: string }>();
      const flags = scope === undefined ? [] : scope.split(',').map((s) => s.trim());
      for (const flag of flags) {
        if (!SCOPES.includes(flag)) {
          // The value is not shown: a value typed in the wrong place may be a secret.
          throw new UsageError(`--scope takes only ${SCOPES.join(', ')}`);
        }
      }
      const { job, id } = await target(context, command);
      await job.restart(
        flags.length === 0 ? {} : { resetScope: flags as SynchronizationJobRestartScope[] },
        call(context.signal),
      );
      context.out.result({ jobId: id, action: 'restart', resetScope: flags, done: true }, () => {
        context.out.line(
          `restarted job ${id}${flags.length > 0 ? ` (reset: ${flags.join(', ')})` : ''}`,
        );
      });
      return undefined;
    },
  );

  define(
    jobs
      .command('delete')
      .description('delete the job (its provisioning stops; the application stays)')
      .argument('<servicePrincipal>', SP_ARG)
      .option('--job <id>', "job id (default: the service principal's only job)")
      .option('--yes', 'confirm: required, as nothing asks'),
    async (context, command) => {
      if (command.opts<{ yes?: boolean }>().yes !== true) {
        throw new UsageError('jobs delete needs --yes: the job and its state are removed');
      }
      const { job, id } = await target(context, command);
      await job.delete(call(context.signal));
      context.out.result({ jobId: id, action: 'delete', done: true }, () => {
        context.out.line(`deleted job ${id}`);
      });
      return undefined;
    },
  );

  define(
    jobs
      .command('wait')
      .description('wait until the job runs, reaches steady state, or is quarantined')
      .argument('<servicePrincipal>', SP_ARG)
      .option('--job <id>', "job id (default: the service principal's only job)")
      .option('--for <state>', 'running | steadyState | quarantined', 'steadyState')
      .option('--timeout <duration>', 'give up after this long, e.g. 30m', '10m')
      .option('--interval <duration>', 'time between two reads, e.g. 30s', '10s'),
    async (context, command) => {
      const o = command.opts<{ for: string; timeout: string; interval: string }>();
      if (!['running', 'steadyState', 'quarantined'].includes(o.for)) {
        throw new UsageError('--for must be running, steadyState or quarantined');
      }
      const timeoutMs = parseDuration('--timeout', o.timeout, { wait: true });
      const pollIntervalMs = parseDuration('--interval', o.interval, { wait: true });
      const { job } = await target(context, command);
      context.out.note(context.out.colors.dim(`waiting for ${o.for} (up to ${o.timeout})…`));
      const done = shown(
        await job.waitFor(o.for as 'running' | 'steadyState' | 'quarantined', {
          timeoutMs,
          pollIntervalMs,
          ...call(context.signal),
        }),
      );
      context.out.result(done, () => {
        showJob(context.out, done);
      });
      return undefined;
    },
  );
}

/**
 * A job as the CLI shows it: also scrubbed of anything shaped like a token (`Bearer …`, a JWT), as
 * the health report's jobs are: its error can quote the bearer token the provisioning service
 * sent the app, which the CLI never knew. A job holds no names to mistake for one.
 */
function shown(job: SynchronizationJob): SynchronizationJob {
  return scrubDeep(job, redactTokenShapes);
}
