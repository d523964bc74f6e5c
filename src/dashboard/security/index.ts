export {
  DashboardSecurity,
  type DashboardSecurityOptions,
  type LoginOutcome,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type OpenedSession,
  type Resolution,
  type UserPatch,
  type UserView,
  WALL_USERNAME,
} from './dashboard-security.js';
export { DEFAULT_THROTTLE, LoginThrottle, type ThrottleDecision, type ThrottleKeys, type ThrottleLease, type ThrottlePolicy } from './login-throttle.js';
export { MemoryUserStore } from './memory-user-store.js';
export { DEFAULT_SCRYPT, PasswordHasher, type ScryptParams } from './password-hasher.js';
export { isSameOrigin } from './same-origin.js';
export { CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers.js';
export { seedUsers } from './seed-users.js';
export { clearedSessionCookie, SESSION_COOKIE, sessionCookie, sessionTokenOf } from './session-cookie.js';
export { hashSessionToken, newSessionToken } from './session-token.js';
