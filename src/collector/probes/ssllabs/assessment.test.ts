import { describe, expect, it } from 'vitest';
import { ManualClock, silentLogger } from '../../../core/index.js';
import type { ApiHost, HostStatus } from './api-types.js';
import { POLL_TIMING, runAssessment, type AssessmentDeps } from './assessment.js';
import type { AnalyzeAnswer, AnalyzeRequest } from './ssllabs-client.js';

const HOST = 'portal.example.net';

function host(status: HostStatus, statusMessage?: string): AnalyzeAnswer {
  const body: ApiHost = { host: HOST, status, endpoints: [], ...(statusMessage === undefined ? {} : { statusMessage }) };
  return { ok: true, host: body };
}

/** A client answering from a script (the last answer repeats), recording the requests. */
function scripted(answers: AnalyzeAnswer[]) {
  const requests: AnalyzeRequest[] = [];
  return {
    requests,
    client: {
      analyze: async (request: AnalyzeRequest): Promise<AnalyzeAnswer> => {
        requests.push(request);
        return (answers.length > 1 ? answers.shift() : answers[0]) as AnalyzeAnswer;
      },
    },
  };
}

function depsWith(client: AssessmentDeps['client'], waits: number[]): AssessmentDeps {
  const clock = new ManualClock(0);
  return {
    client,
    clock,
    log: silentLogger,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  };
}

const START: AnalyzeRequest = { host: HOST, startNew: true, publish: false };

describe('runAssessment', () => {
  it('uses the documented pacing by default', () => {
    expect(POLL_TIMING).toEqual({ beforeStartMs: 5000, inProgressMs: 10_000, maxPollMs: 30 * 60_000 });
  });

  it('polls every 5 s while DNS and every 10 s while IN_PROGRESS, sending start parameters once', async () => {
    const { client, requests } = scripted([host('DNS'), host('DNS'), host('IN_PROGRESS'), host('IN_PROGRESS'), host('READY')]);
    const waits: number[] = [];
    const outcome = await runAssessment(START, depsWith(client, waits), new AbortController().signal);
    expect(outcome.ok).toBe(true);
    expect(waits).toEqual([5000, 5000, 10_000, 10_000]);
    expect(requests).toEqual([START, { host: HOST }, { host: HOST }, { host: HOST }, { host: HOST }]);
  });

  it('gives up on an assessment still running after 30 minutes', async () => {
    const { client, requests } = scripted([host('IN_PROGRESS')]);
    const waits: number[] = [];
    const outcome = await runAssessment(START, depsWith(client, waits), new AbortController().signal);
    expect(outcome).toEqual({ ok: false, error: `assessment of ${HOST} still IN_PROGRESS after 30m; giving up` });
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(30 * 60_000);
    expect(requests).toHaveLength(181);
  });

  it('reports a host-level ERROR', async () => {
    const { client } = scripted([host('ERROR', 'Unable to resolve domain name')]);
    const outcome = await runAssessment(START, depsWith(client, []), new AbortController().signal);
    expect(outcome).toEqual({ ok: false, error: `SSL Labs could not assess ${HOST}: Unable to resolve domain name` });
  });

  it('gives up after the retries of a failure kind run out', async () => {
    const { client, requests } = scripted([{ ok: false, failure: { kind: 'unavailable', status: 503, message: 'SSL Labs is not available (503)' } }]);
    const waits: number[] = [];
    const outcome = await runAssessment(START, depsWith(client, waits), new AbortController().signal);
    expect(outcome).toEqual({ ok: false, error: 'SSL Labs is not available (503) (gave up after 5 tries)' });
    expect(waits).toEqual([15 * 60_000, 15 * 60_000, 15 * 60_000, 15 * 60_000]);
    expect(requests.every((request) => request.startNew === true)).toBe(true);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const { client } = scripted([host('DNS')]);
    const deps: AssessmentDeps = {
      ...depsWith(client, []),
      sleep: async (_ms, signal) => {
        controller.abort();
        signal.throwIfAborted();
      },
    };
    await expect(runAssessment(START, deps, controller.signal)).rejects.toThrow();
  });
});
