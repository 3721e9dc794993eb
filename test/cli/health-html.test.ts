import { describe, expect, it } from 'vitest';
import { renderHealthHtml } from '../../src/cli/health-html.js';
import type { JobHealthEntry, ProvisioningHealthReport } from '../../src/health/types.js';
import { JOB_HEALTH_ORDER } from '../../src/health/types.js';
import { healthJob, healthTenant, MINUTE } from '../health/fleet.js';

/** A fleet with a job in every health: the fake fails every object, but only in a first cycle. */
async function fleet(logs: boolean): Promise<ProvisioningHealthReport> {
  const { fake, client, clock } = healthTenant({
    provisioning: { usersPerApp: [4, 4], failureRate: 1 },
  });
  await healthJob(client, 'Never started');
  const bad = await healthJob(client, 'Bad token', null);
  const quiet = await healthJob(client, 'Quiet');
  const recovered = await healthJob(client, 'Recovered');
  const paused = await healthJob(client, 'Paused');
  const failing = await healthJob(client, 'Failing');
  for (const j of [bad, quiet, recovered, paused]) await j.job.start();
  clock.advance(10 * MINUTE);
  await paused.job.pause();
  fake.stallJob(quiet.id);
  clock.advance(3 * 60 * MINUTE);
  await failing.job.start();
  clock.advance(10 * MINUTE);
  return client.provisioningHealth(
    logs ? { logs: { since: new Date(clock() - 4 * 60 * MINUTE) } } : {},
  );
}

/** The report with one entry changed, as a hostile or odd Graph answer would make it. */
function withEntry(
  report: ProvisioningHealthReport,
  change: (entry: JobHealthEntry) => JobHealthEntry,
): ProvisioningHealthReport {
  return { ...report, jobs: report.jobs.map((e, i) => (i === 0 ? change(e) : e)) };
}

/** The opening tags of the page, e.g. every `<a …>`. */
const tags = (html: string, name: string): string[] =>
  html.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) ?? [];

describe('renderHealthHtml', () => {
  it('shows the counts of report.summary, one per health', async () => {
    const report = await fleet(true);
    const html = renderHealthHtml(report);
    for (const health of JOB_HEALTH_ORDER) {
      const shown = new RegExp(`data-health-count="${health}">(\\d+)<`).exec(html)?.[1];
      expect(Number(shown), health).toBe(report.summary[health]);
    }
    expect(report.summary).toMatchObject({
      quarantined: 1,
      unhealthy: 1,
      warning: 1,
      disabled: 1,
      notStarted: 1,
      healthy: 1,
    });
    expect(html).toContain(`datetime="${report.generatedAt}"`);
  });

  it('has one row per job, worst first, each with its health', async () => {
    const report = await fleet(false);
    const rows = tags(renderHealthHtml(report), 'tr').filter((t) => t.includes('data-job-row'));
    expect(rows.map((r) => /data-health="([^"]+)"/.exec(r)?.[1])).toEqual(
      report.jobs.map((j) => j.health),
    );
    expect(rows.map((r) => /data-job-id="([^"]+)"/.exec(r)?.[1])).toEqual(
      report.jobs.map((j) => j.job.id),
    );
  });

  it('shows the quarantine explanation and links Microsoft fix pages', async () => {
    const report = await fleet(false);
    const html = renderHealthHtml(report);
    const q = report.jobs.find((j) => j.health === 'quarantined');
    expect(q?.quarantine?.explanation).toBeDefined();
    expect(html).toContain(q?.quarantine?.explanation.replace(/'/g, '&#39;'));
    expect(tags(html, 'a').some((a) => a.includes(`href="${q?.fixUrl ?? ''}"`))).toBe(true);
  });

  it('charts failures by error code when logs were read, and says so when they were not', async () => {
    const read = await fleet(true);
    const html = renderHealthHtml(read);
    const codes = Object.keys(read.logs?.byErrorCode ?? {});
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(html).toContain(`data-error-code="${code}"`);
    expect(html).toContain('data-timeline');
    expect(renderHealthHtml(await fleet(false))).toContain('data-logs-not-read');
  });

  it('escapes every value from Graph: names, reasons, ids, error codes and messages', async () => {
    const evil = '<img src=x onerror=alert(1)></script>';
    const report = await fleet(true);
    const hostile: ProvisioningHealthReport = {
      ...withEntry(report, (e) => ({
        ...e,
        servicePrincipal: { ...e.servicePrincipal, displayName: evil },
        reasons: [evil, ...e.reasons],
        job: { ...e.job, id: `"><script>alert(1)</script>` },
      })),
      logs: { since: report.generatedAt, failedEvents: 1, byErrorCode: { [evil]: 1 } },
      unreadable: [
        {
          servicePrincipal: { id: `x"onmouseover="alert(1)`, displayName: evil },
          error: Object.assign(new Error(evil), { kind: 'unauthorized' }) as never,
        },
      ],
    };
    const html = renderHealthHtml(hostile);
    expect(tags(html, 'img')).toEqual([]);
    expect(tags(html, 'script')).toEqual(['<script>']);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    // Escaped text holds no `<` and attribute values no `"`: every tag is the page's own, and
    // outside its quoted values none has an event handler.
    for (const tag of tags(html, '[a-z]+'))
      expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son\w+\s*=/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;');
    expect(html).toContain('<bdi data-app-name>&lt;img src=x onerror=alert(1)&gt;');
  });

  it('colours a run whose state Graph names __proto__ or constructor as one it added later', async () => {
    const report = await fleet(false);
    for (const state of ['__proto__', 'constructor', 'toString']) {
      const html = renderHealthHtml(
        withEntry(report, (e) => ({
          ...e,
          lastRun: {
            timeBegan: report.generatedAt,
            timeEnded: report.generatedAt,
            state,
          },
        })),
      );
      expect(html).not.toMatch(/class="f-(?:\[object|function|undefined)/);
      expect(html).toContain('class="f-disabled"');
    }
  });

  it('loads nothing: no external script, style, font, image or frame', async () => {
    const html = renderHealthHtml(await fleet(true));
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/<link\b|<iframe\b|<object\b|<embed\b|<img\b/i);
    expect(html).not.toMatch(/@import|url\s*\(/i);
    // Every href is an http(s) link a person may follow, never a resource the page loads.
    for (const href of html.match(/\shref="[^"]*"/g) ?? []) expect(href).toMatch(/^ href="https?:/);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('never turns a javascript: or data: fixUrl into a link, and shows it as text', async () => {
    const report = await fleet(false);
    for (const fixUrl of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'not a url']) {
      const html = renderHealthHtml(withEntry(report, (e) => ({ ...e, fixUrl })));
      expect(html).not.toContain(`href="${fixUrl}"`);
      expect(html).not.toMatch(/href="(javascript|data):/i);
      expect(html).toContain(fixUrl.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
  });

  it('never prints job settings or whole objects', async () => {
    const report = await fleet(false);
    const secret = 'do-not-print-this-value';
    const html = renderHealthHtml(
      withEntry(report, (e) => ({
        ...e,
        job: { ...e.job, synchronizationJobSettings: [{ name: 'Secret', value: secret }] },
      })),
    );
    expect(html).not.toContain(secret);
    expect(html).not.toContain('[object Object]');
  });
});
