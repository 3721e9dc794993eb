/**
 * The main job, end to end: find a gallery app, instantiate it, create its provisioning job,
 * validate and save credentials, start it, wait for the first cycle, then report the job's status
 * and its provisioning events.
 *
 *   npm run demo                  # on the embedded fake Graph, no tenant needed
 *   npm run demo -- --apps 5      # five instances
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
  type ProvisioningSummary,
  type SynchronizationJob,
} from 'entra-provisioning';
import { GALLERY, acceleratedClock, createFakeGraph } from 'entra-provisioning/testing';

const DEFAULT_TEMPLATE = 'Amazon Web Services (AWS)';

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: '1' },
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

const apps = Number(values.apps);
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

async function step<T>(
  label: string,
  work: () => Promise<T>,
  detail: (value: T) => string,
): Promise<T> {
  const started = Date.now();
  if (tty) process.stdout.write(`  ${dim('…')} ${label}`);
  try {
    const value = await work();
    const ms = Date.now() - started;
    const text = `  ${green('✓')} ${label}${detail(value) ? `  ${cyan(detail(value))}` : ''} ${dim(`${String(ms)} ms`)}`;
    if (tty) process.stdout.write(`\r\u001b[2K${text}\n`);
    else line(text);
    return value;
  } catch (error) {
    const text = `  ${red('✗')} ${label}`;
    if (tty) process.stdout.write(`\r\u001b[2K${text}\n`);
    else line(text);
    throw error;
  }
}

function short(id: string): string {
  return id.length > 24 ? `${id.slice(0, 20)}…` : id;
}

function bar(done: number, total: number): string {
  const width = 24;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(done)}/${String(total)}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
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

function printSummary(summary: ProvisioningSummary, title: string): void {
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
    for (const failure of summary.failures) {
      line(
        `    ${red('✗')} ${pad(failure.identity ?? '?', 20)} ${yellow(failure.errorCode ?? '')}`,
      );
      if (failure.reason)
        line(
          `      ${dim(failure.reason.length > 160 ? `${failure.reason.slice(0, 157)}…` : failure.reason)}`,
        );
    }
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

async function configureOne(
  client: ProvisioningClient,
  secretsFor: SecretsFor,
  templateId: string,
  displayName: string,
): Promise<ProvisioningSummary | undefined> {
  const { servicePrincipal } = await step(
    `Instantiate "${displayName}"`,
    () => client.applicationTemplates.instantiate(templateId, { displayName }),
    (r) => `app ${short(r.application.id)} · service principal ${short(r.servicePrincipal.id)}`,
  );
  const sp = client.servicePrincipals.byId(servicePrincipal.id);
  const [template] = await step(
    'Read the synchronization templates',
    () => sp.synchronization.templates.list().toArray(),
    (templates) => templates.map((t) => t.id).join(', '),
  );
  if (template === undefined) throw new Error('This app has no provisioning connector.');
  const created = await step(
    'Create the provisioning job',
    () => sp.synchronization.jobs.create({ templateId: template.id }),
    (j) => `${short(j.id)} (${j.status?.code ?? ''})`,
  );
  const job = sp.synchronization.jobs.byId(created.id);
  const credentials = secretsFor(templateId, template.id);
  if (credentials === undefined) {
    line(
      `  ${yellow('!')} No target-app credentials (set TARGET_APP_SECRETS, or AWS_CLIENT_SECRET and AWS_SECRET_TOKEN): stopping before step 3.`,
    );
    return undefined;
  }
  await step(
    'Validate the credentials',
    () => job.validateCredentials({ credentials }),
    () => '',
  );
  await step(
    'Save the credentials',
    () => sp.synchronization.secrets.put(credentials),
    () => Object.keys(credentials).join(', '),
  );
  await step(
    'Start the job',
    () => job.start(),
    () => '',
  );

  const started = Date.now();
  const done = await job.waitFor(
    (j) => {
      const progress = j.status?.progress?.[0];
      if (tty && progress) {
        process.stdout.write(
          `\r\u001b[2K  ${dim('…')} First provisioning cycle ${bar(progress.completedUnits ?? 0, progress.totalUnits ?? 0)}`,
        );
      }
      return (j.status?.lastExecution ?? null) !== null && (j.status?.progress ?? []).length === 0;
    },
    { pollIntervalMs: live ? 15_000 : 100, timeoutMs: live ? 60 * 60_000 : 30_000 },
  );
  const text = `  ${green('✓')} First provisioning cycle  ${cyan(done.status?.lastExecution?.state ?? '')} ${dim(`${String(Date.now() - started)} ms`)}`;
  if (tty) process.stdout.write(`\r\u001b[2K${text}\n`);
  else line(text);

  printJob(done);
  const events = await client.auditLogs.provisioning
    .list({ filter: { jobId: created.id } })
    .toArray();
  const summary = summarizeProvisioningEvents(events);
  printSummary(summary, 'Provisioning events');
  return summary;
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
  const [template] = await step(
    `Find "${values.template}" in the gallery`,
    () =>
      client.applicationTemplates
        .list({ filter: `displayName eq '${values.template.replace(/'/g, "''")}'` })
        .toArray(),
    (found) => (found[0] === undefined ? 'not found' : found[0].id),
  );
  if (template === undefined)
    throw new Error(`No gallery application is named "${values.template}".`);

  const summaries: ProvisioningSummary[] = [];
  for (let i = 1; i <= apps; i += 1) {
    const displayName = apps === 1 ? baseName : `${baseName} ${String(i)}`;
    line();
    line(bold(displayName));
    const summary = await configureOne(client, secretsFor, template.id, displayName);
    if (summary !== undefined) summaries.push(summary);
  }
  if (summaries.length > 1) {
    line();
    const total = summarizeProvisioningEvents([]);
    const merged = {
      ...total,
      total: summaries.reduce((n, s) => n + s.total, 0),
      byStatus: Object.fromEntries(
        ['success', 'failure', 'skipped', 'warning'].map((k) => [
          k,
          summaries.reduce((n, s) => n + (s.byStatus[k] ?? 0), 0),
        ]),
      ),
    };
    line(
      bold(`All ${String(apps)} apps: ${String(merged.total)} events`) +
        dim(
          ` · ${Object.entries(merged.byStatus)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${k} ${String(n)}`)
            .join(' · ')}`,
        ),
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
