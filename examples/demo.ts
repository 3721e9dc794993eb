/**
 * The main job, end to end, with `client.configureProvisioning()`: find a gallery app,
 * instantiate it, create its provisioning job, validate and save credentials, start it, wait for
 * the first cycle, then report the job's status and its provisioning events. With `--apps N`,
 * `client.configureProvisioningMany()` configures N instances under Graph's write quota, and
 * `auditLogs.provisioning.export()` gathers their events.
 *
 *   npm run demo                  # on the embedded fake Graph, no tenant needed
 *   npm run demo -- --apps 20     # twenty instances
 *   npm run demo -- --beta        # Graph beta
 *   npm run demo -- --live        # real Graph with DefaultAzureCredential (see README)
 *
 * Without --live it uses real Graph only when AZURE_TENANT_ID, AZURE_CLIENT_ID and
 * AZURE_CLIENT_SECRET are all set.
 */
import { parseArgs } from 'node:util';
import {
  ProvisioningClient,
  isGraphError,
  summarizeProvisioningEvents,
  type ConfigureProvisioningResult,
  type ProvisioningObjectSummary,
  type ProvisioningProgress,
  type ProvisioningSpec,
  type ProvisioningSummary,
  type SynchronizationJob,
} from 'entra-provisioning';
import { GALLERY, acceleratedClock, createFakeGraph } from 'entra-provisioning/testing';

const DEFAULT_TEMPLATE = 'Amazon Web Services (AWS)';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    apps: { type: 'string' },
    beta: { type: 'boolean', default: false },
    live: { type: 'boolean', default: false },
    template: { type: 'string', default: DEFAULT_TEMPLATE },
    name: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run demo -- [--apps N] [--beta] [--live] [--template NAME] [--name DISPLAY_NAME]

