/** Generated lab history with scripted faults: ground truth for the forensics analysis. */
export * from './lab-history.js';
export * from './scripted-fault.js';
