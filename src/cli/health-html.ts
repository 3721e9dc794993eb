/**
 * The provisioning health report as one self-contained HTML page: a person opens it from disk,
 * mails it or prints it. Nothing in it loads anything (a Content-Security-Policy says so to the
 * browser too): inline CSS, inline SVG and a few lines of inline JavaScript.
 *
 * Everything Graph returns (names, reasons, error codes and messages, ids) is untrusted: it only
 * ever reaches the page through {@link esc}, and only http(s) URLs become links.
 */
import { createHash } from 'node:crypto';
import { duration, timeOf } from '../health/grade.js';
import {
  JOB_HEALTH_ORDER,
  type JobHealth,
  type JobHealthEntry,
  type ProvisioningHealthReport,
  type UnreadableServicePrincipal,
} from '../health/types.js';
import type { SynchronizationTaskExecution } from '../models/synchronization.js';

/** The colour of a run by its outcome (`disabled` grey for an outcome Graph adds later). */
const STATE_HEALTH: Readonly<Record<string, JobHealth>> = {
  Succeeded: 'healthy',
  EntryLevelErrors: 'warning',
  Failed: 'unhealthy',
};

/** A mark on a timeline: a run or a cycle with failures, from `from` to `to` (ms). */
type Mark = Readonly<
  Record<'from' | 'to' | 'y' | 'height', number> & Record<'css' | 'title', string>
>;

/** Error codes charted; the rest are summed in one line, so a noisy tenant stays readable. */
const MAX_ERROR_CODES = 15;

/**
 * Per health: its label, then [fill, text on fill] in light, then dark colours. Text on a fill
 * has a contrast of at least 4.5:1, and every fill at least 3:1 with its background.
 */
const HEALTH: Readonly<Record<JobHealth, readonly [string, string, string, string, string]>> = {
  quarantined: ['Quarantined', '#a4133c', '#fff', '#ff6b8b', '#0d1117'],
  unhealthy: ['Unhealthy', '#c2410c', '#fff', '#ff8c42', '#0d1117'],
  warning: ['Warning', '#e3a008', '#1b1f24', '#f5c542', '#0d1117'],
  notStarted: ['Not started', '#3b5bdb', '#fff', '#8ea6ff', '#0d1117'],
  disabled: ['Disabled', '#6e7781', '#fff', '#a3acb5', '#0d1117'],
  healthy: ['Healthy', '#1f7a33', '#fff', '#4cc36a', '#0d1117'],
};
const label = (h: JobHealth): string => HEALTH[h][0];

const vars = (dark: boolean): string =>
  JOB_HEALTH_ORDER.map((h) => {
    const [, fill, text, darkFill, darkText] = HEALTH[h];
    return `--c-${h}:${dark ? darkFill : fill};--t-${h}:${dark ? darkText : text};`;
  }).join('');