Configures provisioning for a gallery app on the embedded fake Graph (or real Graph with --live,
or when AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set). On real Graph the
target app's credentials come from TARGET_APP_SECRETS (a JSON object of synchronizationSecret
keys, e.g. {"BaseAddress":"…","SecretToken":"…"}), or for AWS from AWS_CLIENT_SECRET and
AWS_SECRET_TOKEN.`);
  process.exit(0);
}

// `npm run demo --apps 20` (without `--`) reaches the script as a lone `20`: npm takes `--apps`
// for one of its own settings. Accept that spelling too.
if (positionals.length > 1 || (positionals.length === 1 && values.apps !== undefined)) {
  console.error(`Unexpected argument ${positionals.join(' ')}: see npm run demo -- --help`);
  process.exit(2);
}
const apps = Number(values.apps ?? positionals[0] ?? process.env.npm_config_apps ?? '1');
if (!Number.isInteger(apps) || apps < 1 || apps > 500) {
  console.error('--apps must be a whole number from 1 to 500');
  process.exit(2);
}
const apiVersion = values.beta ? 'beta' : 'v1.0';
const baseName =
  values.name ?? (values.template === DEFAULT_TEMPLATE ? 'AWS Contoso' : `${values.template} demo`);
const envCredentials = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'].every(
  (name) => (process.env[name] ?? '') !== '',
);
const live = values.live || envCredentials;

// ---- terminal output ----------------------------------------------------------------------

const tty = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const paint = (code: number) => (text: string) =>
  tty ? `\u001b[${String(code)}m${text}\u001b[0m` : text;
const bold = paint(1);
const dim = paint(2);
const green = paint(32);
const red = paint(31);
const yellow = paint(33);
const cyan = paint(36);

function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(done)}/${String(total)}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The full ids of what the run made or found, to copy into a portal, a script or the CLI. */
function printIds(result: ConfigureProvisioningResult): void {
  line(bold('  Ids'));
  line(`    ${pad('application', 20)}${result.application.id}`);
  line(`    ${pad('appId', 20)}${result.application.appId ?? ''}`);
  line(`    ${pad('service principal', 20)}${result.servicePrincipal.id}`);
  line(`    ${pad('job', 20)}${result.job.id}`);
}

function printJob(job: SynchronizationJob): void {
  const status = job.status;
  const last = status?.lastExecution;
  line(bold('  Job status'));
  line(`    ${pad('code', 16)}${status?.code ?? 'unknown'}`);
  line(
    `    ${pad('schedule', 16)}${job.schedule?.state ?? 'unknown'} (${job.schedule?.interval ?? ''})`,
  );
  if (last !== undefined && last !== null) {
    const began = Date.parse(last.timeBegan ?? '');
    const ended = Date.parse(last.timeEnded ?? '');
    const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
    line(
      `    ${pad('last cycle', 16)}${last.state ?? ''} · ${clock(began)} → ${clock(ended)} UTC (${((ended - began) / 1000).toFixed(1)} s)`,
    );
    line(
      `    ${pad('exported', 16)}${String(last.countExported ?? 0)} of ${String(last.countEntitled ?? 0)} entitled, ${String(last.countEscrowed ?? 0)} escrowed`,
    );
  }
  const counts = (status?.synchronizedEntryCountByType ?? []).map(
    (c) => `${c.key ?? '?'} ${String(c.value ?? 0)}`,
  );
  if (counts.length > 0) line(`    ${pad('synchronized', 16)}${counts.join(' · ')}`);
  if (status?.quarantine) {
    line(
      `    ${pad('quarantine', 16)}${red(status.quarantine.reason ?? '')} ${status.quarantine.error?.code ?? ''}`,
    );
  }
}

/**
 * The events' counts and failures: the first `shown` failures, each with its app when `appOf`
 * names it (an event id to its app's display name), then how many more there are.
 */
function printSummary(
  summary: ProvisioningSummary,
  title: string,
  shown = Infinity,
  appOf?: (eventId: string) => string | undefined,
): void {
  line(bold(`  ${title} (${String(summary.total)} events)`));
  const statuses = ['success', 'failure', 'skipped', 'warning'].filter(
    (s) => (summary.byStatus[s] ?? 0) > 0,
  );
  line(`    ${pad('action', 10)}${statuses.map((s) => pad(s, 10)).join('')}`);
  for (const [action, byStatus] of Object.entries(summary.byActionAndStatus)) {
    line(
      `    ${pad(action, 10)}${statuses.map((s) => pad(String(byStatus[s] ?? 0), 10)).join('')}`,
    );
  }
  if (summary.failures.length > 0) {
    line(bold(`  Failures (${String(summary.failures.length)})`));
    for (const failure of summary.failures.slice(0, shown)) {
      const app = appOf?.(failure.id);
      line(
        `    ${red('✗')} ${app === undefined ? '' : `${pad(app, 16)} `}${pad(failure.identity ?? '?', 20)} ${yellow(failure.errorCode ?? '')}`,
      );
      if (failure.reason)
        line(
          `      ${dim(failure.reason.length > 160 ? `${failure.reason.slice(0, 157)}…` : failure.reason)}`,
        );
    }
    const more = summary.failures.length - Math.min(shown, summary.failures.length);
    if (more > 0)
      line(dim(`    … and ${String(more)} more (${String(summary.failures.length)} in all)`));
  }
}

// ---- the job --------------------------------------------------------------------------------

/** The target app's credentials for a connector (gallery template id, sync template id). */
type SecretsFor = (
  applicationTemplateId: string,
  syncTemplateId: string,
) => Record<string, string> | undefined;

/** TARGET_APP_SECRETS: a JSON object of synchronizationSecret keys and string values. */
function secretsFromEnvironment(): Record<string, string> | undefined {
  const text = process.env.TARGET_APP_SECRETS;
  if (text !== undefined && text !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('TARGET_APP_SECRETS is not valid JSON.');
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed) ||
      Object.values(parsed).some((v) => typeof v !== 'string')
    ) {
      throw new Error('TARGET_APP_SECRETS must be a JSON object of string values.');
    }
    return parsed as Record<string, string>;
  }
  const secret = process.env.AWS_CLIENT_SECRET;
  const token = process.env.AWS_SECRET_TOKEN;
  return secret && token ? { ClientSecret: secret, SecretToken: token } : undefined;
}

/** Plausible values for the fake, for whichever keys the connector requires. */
const DEMO_VALUES: Readonly<Record<string, string>> = {
  BaseAddress: 'https://scim.contoso.example/scim/v2',
  Domain: 'contoso.example',
  InstanceName: 'contoso',
  UserName: 'provisioning@contoso.example',
};

const demoSecrets: SecretsFor = (applicationTemplateId, syncTemplateId) => {
  const connector = GALLERY.find((app) => app.id === applicationTemplateId)?.sync.find(
    (t) => t.id === syncTemplateId,
  );
  return Object.fromEntries(
    (connector?.requiredSecrets ?? []).map((key) => [key, DEMO_VALUES[key] ?? `demo-${key}`]),
  );
};

async function makeClient(): Promise<{ client: ProvisioningClient; secretsFor: SecretsFor }> {
  if (live) {
    const { DefaultAzureCredential } = await import('@azure/identity');
    const secrets = secretsFromEnvironment();
    return {
      client: new ProvisioningClient({ credential: new DefaultAzureCredential(), apiVersion }),
      secretsFor: () => secrets,
    };
  }
  // Provisioning time runs 40 times faster on the fake, so a first cycle takes a fraction of a second.
  const fake = createFakeGraph({ clock: acceleratedClock(40), latencyMs: [2, 6] });
  return { client: fake.client({ apiVersion }), secretsFor: demoSecrets };
}

/** Renders the steps of one configureProvisioning run as they happen. */
function stepPrinter(): (event: ProvisioningProgress) => void {
  let last = Date.now();
  const done = (label: string, detail = ''): void => {
    const ms = Date.now() - last;
    last = Date.now();
    line(`  ${green('✓')} ${label}${detail ? `  ${cyan(detail)}` : ''} ${dim(`${String(ms)} ms`)}`);
  };
  return (event) => {
    switch (event.type) {
      case 'template':
        done('Find the gallery template', `${event.templateName} · ${event.templateId}`);
        break;
      case 'instantiate':
        done(
          event.status === 'reused' ? 'Reuse the existing app' : 'Instantiate the app',
          `service principal ${event.servicePrincipalId}${event.status === 'recovered' ? ' (found after an error)' : ''}`,
        );
        break;
      case 'waitForReplication':
        if (tty)
          process.stdout.write(
            `\r\u001b[2K  ${dim('…')} Waiting for the ${event.object === 'job' ? 'job' : 'service principal'} to replicate (read ${String(event.attempt)})`,
          );
        break;
      case 'createJob':
        if (tty) process.stdout.write('\r\u001b[2K');
        done(
          event.status === 'reused' ? 'Reuse the provisioning job' : 'Create the provisioning job',
          `${event.templateId} · ${event.jobId}`,
        );
        break;
      case 'validateCredentials':
        if (tty) process.stdout.write('\r\u001b[2K');
        done('Replication done; validate the credentials');
        break;
      case 'saveSecrets':
        done('Credentials accepted; save them', event.keys.join(', '));
        break;
      case 'start':
        done(
          event.status === 'started'
            ? 'Start the job'
            : event.status === 'alreadyRunning'
              ? 'The job runs already: not started again'
              : 'Not started (start: false)',
        );
        break;
      case 'retry':
      case 'throttled':
        line(
          `  ${yellow('↻')} ${event.type === 'throttled' ? 'Throttled' : `Retrying ${event.step} (${event.reason})`} ${dim(`in ${String(event.delayMs)} ms`)}`,
        );
        break;
      case 'done':
        break;
    }
  };
}

/** Polls the job until its first cycle has finished, drawing the cycle's progress. */
async function firstCycle(
  client: ProvisioningClient,
  servicePrincipalId: string,
  jobId: string,
  draw: boolean,
): Promise<SynchronizationJob> {
  const job = client.servicePrincipals.byId(servicePrincipalId).synchronization.jobs.byId(jobId);
  return job.waitFor(
    (j) => {
      const progress = j.status?.progress?.[0];
      if (draw && tty && progress) {
        process.stdout.write(
          `\r\u001b[2K  ${dim('…')} First provisioning cycle ${bar(progress.completedUnits ?? 0, progress.totalUnits ?? 0)}`,
        );
      }
      return (j.status?.lastExecution ?? null) !== null && (j.status?.progress ?? []).length === 0;
    },
    { pollIntervalMs: live ? 15_000 : 100, timeoutMs: live ? 60 * 60_000 : 60_000 },
  );
}

async function main(): Promise<void> {
  const { client, secretsFor } = await makeClient();
  line(
    bold('entra-provisioning demo') +
      dim(
        ` · ${live ? 'real Microsoft Graph' : 'embedded fake Graph (no tenant)'} · ${apiVersion} · ${String(apps)} app${apps > 1 ? 's' : ''}`,
      ),
  );
  line();
  // The fake knows each connector's keys; on real Graph they come from the environment.
  const gallery = GALLERY.find((app) => app.displayName === values.template);
  const credentials = secretsFor(gallery?.id ?? '', gallery?.sync[0]?.id ?? '');
  if (credentials === undefined) {
    line(
      `  ${yellow('!')} No target-app credentials (set TARGET_APP_SECRETS, or AWS_CLIENT_SECRET and AWS_SECRET_TOKEN): the jobs are created, not started.`,
    );
  }
  const spec = (displayName: string): ProvisioningSpec => ({
    template: values.template,
    displayName,
    ...(credentials === undefined ? { start: false } : { credentials }),
  });
  // Real Graph replicates in seconds to minutes: keep the SDK's patient defaults there. The fake
  // here replicates at once, so the demo checks more briskly.
  const replication = live ? {} : { intervalMs: 100 };

  if (apps === 1) {
    line(bold(baseName));
    const result = await client.configureProvisioning(spec(baseName), {
      onProgress: stepPrinter(),
      replication,
    });
    printIds(result);
    if (!result.started && result.job.status?.code !== 'Active') return;
    const started = Date.now();
    const done = await firstCycle(client, result.servicePrincipal.id, result.job.id, true);
    const text = `  ${green('✓')} First provisioning cycle  ${cyan(done.status?.lastExecution?.state ?? '')} ${dim(`${String(Date.now() - started)} ms`)}`;
    if (tty) process.stdout.write(`\r\u001b[2K${text}\n`);
    else line(text);
    printJob(done);
    const events = await client.auditLogs.provisioning
      .list({ filter: { jobId: result.job.id } })
      .toArray();
    printSummary(summarizeProvisioningEvents(events), 'Provisioning events');
  } else {
    const specs = Array.from({ length: apps }, (_, i) => spec(`${baseName} ${String(i + 1)}`));
    let finished = 0;
    let throttled = 0;
    const started = Date.now();
    const outcomes = await client.configureProvisioningMany(specs, {
      concurrency: 8,
      replication,
      onProgress: (event) => {
        if (event.type === 'throttled') throttled += 1;
        if (event.type !== 'done') return;
        finished += 1;
        if (tty)
          process.stdout.write(
            `\r\u001b[2K  ${dim('…')} Configuring ${bar(finished, apps)}${throttled > 0 ? dim(` · ${String(throttled)} throttled`) : ''}`,
          );
      },
    });
    if (tty) process.stdout.write('\r\u001b[2K');
    const ok = outcomes.filter((o) => o.ok);
    const created = ok.filter((o) => o.result.created.application).length;
    line(
      `  ${green('✓')} Configured ${String(ok.length)} of ${String(apps)} apps  ${cyan(`${String(created)} created, ${String(ok.length - created)} reused, ${String(ok.filter((o) => o.result.started).length)} started`)} ${dim(`${String(Date.now() - started)} ms`)}`,
    );
    for (const outcome of outcomes) {
      if (!outcome.ok)
        line(
          `  ${red('✗')} ${outcome.spec.displayName}: ${outcome.error.kind}: ${outcome.error.message}`,
        );
    }
    const running = ok.filter((o) => o.result.started || o.result.job.status?.code === 'Active');
    if (running.length === 0) return;
    const cycleStarted = Date.now();
    const jobs = await Promise.all(
      running.map((o) => firstCycle(client, o.result.servicePrincipal.id, o.result.job.id, false)),
    );
    line(
      `  ${green('✓')} First provisioning cycle of ${String(running.length)} jobs ${dim(`${String(Date.now() - cycleStarted)} ms`)}`,
    );
    // Every event of those cycles, exactly once, paced under the reports limit. The range comes
    // from Graph's own timestamps (the fake's clock runs faster than the wall clock).
    const began = jobs.map((j) => Date.parse(j.status?.lastExecution?.timeBegan ?? ''));
    const ended = jobs.map((j) => Date.parse(j.status?.lastExecution?.timeEnded ?? ''));
    const jobIds = new Set(running.map((o) => o.result.job.id));
    const events: ProvisioningObjectSummary[] = [];
    for await (const event of client.auditLogs.provisioning.export({
      since: new Date(Math.min(...began)),
      until: new Date(Math.max(...ended) + 1),
    })) {
      if (jobIds.has(event.jobId ?? '')) events.push(event);
    }
    const summary = summarizeProvisioningEvents(events);
    // Each failure tied to its app: event id → job id → the app's display name.
    const appOfJob = new Map(running.map((o) => [o.result.job.id, o.spec.displayName]));
    const jobOfEvent = new Map(events.map((e) => [e.id, e.jobId ?? '']));
    printSummary(
      summary,
      `Provisioning events of all ${String(running.length)} apps`,
      5,
      (eventId) => appOfJob.get(jobOfEvent.get(eventId) ?? ''),
    );
  }
  line();
  line(green('Done.'));
}

main().catch((error: unknown) => {
  line();
  if (isGraphError(error)) {
    console.error(red(`${error.kind}: ${error.message}`));
    if (error.hint) console.error(yellow(`hint: ${error.hint}`));
  } else {
    console.error(red(error instanceof Error ? error.message : String(error)));
  }
  process.exitCode = 1;
});
