import type { AuthSettings } from '../../src/dashboard/index.js';

/** One bearer token per role, for API tests. */
export const TEST_TOKENS = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  admin: 'admin-token-0123456789abc',
} as const;

/** Auth settings granting each {@link TEST_TOKENS} token its role (names: wall, ops, root). */
export function testAuth(): AuthSettings {
  return {
    tokens: [
      { name: 'wall', token: TEST_TOKENS.viewer, role: 'viewer' },
      { name: 'ops', token: TEST_TOKENS.operator, role: 'operator' },
      { name: 'root', token: TEST_TOKENS.admin, role: 'admin' },
    ],
  };
}
