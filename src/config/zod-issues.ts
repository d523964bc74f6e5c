import type { z } from 'zod';
import type { PathIssue } from './config-issue.js';
import { closest } from './suggest.js';

// Keys of one unrecognized_keys issue travel in one message, one line per key (see translateZodIssues).
const KEY_SEPARATOR = '\n';

// A required value that is absent; the translator names the key.
const MISSING = 'missing required key';

const KIND_NAMES: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'a map',
  record: 'a map',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  null: 'nothing',
};

function describeInput(input: unknown): string {
  if (input === null) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number' && !Number.isInteger(input)) return 'a fraction';
  return KIND_NAMES[typeof input] ?? typeof input;
}

function knownKeys(issue: z.core.$ZodRawIssue): string[] {
  const def = issue.inst?._zod.def;
  return def && 'type' in def && def.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : [];
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const guess = closest(key, known);
  return guess === undefined ? `unknown key "${key}"` : `unknown key "${key}" (did you mean "${guess}"?)`;
}

function sizeMessage(issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig>): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const bound = small ? (issue.inclusive === false ? 'more than' : 'at least') : issue.inclusive === false ? 'less than' : 'at most';
  if (issue.origin === 'string') return small && limit === 1 ? 'must not be empty' : `must have ${bound} ${limit} characters`;
  if (issue.origin === 'array') return `needs ${bound} ${limit} item${limit === 1 ? '' : 's'}`;
  return `must be ${bound} ${limit}`;
}

/**
 * Messages for zod's own issues, worded for people editing YAML. Never echoes free text the user wrote:
 * it may be a secret. Schema-level messages take precedence over these.
 */
export function zodMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input === undefined) return MISSING;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${KIND_NAMES[issue.expected] ?? issue.expected}, got ${describeInput(issue.input)}`;
    case 'invalid_value': {
      const options = issue.values.map((value) => String(value));
      const got = typeof issue.input === 'string' || typeof issue.input === 'number' ? `, got ${JSON.stringify(issue.input)}` : '';
      return options.length === 1 ? `expected ${options[0]}${got}` : `expected one of ${options.join(', ')}${got}`;
    }
    case 'unrecognized_keys': {
      const known = knownKeys(issue);
      return issue.keys.map((key) => unknownKeyMessage(key, known)).join(KEY_SEPARATOR);
    }
    case 'too_small':
    case 'too_big':
      return sizeMessage(issue);
    case 'invalid_format':
      return 'has the wrong format';
    case 'invalid_union':
      return `expected ${describeInput(issue.input)} of another shape`;
    default:
      return undefined;
  }
}

/** Turns zod's issues into path issues: one per unknown key, "missing required key" for absent ones. */
export function translateZodIssues(issues: readonly z.core.$ZodIssue[]): PathIssue[] {
  return issues.flatMap((issue): PathIssue[] => {
    const path = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
    if (issue.code === 'unrecognized_keys') {
      const messages = issue.message.split(KEY_SEPARATOR);
      return issue.keys.map((key, index) => ({
        path: [...path, key],
        at: 'key' as const,
        message: messages[index] ?? `unknown key "${key}"`,
      }));
    }
    if (issue.code === 'invalid_key') {
      return [{ path, at: 'key', message: issue.issues[0]?.message ?? issue.message }];
    }
    const absent = issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.message === MISSING;
    if (issue.input === undefined && absent) {
      return [{ path, message: `${MISSING} "${String(path.at(-1))}"` }];
    }
    return [{ path, message: issue.message }];
  });
}
