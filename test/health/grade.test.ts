import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { duration, gradeJob, intervalMs } from '../../src/health/grade.js';
import { SynchronizationJobSchema, type SynchronizationJob } from '../../src/models/index.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const fixture = (path: string): SynchronizationJob =>
  SynchronizationJobSchema.parse(
    JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')),
  );

function run(
  began: string,
  ended: string,
  state: 'Succeeded' | 'Failed' | 'EntryLevelErrors',
  extra: object = {},
) {
  return { timeBegan: began, timeEnded: ended, state, ...extra };
}

function active(status: SynchronizationJob['status'], interval = 'PT40M'): SynchronizationJob {
  return {
    id: 'j',
    schedule: { state: 'Active', interval },
    status: { code: 'Active', ...status },
  };
}

describe('gradeJob on the shapes Graph answers with', () => {
  it("Microsoft's documented job (paused, never run, quarantine fields all empty strings) is notStarted, not quarantined", () => {
    const job = fixture('graph/v1.0/synchronization-synchronizationjob-get.response.json');
    const grade = gradeJob(job, NOW);
    expect(grade.health).toBe('notStarted');
    expect(grade.quarantine).toBeUndefined();
  });

  it("a job Graph just created (Paused, schedule Disabled, no execution: Microsoft's tutorial) is notStarted, not disabled", () => {
    // "Configure provisioning using Microsoft Graph APIs", the job read while monitoring: a job
    // "in a Paused status because it hasn't yet been started".
    const job = SynchronizationJobSchema.parse({
      id: '{jobId}',
      templateId: 'aws',
      schedule: { expiration: null, interval: 'P10675199DT2H48M5.4775807S', state: 'Disabled' },
      status: {
        countSuccessiveCompleteFailures: 0,
        escrowsPruned: false,
        synchronizedEntryCountByType: [],
        code: 'Paused',
        lastExecution: null,
        lastSuccessfulExecution: null,
        progress: [],
        lastSuccessfulExecutionWithExports: null,
        steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
        steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
        quarantine: null,
        troubleshootingUrl: null,
      },
      synchronizationJobSettings: [{ name: 'QuarantineTooManyDeletesThreshold', value: '500' }],
    });
    const grade = gradeJob(job, NOW);
    expect(grade).toEqual({
      health: 'notStarted',
      reasons: ['never started: save its credentials and start it'],
    });
  });

  it('a paused job that has run is disabled', () => {
    const job = active({
      code: 'Paused',
      lastExecution: run('2026-11-23T10:00:00Z', '2026-11-23T10:05:00Z', 'Succeeded'),
    });
    expect(gradeJob(job, NOW).health).toBe('disabled');
  });

  it('a never-run job reported as Failed with code None and year-1 timestamps is notStarted', () => {
    const job = fixture('wild/synchronizationjob-never-run.v1.0.json');
    const grade = gradeJob(job, NOW);
    expect(grade.health).toBe('notStarted');
    expect(grade.lastRun).toBeUndefined();
  });

  it('a job in quarantine for TooManyDeletes sends to the accidental deletions page', () => {
    const job = active({
      code: 'Quarantine',
      quarantine: {
        reason: 'TooManyDeletes',
        currentBegan: '2026-11-23T10:00:00Z',
        seriesBegan: '2026-11-01T10:00:00Z',
        seriesCount: 12,
        nextAttempt: '2026-11-24T10:00:00Z',
      },
    });
    const grade = gradeJob(job, NOW);
    expect(grade.health).toBe('quarantined');
    expect(grade.fixUrl).toContain('accidental-deletions');
    expect(grade.quarantine).toMatchObject({
      seriesCount: 12,
      disablesAt: '2026-11-29T10:00:00.000Z',
      disablesSoon: true,
    });
    expect(grade.reasons[0]).toMatch(
      /^quarantined \(TooManyDeletes since 2026-11-01T10:00:00\.000Z\): more deletions/,
    );
  });

  it('a quarantine reason Microsoft does not explain still says what to do', () => {
    const grade = gradeJob(
      active({ code: 'Quarantine', quarantine: { reason: 'SomethingNew' } }),
      NOW,
    );
    expect(grade.quarantine?.reason).toBe('SomethingNew');
    expect(grade.quarantine?.explanation).toMatch(/provisioning logs/);
  });

  it('a failed last cycle, or several in a row, is unhealthy with the error in the reason', () => {
    const grade = gradeJob(
      active({
        countSuccessiveCompleteFailures: 3,
        lastExecution: run('2026-11-23T11:00:00Z', '2026-11-23T11:05:00Z', 'Failed', {
          error: { code: 'ScimBadResponse', message: 'The SCIM endpoint answered 500.' },
        }),
        lastSuccessfulExecution: run('2026-11-23T10:20:00Z', '2026-11-23T10:25:00Z', 'Succeeded'),
      }),
      NOW,
    );
    expect(grade.health).toBe('unhealthy');
    expect(grade.reasons).toEqual([
      'its last cycle failed (ScimBadResponse: The SCIM endpoint answered 500.)',
      '3 cycles in a row failed',
    ]);
  });

  it('cycles with object-level errors keep a job from going stale, and make it a warning', () => {
    const grade = gradeJob(
      active({
        lastExecution: run('2026-11-23T11:30:00Z', '2026-11-23T11:35:00Z', 'EntryLevelErrors', {
          countEscrowed: 4,
        }),
        lastSuccessfulExecution: run('2026-11-20T10:00:00Z', '2026-11-20T10:05:00Z', 'Succeeded'),
        steadyStateFirstAchievedTime: '2026-11-01T00:00:00Z',
      }),
      NOW,
    );
    expect(grade.health).toBe('warning');
    expect(grade.reasons).toEqual([
      '4 objects failed to provision in its last cycle (escrowed): see the provisioning logs',
    ]);
  });

  it('a cycle much longer than the interval is a warning after the initial cycle, not during it', () => {
    const long = {
      lastExecution: run('2026-11-23T08:00:00Z', '2026-11-23T11:00:00Z', 'Succeeded'),
      lastSuccessfulExecution: run('2026-11-23T08:00:00Z', '2026-11-23T11:00:00Z', 'Succeeded'),
    };
    expect(gradeJob(active(long), NOW).health).toBe('healthy');
    const later = gradeJob(
      active({ ...long, steadyStateFirstAchievedTime: '2026-11-20T00:00:00Z' }),
      NOW,
    );
    expect(later.health).toBe('warning');
    expect(later.reasons).toEqual(['its last cycle took 3 h, more than 3 × its 40 min interval']);
  });

  it('a job whose last cycle succeeded long ago is unhealthy even when Graph gives no last success', () => {
    for (const lastSuccessfulExecution of [
      null,
      run('0001-01-01T00:00:00Z', '0001-01-01T00:00:00Z', 'Succeeded'),
    ]) {
      const grade = gradeJob(
        active({
          lastExecution: run('2026-11-20T10:00:00Z', '2026-11-20T10:05:00Z', 'Succeeded'),
          lastSuccessfulExecution,
        }),
        NOW,
      );
      expect(grade.health).toBe('unhealthy');
      expect(grade.reasons).toEqual([
        'no cycle has completed for 3 d 1 h (more than 3 × its 40 min interval)',
      ]);
    }
  });

  it('leaves out when Microsoft disables a job whose quarantine date is past year 9999', () => {
    const grade = gradeJob(
      active({
        code: 'Quarantine',
        quarantine: { reason: 'Unknown', seriesBegan: '9999-12-31T00:00:00Z' },
      }),
      NOW,
    );
    expect(grade.quarantine?.disablesAt).toBeUndefined();
    expect(grade.reasons[0]).not.toMatch(/disables it on/);
  });

  it('escrows pruned in the initial cycle are a warning', () => {
    const grade = gradeJob(
      active({
        escrowsPruned: true,
        lastExecution: run('2026-11-23T11:30:00Z', '2026-11-23T11:35:00Z', 'Succeeded'),
        lastSuccessfulExecution: run('2026-11-23T11:30:00Z', '2026-11-23T11:35:00Z', 'Succeeded'),
      }),
      NOW,
    );
    expect(grade.health).toBe('warning');
  });

  it('uses the job troubleshooting URL when Graph gives one, and the thresholds given', () => {
    const job = active(
      {
        troubleshootingUrl: 'https://portal.example/troubleshoot',
        lastExecution: run('2026-11-23T09:00:00Z', '2026-11-23T09:01:00Z', 'Succeeded'),
        lastSuccessfulExecution: run('2026-11-23T09:00:00Z', '2026-11-23T09:01:00Z', 'Succeeded'),
      },
      'PT1H',
    );
    expect(gradeJob(job, NOW).health).toBe('healthy');
    const strict = gradeJob(job, NOW, {
      staleIntervals: 2,
      longCycleIntervals: 3,
      failedEvents: 10,
    });
    expect(strict.health).toBe('unhealthy');
    expect(strict.fixUrl).toBe('https://portal.example/troubleshoot');
  });
});

describe('durations', () => {
  it("reads Graph's ISO 8601 intervals, and falls back to 40 minutes", () => {
    expect(intervalMs('PT40M')).toBe(40 * 60_000);
    expect(intervalMs('PT2M')).toBe(2 * 60_000);
    expect(intervalMs('P1DT1H30M')).toBe((25 * 60 + 30) * 60_000);
    expect(intervalMs('P10675199DT2H48M5.4775807S')).toBeGreaterThan(9e14);
    expect(intervalMs('forty minutes')).toBe(40 * 60_000);
    expect(intervalMs(undefined)).toBe(40 * 60_000);
  });

  it('words a duration for a person', () => {
    expect(duration(5 * 60_000)).toBe('5 min');
    expect(duration(125 * 60_000)).toBe('2 h 5 min');
    expect(duration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
  });
});