// Static: the same for every report, so the CSP can allow exactly it by hash.
const CSS = `
:root{color-scheme:light dark;--bg:#f6f8fa;--fg:#1f2328;--muted:#59636e;--card:#fff;--line:#d1d9e0;--link:#0950c3;${vars(false)}}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--card:#161b22;--line:#30363d;--link:#4493f8;${vars(true)}}}
*{box-sizing:border-box}body{margin:0;padding:24px clamp(12px,3vw,40px);background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:0 0 12px}a{color:var(--link)}code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.muted{color:var(--muted)}.small{font-size:12px}section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:16px 0}
.fleet{display:flex;gap:24px;align-items:center;flex-wrap:wrap}.donut{width:132px;height:132px;flex:none}.donut text{fill:var(--fg);text-anchor:middle}
.cards{display:flex;gap:10px;flex-wrap:wrap;flex:1}.cards button{font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-left-width:6px;border-radius:8px;padding:8px 14px;min-width:112px;text-align:left;cursor:pointer}
.cards button[aria-pressed=true]{outline:2px solid var(--fg);outline-offset:1px}.cards b{display:block;font-size:30px;line-height:1.1}
.badge{display:inline-block;padding:2px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
table{width:100%;border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:8px;border-top:1px solid var(--line)}
th{font-size:12px;color:var(--muted);font-weight:600;border-top:0}td ul{margin:0;padding-left:18px}
.quarantine{border-left:3px solid var(--c-quarantined);padding-left:8px}.soon{color:var(--c-quarantined);font-weight:600}
.timeline{width:240px;height:32px;display:block}.axis{stroke:var(--line)}.now{stroke:var(--muted);stroke-dasharray:2 2}
.range{display:flex;justify-content:space-between;width:240px}
.ids code{font-size:11px;color:var(--muted)}.when{white-space:nowrap}
.legend{display:flex;gap:4px 16px;flex-wrap:wrap;margin-top:10px}.legend svg{width:12px;height:12px;vertical-align:-1px}
.jobs th:nth-child(1){width:104px}.jobs th:nth-child(2){width:24%}.jobs th:nth-child(4){width:112px}.jobs th:nth-child(5){width:256px}
.unreadable th:nth-child(1){width:30%}.unreadable th:nth-child(2){width:150px}
.bars{display:grid;grid-template-columns:minmax(120px,max-content) minmax(120px,1fr) auto;gap:6px 12px;align-items:center}
.bars svg{width:100%;height:14px;display:block}.bars rect{fill:var(--c-unhealthy)}
${JOB_HEALTH_ORDER.map((h) => `.f-${h}{fill:var(--c-${h})}.s-${h}{stroke:var(--c-${h})}.b-${h}{background:var(--c-${h});color:var(--t-${h})}.cards .k-${h}{border-left-color:var(--c-${h})}`).join('\n')}
@media print{:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#444;--card:#fff;--line:#bbb;--link:#000;${vars(false)}}
body{padding:0}section{break-inside:avoid-page;border-color:#bbb}tr{break-inside:avoid}
.hint,.host{display:none}.cards button{cursor:default}a[href]::after{content:" (" attr(href) ")";font-size:11px;overflow-wrap:anywhere}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

// Static too. Progressive: without it the page shows everything, in UTC.
const SCRIPT = `
for (const t of document.querySelectorAll('time[datetime]')) {
  const d = new Date(t.dateTime);
  if (!Number.isNaN(d.getTime())) t.textContent = d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
const rows = [...document.querySelectorAll('[data-job-row]')];
const buttons = [...document.querySelectorAll('button[data-filter]')];
let shown = null;
for (const button of buttons) {
  button.addEventListener('click', () => {
    shown = shown === button.dataset.filter ? null : button.dataset.filter;
    for (const row of rows) row.hidden = shown !== null && row.dataset.health !== shown;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.filter === shown));
  });
}
`;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64');
// No source at all may load; only the page's own style and script run.
const CSP = `default-src 'none'; style-src 'sha256-${sha256(CSS)}'; script-src 'sha256-${sha256(SCRIPT)}'; base-uri 'none'; form-action 'none'`;

/**
 * Renders a provisioning health report as one self-contained HTML page: the fleet by health
 * (a donut and one count per health, which filter the table), the jobs worst first with their
 * reasons, last success, a fix link and a timeline of recent cycles, failures by error code when
 * logs were read, the service principals that could not be read, and when it was generated.
 *
 * The page loads nothing (no scripts, styles, fonts or images from anywhere, enforced by its
 * Content-Security-Policy), follows the light or dark colour scheme and prints on white. Every
 * value from Graph is HTML-escaped, and only http(s) URLs become links.
 *
 * @param report - What `client.provisioningHealth()` returned.
 * @returns The HTML document, UTF-8 text.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 *
 * const report = await client.provisioningHealth({ logs: { since: new Date(Date.now() - 86_400_000) } });
 * await writeFile('health.html', renderHealthHtml(report));
 * ```
 */
