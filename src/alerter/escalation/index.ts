export * from './business-hours.js';
export * from './escalation-policy.js';
export * from './escalation-ticker.js';
export * from './on-call-schedule.js';
