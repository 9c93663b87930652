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
          arrayMembers: Object.entries(schema?.properties ?? {}).filter(([, member]) => resolve(member)?.type === 'array').map(([name]) => name),
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
