import { arrayOf, body, enumOf, object, ok, on, param, ref, schema, strictObject, STRING } from './openapi-builders.js';
import { ROLES } from './openapi-enums.js';
import type { PathItem } from './openapi-types.js';

/** The session and user routes. */
export const SESSION_PATHS: Record<string, PathItem> = {
  '/api/v1/session': {
    ...on.post('public', {
      tag: 'session',
      operationId: 'login',
      summary: 'Log in with a username and password',
      description:
        'Unknown users, disabled users and wrong passwords get the same answer. Throttled per username and per client address, with exponential back-off. A request whose `Origin` names another site is refused (403).',
      requestBody: body('Credentials.', strictObject({ username: { type: 'string', minLength: 1, maxLength: 128 }, password: schema('Password') }, ['username', 'password']), {
        username: 'ana',
        password: 'correct horse battery staple',
      }),
      responses: {
        '200': {
          ...ok('Logged in; the session cookie is set.', object({ username: STRING, role: enumOf(ROLES) }, ['username', 'role'])),
          headers: { 'Set-Cookie': { description: '`noc_session`: HttpOnly, SameSite=Strict, Path=/, Secure over TLS', schema: STRING } },
        },
        '400': ref('responses', 'BadRequest'),
        '401': ref('responses', 'Unauthorized'),
        '403': ref('responses', 'Forbidden'),
        '429': ref('responses', 'TooManyRequests'),
      },
    }),
    ...on.get('viewer', {
      tag: 'session',
      operationId: 'getSession',
      summary: 'Who the caller is',
      responses: { '200': ok('The caller.', object({ username: STRING, role: enumOf(ROLES), kind: enumOf(['user', 'wall', 'token']) }, ['username', 'role', 'kind'])) },
    }),
    ...on.delete('viewer', {
      tag: 'session',
      operationId: 'logout',
      summary: 'Log out: the session is revoked on the server',
      description: 'For bearer tokens there is no session to end; the answer is the same.',
      responses: { '204': { description: 'Logged out; the cookie is cleared.', headers: { 'Set-Cookie': { description: 'clears `noc_session`', schema: STRING } } } },
    }),
  },
  '/api/v1/session/password': on.post('viewer', {
    tag: 'session',
    operationId: 'changePassword',
    summary: "Change the logged-in user's own password; ends the user's other sessions",
    description:
      'Only for a logged-in user (session cookie): bearer tokens and wall sessions have no password (403). Users defined in the configuration file change it there (409). Throttled like a login. A wrong `current` password is 403.',
    requestBody: body('The current and the new password (at least 8 characters).', strictObject({ current: schema('Password'), next: schema('Password') }, ['current', 'next'])),
    responses: {
      '204': { description: 'Changed; a fresh session cookie replaces the caller’s.', headers: { 'Set-Cookie': { description: '`noc_session`', schema: STRING } } },
      '400': ref('responses', 'BadRequest'),
      '409': ref('responses', 'Conflict'),
      '429': ref('responses', 'TooManyRequests'),
    },
  }),
  '/api/v1/users': {
    ...on.get('admin', {
      tag: 'users',
      operationId: 'listUsers',
      summary: 'Dashboard users (never their passwords)',
      responses: { '200': ok('Users.', arrayOf(schema('User'))) },
    }),
    ...on.post('admin', {
      tag: 'users',
      operationId: 'createUser',
      summary: 'Create a user',
      description: 'The password needs at least 8 characters. 409 when the username is taken.',
      requestBody: body('The new user.', strictObject({ username: schema('Username'), password: schema('Password'), role: enumOf(ROLES) }, ['username', 'password', 'role']), {
        username: 'ana',
        password: 'correct horse battery staple',
        role: 'operator',
      }),
      responses: { '201': ok('Created.', schema('User')), '400': ref('responses', 'BadRequest'), '409': ref('responses', 'Conflict') },
    }),
  },
  '/api/v1/users/{username}': on.patch('admin', {
    tag: 'users',
    operationId: 'updateUser',
    summary: "Change a user's role, disable it or set its password",
    description: "Disabling a user or changing its password revokes that user's sessions. Users defined in the configuration file are read-only here (the file is authoritative).",
    parameters: [param('username', 'path', 'The user.')],
    requestBody: body('The fields to change.', strictObject({ role: enumOf(ROLES), disabled: { type: 'boolean' }, password: schema('Password') })),
    responses: {
      '200': ok('The user after the change.', schema('User')),
      '400': ref('responses', 'BadRequest'),
      '404': ref('responses', 'NotFound'),
      '409': ref('responses', 'Conflict'),
    },
  }),
};
