import { describe, expect, it } from 'vitest';
import { ErrorRecorder } from './error-recorder.js';

describe('ErrorRecorder', () => {
  it('keeps errors of every child, with rule and cause, and hands each over once', () => {
    const recorder = new ErrorRecorder();
    const engine = recorder.child({ component: 'alerter' });
    engine.info({ rule: 'a' }, 'not kept');
    engine.error({ err: new Error('range too large'), rule: 'target_down' }, 'rule evaluation failed');
    recorder.error('plain');
    expect(recorder.take()).toEqual(['rule evaluation failed (rule target_down): range too large', 'plain']);
    expect(recorder.take()).toEqual([]);
  });
});
