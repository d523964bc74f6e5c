import { formatDuration } from '../../../core/index.js';
import type { Measurement, ProbeResult } from '../../probe.js';
import { gradeScore } from './grade-score.js';
import type { SavedAssessment, SavedEndpoint, SslLabsState } from './saved-assessment.js';

/** What a report needs besides the saved state. */
export interface ReportContext {
  readonly host: string;
  readonly now: number;
  /** An assessment older than this no longer counts as up. */
  readonly maxAgeMs: number;
  /** Why the assessment under way is waiting (a back-off), if it is. */
  readonly waiting?: string;
}

/**
 * The probe result of the last saved assessment: up while it is recent and every endpoint got a grade.
 * Endpoint failures and a failing newer attempt show in `error` without hiding the grades still known.
 */
export function reportAssessment(state: SslLabsState, context: ReportContext): ProbeResult {
  const { result } = state;
  const problems: string[] = [];
  let up = false;
  const measurements: Measurement[] = [];
  if (result === undefined) {
    problems.push(`no completed SSL Labs assessment of ${context.host} yet`);
  } else {
    const ageMs = Math.max(0, context.now - result.testTime);
    measurements.push(...assessmentMeasurements(result, ageMs));
    const failed = result.endpoints.map(endpointProblem).filter((problem) => problem !== undefined);
    problems.push(...failed);
    if (result.endpoints.length === 0) problems.push(`SSL Labs found no endpoints for ${context.host}`);
    const fresh = ageMs <= context.maxAgeMs;
    if (!fresh) problems.push(`last assessment is ${roughly(ageMs)} old (more than ${roughly(context.maxAgeMs)})`);
    up = fresh && failed.length === 0 && result.endpoints.length > 0;
  }
  if (state.failure !== undefined) problems.push(`last attempt failed: ${state.failure.message}`);
  if (context.waiting !== undefined) problems.push(context.waiting);
  return problems.length === 0 ? { up, measurements } : { up, measurements, error: problems.join('; ') };
}

/** The series of one saved assessment. */
export function assessmentMeasurements(result: SavedAssessment, ageMs: number): Measurement[] {
  const out: Measurement[] = [
    { metric: 'ssllabs_assessment_timestamp_seconds', value: result.testTime / 1000 },
    { metric: 'ssllabs_last_assessment_age_seconds', value: Math.round(ageMs / 1000) },
  ];
  for (const endpoint of result.endpoints) out.push(...endpointMeasurements(endpoint));
  return out;
}

function endpointMeasurements(endpoint: SavedEndpoint): Measurement[] {
  const ip = endpoint.ip;
  if (endpoint.grade === undefined) return [{ metric: 'ssllabs_endpoint_error', labels: { ip }, value: 1 }];
  const score = gradeScore(endpoint.grade);
  return [
    ...(score === undefined ? [] : [{ metric: 'ssllabs_grade_score', labels: { ip }, value: score }]),
    {
      metric: 'ssllabs_grade_info',
      labels: { ip, grade: endpoint.grade, grade_trust_ignored: endpoint.gradeTrustIgnored ?? endpoint.grade },
      value: 1,
    },
    { metric: 'ssllabs_has_warnings', labels: { ip }, value: endpoint.hasWarnings ? 1 : 0 },
    { metric: 'ssllabs_is_exceptional', labels: { ip }, value: endpoint.isExceptional ? 1 : 0 },
    { metric: 'ssllabs_endpoint_error', labels: { ip }, value: 0 },
  ];
}

function endpointProblem(endpoint: SavedEndpoint): string | undefined {
  if (endpoint.grade === undefined) return `${endpoint.ip}: ${endpoint.status}`;
  if (gradeScore(endpoint.grade) === undefined) return `${endpoint.ip}: unknown grade ${JSON.stringify(endpoint.grade)}`;
  return undefined;
}

function roughly(ms: number): string {
  return formatDuration(Math.round(ms / 60_000) * 60_000);
}
