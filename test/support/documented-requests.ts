import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  example?: unknown;
  schema?: { example?: unknown };
}
interface MediaType {
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, MediaType> };
  responses: Record<string, unknown>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** One operation of a committed OpenAPI document. */
export interface DocumentedOperation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  /** The request body examples by name (`default` for a single `example`); empty without a body. */
  bodyExamples: Record<string, unknown>;
  takesBody: boolean;
  /** The 2xx statuses the document promises. */
  successStatuses: number[];
}

/** Every operation of `openapi/<app>.json`, in document order. */
export function documentedOperations(app: string): DocumentedOperation[] {
  const document = JSON.parse(readFileSync(join(REPO, 'openapi', `${app}.json`), 'utf8')) as OpenApiDocument;
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const json = op.requestBody?.content?.['application/json'];
      const bodyExamples: Record<string, unknown> = json?.examples
        ? Object.fromEntries(Object.entries(json.examples).map(([name, e]) => [name, e.value]))
        : json?.example !== undefined
          ? { default: json.example }
          : {};
      return {
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        parameters: op.parameters ?? [],
        bodyExamples,
        takesBody: json !== undefined,
        successStatuses: Object.keys(op.responses)
          .filter((s) => /^2\d\d$/.test(s))
          .map(Number),
      };
    }),
  );
}

/** A parameter's documented example, on the parameter or its schema. */
export function exampleOf(parameter: Parameter): string | undefined {
  const example = parameter.example ?? parameter.schema?.example;
  return example === undefined ? undefined : String(example);
}

/** What a request sends: the documented example values, with `overrides` by parameter name. */
export interface DocumentedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * The request "Try it out" sends for `operation`: each path, query and header parameter's documented
 * example (an `overrides` entry by name replaces one, or supplies one the document leaves without
 * example), and the body example `bodyExample`.
 */
export function documentedRequest(
  operation: DocumentedOperation,
  bodyExample: unknown,
  overrides: Record<string, string> = {},
): DocumentedRequest {
  let path = operation.template;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    const value = overrides[parameter.name] ?? exampleOf(parameter);
    if (value === undefined) {
      if (parameter.required)
        throw new Error(
          `${operation.operationId}: required ${parameter.in} parameter ${parameter.name} has no example`,
        );
      continue;
    }
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
    else if (parameter.in === 'query') query.set(parameter.name, value);
    else if (parameter.in === 'header') headers[parameter.name] = value;
  }
  const search = query.toString();
  return {
    method: operation.method,
    path: search ? `${path}?${search}` : path,
    headers: bodyExample === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: bodyExample,
  };
}
