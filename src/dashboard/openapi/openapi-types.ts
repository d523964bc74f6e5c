import type { Role } from '../../core/index.js';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) or a `$ref` to one; kept open since schemas nest freely. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Who may call an operation: nobody needs to authenticate (`public`), or at least this role. */
export type RequiredRole = 'public' | Role;

/** A reference to a reusable component (`#/components/...`). */
export interface Reference {
  readonly $ref: string;
}

/** A query, path or header parameter. */
export interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly description?: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

/** A body (request or response) by media type. */
export interface MediaType {
  readonly schema: JsonSchema;
  readonly example?: unknown;
}

/** A request body. */
export interface RequestBody {
  readonly description?: string;
  readonly required?: boolean;
  readonly content: Readonly<Record<string, MediaType>>;
}

/** One response of an operation. */
export interface Response {
  readonly description: string;
  readonly headers?: Readonly<Record<string, { readonly description?: string; readonly schema: JsonSchema }>>;
  readonly content?: Readonly<Record<string, MediaType>>;
}

/** One HTTP method on one path. */
export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: ReadonlyArray<Parameter | Reference>;
  readonly requestBody?: RequestBody;
  readonly responses: Readonly<Record<string, Response | Reference>>;
  /** `[]` for public operations; absent means the document-wide requirement (bearer token or session cookie). */
  readonly security?: ReadonlyArray<Readonly<Record<string, readonly string[]>>>;
  /** The least role that may call the operation. */
  readonly 'x-required-role': RequiredRole;
  /** Present on the one operation that is upgraded to a WebSocket: the message protocol. */
  readonly 'x-websocket'?: WebSocketProtocol;
}

/** The HTTP methods a path item may hold. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';

/** The operations on one path. */
export type PathItem = { readonly [M in HttpMethod]?: Operation } & { readonly parameters?: ReadonlyArray<Parameter | Reference> };

/** A message exchanged on the live stream. */
export interface WebSocketMessage {
  readonly description: string;
  readonly schema: JsonSchema;
}

/** The live stream's protocol, which OpenAPI itself cannot describe. */
export interface WebSocketProtocol {
  readonly subprotocol: 'json';
  readonly serverToClient: Readonly<Record<string, WebSocketMessage>>;
  readonly clientToServer: Readonly<Record<string, WebSocketMessage>>;
  readonly closeCodes: Readonly<Record<string, string>>;
}

/** The security schemes the API accepts. */
export interface SecurityScheme {
  readonly type: 'http' | 'apiKey';
  readonly scheme?: 'bearer';
  readonly in?: 'cookie' | 'query' | 'header';
  readonly name?: string;
  readonly description: string;
}

/** An OpenAPI 3.1 document, as far as this API uses it. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string; readonly license?: { readonly name: string; readonly identifier: string } };
  readonly servers?: ReadonlyArray<{ readonly url: string; readonly description?: string }>;
  readonly tags: ReadonlyArray<{ readonly name: string; readonly description: string }>;
  readonly security: ReadonlyArray<Readonly<Record<string, readonly string[]>>>;
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly responses: Readonly<Record<string, Response>>;
    readonly parameters: Readonly<Record<string, Parameter>>;
    readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  };
}
