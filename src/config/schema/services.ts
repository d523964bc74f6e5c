import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { Name } from './names.js';
import { TargetRoleName } from './target.js';

/** Every target with this role and/or site (at least one of the two). */
export const ServiceMemberSelector = z
  .strictObject({
    role: TargetRoleName.optional(),
    site: z.string().min(1, { message: 'must not be empty' }).optional(),
  })
  .refine((selector) => selector.role !== undefined || selector.site !== undefined, {
    message: 'give role, site or both (e.g. {role: sbc, site: MX})',
  });
/** Every target with a role and/or site. */
export type ServiceMemberSelector = DeepReadonly<z.infer<typeof ServiceMemberSelector>>;

/** A member of a service: a target id, another service's name, or a selector of targets. */
export const ServiceMember = z.union([Name, ServiceMemberSelector], {
  error: 'expected a target id, a service name, or {role, site}',
});
/** A member of a service. */
export type ServiceMember = DeepReadonly<z.infer<typeof ServiceMember>>;

/** How many members must be up: all of them, any one, or at least k. */
export const ServiceRequirement = z.union(
  [z.enum(['all', 'any']), z.int().min(1, { message: 'must be at least 1' })],
  { error: 'expected all, any, or a whole number k (at least k members up)' },
);
/** How many members must be up. */
export type ServiceRequirement = z.infer<typeof ServiceRequirement>;

/**
 * A service as customers see it, composed of targets and other services: "SIP service MX" = any SBC of MX
 * up and at least one core up. Its availability is computed from its members' `up` history.
 */
export const ServiceConfig = z.strictObject({
  name: Name,
  description: z.string().optional(),
  /** The site whose contract the service belongs to (for per-site reports and penalties). */
  site: z.string().min(1, { message: 'must not be empty' }).optional(),
  require: ServiceRequirement.default('all'),
  members: z.array(ServiceMember).min(1, { message: 'a service needs at least one member' }),
});
/** A service composed of targets and other services. */
export type ServiceConfig = DeepReadonly<z.infer<typeof ServiceConfig>>;
