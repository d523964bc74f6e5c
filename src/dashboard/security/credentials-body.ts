import { z } from 'zod';
import { RoleName, Username } from '../../config/index.js';
import { NocError } from '../../core/index.js';
import { MAX_PASSWORD_LENGTH } from './dashboard-security.js';

const Password = z.string({ error: 'expected a string' }).min(1, { message: 'must not be empty' }).max(MAX_PASSWORD_LENGTH, { message: 'too long' });

/** `POST /api/v1/session`. Any non-empty name is accepted: an unknown one fails like a wrong password. */
export const LoginBody = z.strictObject({ username: z.string({ error: 'expected a string' }).min(1).max(128), password: Password });
/** `POST /api/v1/session/password`. */
export const PasswordChangeBody = z.strictObject({ current: Password, next: Password });
/** `POST /api/v1/users`. */
export const NewUserBody = z.strictObject({ username: Username, password: Password, role: RoleName });
/** `PATCH /api/v1/users/:username`. */
export const UserPatchBody = z.strictObject({ role: RoleName.optional(), disabled: z.boolean().optional(), password: Password.optional() });

/** The body validated by `schema`, or a 400 naming every bad field (never echoing a value: they are secrets). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return { path: issue.keys.join(', '), message: 'unknown field' };
    return { path: path === '' ? '(body)' : path, message: issue.message };
  });
  throw new NocError('bad_request', `invalid request body: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}
