import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
}
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  'x-internal-callers'?: string[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One write route of an app, as its committed OpenAPI document describes it. */
export interface WriteRoute {
  method: string;
  /** The documented path, `{param}` placeholders included. */
  template: string;
  /** The path with every parameter filled in. */
  path: string;
  /** Whether the document declares a JSON request body. */
  takesBody: boolean;
  /** Top-level members of the declared body that are arrays. */
  arrayMembers: string[];
  /** The internal callers the route admits (`x-internal-callers`), for process and system APIs. */
  callers: string[];
}

/**
 * Every POST, PUT, PATCH and DELETE route in `openapi/<app>.json` (so a route added and documented
 * is covered without touching the test), path parameters filled from `params` or with `x1`.
 */
export function writeRoutesOf(app: string, params: Record<string, string> = {}): WriteRoute[] {
  const document = JSON.parse(readFileSync(join(REPO, 'openapi', `${app}.json`), 'utf8')) as OpenApiDocument;
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema?.$ref ? document.components?.schemas?.[schema.$ref.split('/').pop()!] : schema;
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations)
      .filter(([method]) => WRITE_METHODS.includes(method))
      .map(([method, operation]) => {
        const schema = resolve(operation.requestBody?.content?.['application/json']?.schema);
        return {
          method: method.toUpperCase(),
          template,
          path: template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'x1')),
          takesBody: schema !== undefined,
          arrayMembers: Object.entries(schema?.properties ?? {})
            .filter(([, member]) => resolve(member)?.type === 'array')
            .map(([name]) => name),
          callers: operation['x-internal-callers'] ?? [],
        };
      }),
  );
}

/** JSON text of arrays nested `depth` deep. */
export const arraysDeep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** JSON text of objects nested `depth` deep. */
export const objectsDeep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** A body `depth` deep in all that puts the nesting inside the route's array member `member`. */
export const deepInMember = (member: string, depth: number) => `{"${member}":${arraysDeep(depth - 1)}}`;

/** A JSON schema as the committed documents write one, as far as the hostile-input tests read it. */
export interface FuzzSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  pattern?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  required?: string[];
  properties?: Record<string, FuzzSchema>;
  items?: FuzzSchema;
  allOf?: FuzzSchema[];
}

/** One documented operation of an app, with what a test needs to call it well and badly. */
export interface DocumentedOperation {
  method: string;
  template: string;
  pathParams: { name: string; example: string }[];
  query: { name: string; required: boolean; example: string }[];
  /** The request body's schema, `$ref`s resolved, when the operation takes one. */
  body?: FuzzSchema;
  /** The internal callers the operation admits (`x-internal-callers`). */
  callers: string[];
  /** Every status the document gives an answer for. */
  statuses: string[];
  /** Resolves a `$ref` of the document. */
  resolve: (schema: FuzzSchema | undefined) => FuzzSchema | undefined;
}

interface RawParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: FuzzSchema;
}

/** Every operation of `openapi/<app>.json`, any method; path and query values from `values` or the document's examples. */
export function operationsOf(app: string, values: Record<string, string> = {}): DocumentedOperation[] {
  const document = JSON.parse(readFileSync(join(REPO, 'openapi', `${app}.json`), 'utf8')) as {
    paths: Record<
      string,
      Record<string, Operation & { parameters?: RawParameter[]; responses?: Record<string, unknown> }>
    >;
    components?: { schemas?: Record<string, FuzzSchema> };
  };
  const resolve = (schema: FuzzSchema | undefined): FuzzSchema | undefined =>
    schema?.$ref
      ? resolve(document.components?.schemas?.[schema.$ref.split('/').pop()!])
      : schema?.allOf?.length === 1
        ? resolve(schema.allOf[0])
        : schema;
  const exampleOf = (p: RawParameter) =>
    values[p.name] ?? String(p.schema?.example ?? p.schema?.enum?.[0] ?? 'x1');
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    Object.entries(operations)
      .filter(([method]) => ['get', ...WRITE_METHODS].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        template,
        pathParams: (operation.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, example: exampleOf(p) })),
        query: (operation.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, example: exampleOf(p) })),
        body: resolve(operation.requestBody?.content?.['application/json']?.schema as FuzzSchema | undefined),
        callers: operation['x-internal-callers'] ?? [],
        statuses: Object.keys(operation.responses ?? {}),
        resolve,
      })),
  );
}

/** A value the schema describes, from its examples, enums and bounds: the well-formed body a hostile variant starts from. */
export function sampleOf(schema: FuzzSchema | undefined, resolve: DocumentedOperation['resolve']): unknown {
  const s = resolve(schema);
  if (!s) return {};
  if (s.example !== undefined && s.type !== 'object' && s.type !== 'array') return s.example;
  if (s.enum?.length) return s.enum[0];
  switch (s.type) {
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sampleOf(s.items, resolve));
    case 'integer':
    case 'number':
      return s.minimum !== undefined && s.minimum > 1 ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      return s.format === 'date-time'
        ? new Date(Date.now() + 3_600_000).toISOString()
        : 'x'.repeat(Math.max(1, s.minLength ?? 1));
    default:
      return Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([name, member]) => [name, sampleOf(member, resolve)]),
      );
  }
}
