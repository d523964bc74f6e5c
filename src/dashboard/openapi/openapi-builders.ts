import type {
  HttpMethod,
  JsonSchema,
  Operation,
  Parameter,
  PathItem,
  Reference,
  RequestBody,
  RequiredRole,
  Response,
} from './openapi-types.js';

// Small builders that keep the route descriptions short and uniform.

/** A `$ref` to a component. */
export const ref = (kind: 'schemas' | 'responses' | 'parameters', name: string): Reference => ({ $ref: `#/components/${kind}/${name}` });
/** A `$ref` to a component schema. */
export const schema = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** The media type of the JSON answers. */
export const JSON_TYPE = 'application/json';
/** A plain string. */
export const STRING: JsonSchema = { type: 'string' };
/** An ISO-8601 instant. */
export const ISO_TIME: JsonSchema = { type: 'string', format: 'date-time', description: 'ISO-8601, UTC' };
/** An object of string values. */
export const STRING_MAP: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
/** A string out of `values`. */
export const enumOf = (values: readonly string[], description?: string): JsonSchema => ({ type: 'string', enum: values, ...(description === undefined ? {} : { description }) });
/** An array of `items`. */
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
/** An object with these properties. */
export const object = (properties: Record<string, JsonSchema>, required: readonly string[] = [], extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  properties,
  ...(required.length === 0 ? {} : { required }),
  ...extra,
});
/** A request body object: unknown fields are refused (the routes parse strictly). */
export const strictObject = (properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema =>
  object(properties, required, { additionalProperties: false });

/** `200 {data: …}`, optionally with more top-level members beside `data`. */
export function ok(description: string, data: JsonSchema, extra: Record<string, JsonSchema> = {}): Response {
  return {
    description,
    content: { [JSON_TYPE]: { schema: object({ data, ...extra }, ['data', ...Object.keys(extra)]) } },
  };
}

/** A required JSON request body. */
export const body = (description: string, bodySchema: JsonSchema, example?: unknown): RequestBody => ({
  description,
  required: true,
  content: { [JSON_TYPE]: { schema: bodySchema, ...(example === undefined ? {} : { example }) } },
});

/** What every authenticated operation may answer besides its own responses. */
function authErrors(role: RequiredRole, method: HttpMethod): Record<string, Reference> {
  if (role === 'public') return {};
  const stateChanging = method !== 'get' && method !== 'head' && method !== 'options';
  // 403: a role too low, or a cookie-authenticated state change from a foreign Origin.
  return { '401': ref('responses', 'Unauthorized'), ...(role !== 'viewer' || stateChanging ? { '403': ref('responses', 'Forbidden') } : {}) };
}

type OperationSpec = Omit<Operation, 'x-required-role' | 'tags' | 'security'> & { readonly tag: string };

function operation(method: HttpMethod, role: RequiredRole, spec: OperationSpec): Operation {
  const { tag, responses, ...rest } = spec;
  return {
    ...rest,
    tags: [tag],
    ...(role === 'public' ? { security: [] } : {}),
    responses: { ...responses, ...authErrors(role, method), ...(role === 'public' ? {} : { '500': ref('responses', 'Internal') }) },
    'x-required-role': role,
  };
}

/** An operation on a path, by method, with the role it needs. */
export const on = {
  get: (role: RequiredRole, spec: OperationSpec): PathItem => ({ get: operation('get', role, spec) }),
  post: (role: RequiredRole, spec: OperationSpec): PathItem => ({ post: operation('post', role, spec) }),
  delete: (role: RequiredRole, spec: OperationSpec): PathItem => ({ delete: operation('delete', role, spec) }),
  patch: (role: RequiredRole, spec: OperationSpec): PathItem => ({ patch: operation('patch', role, spec) }),
};

/** A parameter (required when in the path). */
export const param = (name: string, where: Parameter['in'], description: string, paramSchema: JsonSchema = STRING, required = where === 'path'): Parameter => ({
  name,
  in: where,
  description,
  required,
  schema: paramSchema,
});