export function renderHealthHtml(report: ProvisioningHealthReport): string {
  const now = timeOf(report.generatedAt) ?? Date.now();
  const { summary } = report;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Provisioning health: ${esc(summary.jobs)} job${summary.jobs === 1 ? '' : 's'}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>Provisioning health</h1>
<p class="muted" data-generated-at="${esc(report.generatedAt)}">Generated ${time(report.generatedAt)} · ${esc(summary.jobs)} jobs on ${esc(summary.servicePrincipals)} service principals · ${esc(summary.unreadable)} unreadable · ${esc(report.requests)} Graph requests</p>
</header>
${fleetSection(report)}
${jobsSection(report.jobs, now)}
${errorCodesSection(report)}
${unreadableSection(report.unreadable)}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function fleetSection(report: ProvisioningHealthReport): string {
  const cards = JOB_HEALTH_ORDER.map((h) => {
    const n = report.summary[h];
    return `<button type="button" class="k-${h}" data-filter="${h}" aria-pressed="false" title="Show only ${label(h).toLowerCase()} jobs"><b data-health-count="${h}">${esc(n)}</b>${label(h)}</button>`;
  }).join('');
  return `<section aria-labelledby="fleet">
<h2 id="fleet">The fleet at a glance</h2>
<div class="fleet">${donut(report)}<div class="cards">${cards}</div></div>
<p class="muted small hint">Select a count to show only its jobs; select it again to show all.</p>
</section>`;
}

/** Counts per health as a donut: a circle of circumference 100, one dashed stroke per health. */
function donut(report: ProvisioningHealthReport): string {
  const total = JOB_HEALTH_ORDER.reduce((sum, h) => sum + report.summary[h], 0);
  let offset = 25; // start at 12 o'clock
  const arcs = JOB_HEALTH_ORDER.filter((h) => report.summary[h] > 0).map((h) => {
    const share = (report.summary[h] / total) * 100;
    const arc = `<circle class="s-${h}" cx="21" cy="21" r="15.915" fill="none" stroke-width="6" stroke-dasharray="${fmt(share)} ${fmt(100 - share)}" stroke-dashoffset="${fmt(offset)}"><title>${label(h)}: ${esc(report.summary[h])}</title></circle>`;
    offset -= share;
    return arc;
  });
  const aria = `${String(total)} job${total === 1 ? '' : 's'}: ${JOB_HEALTH_ORDER.map((h) => `${String(report.summary[h])} ${label(h).toLowerCase()}`).join(', ')}`;
  return `<svg class="donut" viewBox="0 0 42 42" role="img" aria-label="${esc(aria)}">
<circle cx="21" cy="21" r="15.915" fill="none" class="axis" stroke-width="6"/>${arcs.join('')}
<text x="21" y="22" font-size="9" font-weight="700">${esc(total)}</text><text x="21" y="28" font-size="3.5">jobs</text></svg>`;
}

function jobsSection(jobs: readonly JobHealthEntry[], now: number): string {
  const rows =
    jobs.length === 0
      ? '<tr><td colspan="5" class="muted">No provisioning jobs found.</td></tr>'
      : jobs.map((entry) => jobRow(entry, now)).join('\n');
  return `<section aria-labelledby="jobs">
<h2 id="jobs">Jobs, worst first</h2>
<table class="jobs">
<thead><tr><th>Health</th><th>App and job</th><th>Why, and what to do</th><th>Last success</th><th>Recent cycles</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${LEGEND}
</section>`;
}

/** What the timeline's marks mean: colour is never the only cue, each lane has its place. */
const LEGEND = ((): string => {
  const item = (shape: string, text: string): string =>
    `<span><svg viewBox="0 0 12 12" aria-hidden="true">${shape}</svg> ${text}</span>`;
  const bar = (h: JobHealth, text: string): string =>
    item(`<rect class="f-${h}" x="2" y="0" width="8" height="12" rx="1"/>`, text);
  return `<div class="legend small muted"><span>Recent cycles, top lane: the last run and last success,</span>${[
    bar('healthy', 'succeeded'),
    bar('warning', 'object-level errors'),
    bar('unhealthy', 'failed;'),
    '<span>bottom lane:</span>',
    bar('unhealthy', 'a cycle with failed events (taller: more)'),
    item(
      '<line class="s-quarantined" x1="6" x2="6" y1="0" y2="12" stroke-width="2"/>',
      'quarantine began',
    ),
    item('<line class="now" x1="6" x2="6" y1="0" y2="12"/>', 'now'),
  ].join('')}</div>`;
})();

function jobRow(entry: JobHealthEntry, now: number): string {
  const health = knownHealth(entry.health);
  const sp = entry.servicePrincipal;
  const name = nonEmpty(sp.displayName) ?? '(no name)';
  const success = runTime(entry.lastSuccessfulRun);
  return `<tr data-job-row data-health="${esc(entry.health)}" data-job-id="${esc(entry.job.id)}">
<td>${badge(health, entry.health)}</td>
<td><strong><bdi data-app-name>${esc(name)}</bdi></strong><div class="ids small muted">job <code>${esc(entry.job.id)}</code><br>service principal <code>${esc(sp.id)}</code></div></td>
<td>${whyCell(entry)}</td>
<td>${success === undefined ? '<span class="muted">never</span>' : `<span class="when">${esc(ago(now, success))}</span><br><span class="small muted">${time(new Date(success).toISOString())}</span>`}</td>
<td>${timeline(entry, now)}</td>
</tr>`;
}

function whyCell(entry: JobHealthEntry): string {
  const q = entry.quarantine;
  // The grade's first reason restates the quarantine, shown in full below: list only the rest.
  const reasons = q === undefined ? entry.reasons : entry.reasons.slice(1);
  const parts: string[] = [];
  if (q !== undefined) {
    const began = q.seriesBegan ?? q.since;
    const when = [
      began === undefined ? '' : `since ${time(began)}`,
      q.seriesCount === undefined ? '' : `kept ${esc(q.seriesCount)} times`,
      q.nextAttempt === undefined ? '' : `next attempt ${time(q.nextAttempt)}`,
    ].filter((s) => s !== '');
    parts.push(`<div class="quarantine" data-quarantine><strong>Quarantined: <code>${esc(q.reason)}</code></strong>
<div data-explanation>${esc(q.explanation)}</div>${when.length > 0 ? `<div class="small muted">${when.join(' · ')}</div>` : ''}${
      q.disablesAt === undefined
        ? ''
        : `<div class="small${q.disablesSoon === true ? ' soon' : ''}">Microsoft disables it on ${time(q.disablesAt)} if it stays quarantined</div>`
    }</div>`);
  }
  if (reasons.length > 0)
    parts.push(`<ul>${reasons.map((r) => `<li data-reason>${esc(r)}</li>`).join('')}</ul>`);
  if (entry.fixUrl !== undefined) parts.push(`<div>${link(entry.fixUrl, 'How to fix it')}</div>`);
  return parts.length === 0 ? '<span class="muted">Nothing to do</span>' : parts.join('\n');
}

/**
 * The job's recent activity on one line: the last run and last success (coloured by outcome),
 * the cycles that had failed events, when its quarantine began, and now on the right edge.
 */
function timeline(entry: JobHealthEntry, now: number): string {
  const W = 240;
  // Runs hang from the top; failed cycles stand on the axis, their height their count.
  const marks: Mark[] = [];
  const addRun = (run: SynchronizationTaskExecution | undefined, what: string): void => {
    const from = timeOf(run?.timeBegan) ?? timeOf(run?.timeEnded);
    if (run === undefined || from === undefined) return;
    const to = timeOf(run.timeEnded) ?? from;
    const state = run.state ?? 'unknown';
    // Own keys only: a state Graph names `__proto__` or `constructor` is one it added later.
    const css = `f-${(Object.hasOwn(STATE_HEALTH, state) ? STATE_HEALTH[state] : undefined) ?? 'disabled'}`;
    marks.push({ from, to, y: 2, height: 11, css, title: `${what}: ${state}` });
  };
  addRun(entry.lastRun, 'last run');
  if (entry.lastSuccessfulRun?.timeBegan !== entry.lastRun?.timeBegan)
    addRun(entry.lastSuccessfulRun, 'last success');
  const cycles = entry.counts?.cycles ?? [];
  const most = Math.max(1, ...cycles.map((c) => c.failed));
  for (const c of cycles) {
    const from = timeOf(c.first);
    if (from === undefined) continue;
    const title = `cycle ${c.cycleId}: ${String(c.failed)} failed event${c.failed === 1 ? '' : 's'}`;
    // Taller for more failed events: the worst cycle of the job fills its lane.
    const height = 3 + 8 * (c.failed / most);
    marks.push({
      from,
      to: timeOf(c.last) ?? from,
      y: 29 - height,
      height,
      css: 'f-unhealthy',
      title,
    });
  }
  const since = timeOf(entry.quarantine?.since);
  if (marks.length === 0 && since === undefined) return '<span class="muted">never ran</span>';
  const start = Math.min(now - 3_600_000, since ?? now, ...marks.map((m) => m.from));
  const span = (now - start) * 1.04; // a little room so the oldest mark is not cut at the edge
  const x = (t: number): number => W - ((now - t) / span) * W;
  const rects = marks.map((m) => {
    const x0 = Math.max(0, x(m.from));
    const width = Math.max(4, x(m.to) - x0);
    return `<rect class="${m.css}" x="${fmt(Math.min(x0, W - 4))}" y="${fmt(m.y)}" width="${fmt(width)}" height="${fmt(m.height)}" rx="1"><title>${esc(m.title)}</title></rect>`;
  });
  const q =
    since === undefined
      ? ''
      : `<line class="s-quarantined" x1="${fmt(x(since))}" x2="${fmt(x(since))}" y1="0" y2="29" stroke-width="2"><title>quarantined since ${esc(entry.quarantine?.since)}</title></line>`;
  const counts = entry.counts;
  return `<svg class="timeline" viewBox="0 0 ${String(W)} 32" role="img" data-timeline aria-label="${esc(timelineLabel(entry))}">
<line class="axis" x1="0" x2="${String(W)}" y1="29.5" y2="29.5"/>${rects.join('')}${q}<line class="now" x1="${String(W - 0.5)}" x2="${String(W - 0.5)}" y1="0" y2="32"/></svg>
<div class="range small muted"><span>${esc(duration(now - start))} ago</span><span>now</span></div>${
    counts === undefined
      ? ''
      : counts.failedEvents === 0
        ? '<div class="small muted">no failed events in the logs read</div>'
        : `<div class="small">${esc(counts.failedEvents)} failed event${counts.failedEvents === 1 ? '' : 's'} in ${esc(counts.cycles.length)} cycle${counts.cycles.length === 1 ? '' : 's'}</div>`
  }`;
}

function timelineLabel({ lastRun, counts }: JobHealthEntry): string {
  const run = lastRun === undefined ? 'never ran' : `last run ${lastRun.state ?? 'unknown'}`;
  return counts === undefined
    ? run
    : `${run}, ${String(counts.cycles.length)} cycles with failures`;
}

function errorCodesSection(report: ProvisioningHealthReport): string {
  const head =
    '<section aria-labelledby="codes" data-error-codes>\n<h2 id="codes">Failures by error code</h2>';
  const logs = report.logs;
  if (logs === undefined) {
    return `${head}\n<p class="muted" data-logs-not-read>The provisioning logs were not read, so failures by error code are unknown: scan with logs to see them.</p>\n</section>`;
  }
  const codes = Object.entries(logs.byErrorCode).sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
  );
  if (codes.length === 0) {
    return `${head}\n<p class="muted">No failed provisioning event since ${time(logs.since)}.</p>\n</section>`;
  }
  const max = codes[0]?.[1] ?? 1;
  const shown = codes.slice(0, MAX_ERROR_CODES);
  const rest = codes.slice(MAX_ERROR_CODES);
  const rows = shown.map(
    ([code, n]) =>
      `<code data-error-code="${esc(code)}">${esc(code)}</code><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect width="${fmt(Math.max(0.5, (n / max) * 100))}" height="10" rx="1"/></svg><span data-error-count>${esc(n)}</span>`,
  );
  const more =
    rest.length === 0
      ? ''
      : `<p class="muted small">and ${esc(rest.length)} more codes (${esc(rest.reduce((s, [, n]) => s + n, 0))} events)</p>`;
  return `${head}
<p class="muted small">${esc(logs.failedEvents)} failed events since ${time(logs.since)}, all jobs together.</p>
<div class="bars" role="img" aria-label="${esc(shown.map(([c, n]) => `${c}: ${String(n)}`).join(', '))}">${rows.join('\n')}</div>${more}
</section>`;
}

