/**
 * The HTML health report in a real browser (`npm run test:browser`): Debian's Chromium, headless,
 * driven by puppeteer-core. It fails, never skips, when Chromium is missing. Screenshots go to
 * `build/` for a person to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHealthHtml } from '../../src/cli/health-html.js';
import { JOB_HEALTH_ORDER, type ProvisioningHealthReport } from '../../src/health/types.js';
import { healthJob, healthTenant, MINUTE } from '../health/fleet.js';

// An empty CHROMIUM_PATH (`command -v` found none) means the default, which then fails clearly.
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const BUILD = fileURLToPath(new URL('../../build/', import.meta.url));

/** A fleet with every health, its logs read, on the fake and its manual clock. */
async function fleet(): Promise<ProvisioningHealthReport> {
  const { fake, client, clock } = healthTenant({
    provisioning: { usersPerApp: [4, 9], failureRate: 1 },
  });
  const notStarted = await healthJob(client, 'Contoso Slack (not started)');
  const started = [
    await healthJob(client, 'Fabrikam AWS <prod>', null),
    await healthJob(client, 'Northwind Box', null),
    await healthJob(client, 'Tailspin Dropbox'),
    await healthJob(client, 'Woodgrove ServiceNow'),
    await healthJob(client, 'Litware Zoom'),
    await healthJob(client, 'Adatum GitHub Enterprise'),
  ];
  for (const j of started) await j.job.start();
  clock.advance(10 * MINUTE);
  await started[4]!.job.pause();
  fake.stallJob(started[2]!.id);
  clock.advance(3 * 60 * MINUTE);
  const failing = await healthJob(client, 'Proseware Salesforce');
  await failing.job.start();
  clock.advance(10 * MINUTE);
  return client.provisioningHealth({
    logs: { since: new Date(clock() - 6 * 60 * MINUTE) },
    // Every app, and one that does not exist: an unreadable service principal (404).
    servicePrincipalIds: [
      ...[notStarted, ...started, failing].map((j) => j.spId),
      '0a0a0a0a-0000-4000-8000-000000000000',
    ],
  });
}

let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it (apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH. This check never passes without a browser.`,
    );
  }
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium refuses its sandbox as root (CI containers); the page is our own file.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the file, recording every request, console error and page error. */
async function open(url: string, scheme: 'light' | 'dark') {
  const page: Page = await browser!.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn')
      errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${String(e)}`));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    requests.push(request.url());
    // Only the page itself may load: anything else is aborted, and the test fails on it.
    void (request.url() === url ? request.continue() : request.abort());
  });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, errors };
}

describe('the HTML health report in headless Chromium', () => {
  it('renders the fleet, loads nothing else, runs its script without errors', async () => {
    const report = await fleet();
    expect(new Set(report.jobs.map((j) => j.health)).size).toBe(JOB_HEALTH_ORDER.length);
    await mkdir(BUILD, { recursive: true });
    const file = `${BUILD}health-report.html`;
    await writeFile(file, renderHealthHtml(report));
    const url = pathToFileURL(file).href;

    const { page, requests, errors } = await open(url, 'light');
    const counts = await page.$$eval('[data-health-count]', (els) =>
      els.map((e) => [e.getAttribute('data-health-count'), Number(e.textContent)]),
    );
    expect(Object.fromEntries(counts)).toEqual(
      Object.fromEntries(JOB_HEALTH_ORDER.map((h) => [h, report.summary[h]])),
    );
    expect(await page.$$eval('[data-job-row]', (rows) => rows.length)).toBe(report.jobs.length);
    expect(await page.$$eval('[data-unreadable-row]', (rows) => rows.length)).toBe(1);
    expect(await page.$$eval('[data-error-code]', (els) => els.length)).toBe(
      Object.keys(report.logs?.byErrorCode ?? {}).length,
    );
    // The script ran: times are local, and a count filters the table.
    const generated = await page.$eval('header time', (t) => t.textContent);
    expect(generated).not.toMatch(/UTC$/);
    await page.click('button[data-filter="quarantined"]');
    const visible = await page.$$eval('[data-job-row]', (rows) =>
      rows.filter((r) => !(r as HTMLElement).hidden).map((r) => r.getAttribute('data-health')),
    );
    expect(visible).toEqual(Array<string>(report.summary.quarantined).fill('quarantined'));
    await page.click('button[data-filter="quarantined"]');
    await page.screenshot({ path: `${BUILD}health-report.png`, fullPage: true });

    const dark = await open(url, 'dark');
    await dark.page.screenshot({ path: `${BUILD}health-report-dark.png`, fullPage: true });

    expect(errors).toEqual([]);
    expect(dark.errors).toEqual([]);
    expect(new Set([...requests, ...dark.requests])).toEqual(new Set([url]));
  });
});