function unreadableSection(unreadable: readonly UnreadableServicePrincipal[]): string {
  if (unreadable.length === 0) return '';
  const rows = unreadable.map(({ servicePrincipal: sp, error }) => {
    const status = error.status === undefined ? '' : ` (${esc(error.status)})`;
    return `<tr data-unreadable-row><td><bdi>${esc(nonEmpty(sp.displayName) ?? '(no name)')}</bdi><br><code>${esc(sp.id)}</code></td><td><code>${esc(error.kind)}</code>${status}</td><td>${esc(error.message)}${error.hint === undefined ? '' : `<div class="small muted">${esc(error.hint)}</div>`}</td></tr>`;
  });
  return `<section aria-labelledby="unreadable">
<h2 id="unreadable">Service principals whose jobs could not be read</h2>
<p class="muted small">Their health is unknown, not "no job".</p>
<table class="unreadable"><thead><tr><th>Service principal</th><th>Error</th><th>Message</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</section>`;
}

function badge(health: JobHealth | undefined, raw: string): string {
  const css = health === undefined ? '' : ` b-${health}`;
  return `<span class="badge${css}">${esc(health === undefined ? raw : label(health))}</span>`;
}

/** A link only for http(s) URLs: `javascript:`, `data:` and the like are shown as text. */
function link(url: string, text: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:')
    return `<span class="small">${esc(text)}: <code>${esc(url)}</code></span>`;
  return `<a href="${esc(parsed.href)}" rel="noopener noreferrer" target="_blank">${esc(text)}</a> <span class="small muted host">${esc(parsed.host)}</span>`;
}

/** An ISO time, shown in UTC and turned into local time by the script. */
function time(iso: string): string {
  const ms = timeOf(iso);
  if (ms === undefined) return esc(iso);
  const utc = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<time datetime="${esc(new Date(ms).toISOString())}" title="${esc(utc)}">${esc(utc)}</time>`;
}

function runTime(run: SynchronizationTaskExecution | undefined): number | undefined {
  return timeOf(run?.timeEnded) ?? timeOf(run?.timeBegan);
}

function ago(now: number, then: number): string {
  return now - then < 60_000 ? 'just now' : `${duration(now - then)} ago`;
}

function knownHealth(value: string): JobHealth | undefined {
  return (JOB_HEALTH_ORDER as readonly string[]).includes(value) ? (value as JobHealth) : undefined;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value;
}

/** SVG numbers: two decimals are plenty and keep the page small. */
function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** HTML-escapes text for element content and quoted attribute values alike. */
function esc(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
