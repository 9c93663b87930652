import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ProblemDto } from '@omnigate/problems';

/** What an app says about itself in its OpenAPI document. */
export interface ApiDescription {
  title: string;
  description: string;
  version?: string;
  /** Adds security schemes and requirements (the edge and internal credentials). */
  secure?: (builder: DocumentBuilder) => DocumentBuilder;
  /** The app answers errors in its backends' own dialects (the sandbox), not application/problem+json. */
  vendorDialectErrors?: boolean;
  /** Adds what the app's rate limit answers (RateLimit headers, 429) to every operation, after the refusals are documented. */
  rateLimits?: (document: OpenAPIObject) => void;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

// Every app renders every refusal as problem+json with a stable type (libs/problems), whether a
// route names it or not: a 4XX answer says so where an operation documents no input error of its own.
const ANY_REFUSAL: ResponseObject = {
  description:
    'Any other refusal of the request (application/problem+json with a stable type; the answers above name the ones this operation gives)',
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
};

/**
 * Says in every response's headers whether browsers may call: `Access-Control-Allow-Origin` is sent
 * only by an app built with CORS origins (the storefront's), never by an internal API.
 */
function documentBrowserOrigins(document: OpenAPIObject, corsCapable: boolean): void {
  const header = {
    description: corsCapable
      ? 'Sent to browsers calling from an allowed origin (CORS_ORIGINS) only'
      : 'Never sent: this API admits no browser origin (no CORS); it is called server to server only',
    schema: { type: 'string', maxLength: 200 },
  };
  const shared = (document.components?.responses ?? {}) as Record<string, ResponseObject>;
  const responses = [
    ...operationsOf(document).flatMap((op) => Object.values(op.responses ?? {}) as ResponseObject[]),
    ...Object.values(shared),
  ];
  for (const response of responses) {
    if (response.headers && !response.headers['Access-Control-Allow-Origin'])
      response.headers['Access-Control-Allow-Origin'] = header;
  }
  // Headers declared once for many responses (the rate limit's) sit beside it.
  const headers = document.components?.headers;
  if (headers && !headers['Access-Control-Allow-Origin']) headers['Access-Control-Allow-Origin'] = header;
}

/** Adds the problem answer of any refusal to each operation that documents no input error (400, 422 or 4XX). */
function documentRefusals(document: OpenAPIObject): void {
  for (const operation of operationsOf(document)) {
    const responses = (operation.responses ??= {});
    if (!responses['400'] && !responses['422'] && !responses['4XX']) responses['4XX'] = ANY_REFUSAL;
  }
}

function operationsOf(document: OpenAPIObject): OperationObject[] {
  return Object.values(document.paths).flatMap((item) =>
    METHODS.map((method) => item[method]).filter((op): op is OperationObject => op !== undefined),
  );
}

/**
 * Builds the app's OpenAPI document from its controllers and DTOs, with what every route of every
 * app shares: the problem answer of a refusal and whether browsers may call (`corsCapable`).
 */
export function buildOpenApiDocument(
  app: INestApplication,
  api: ApiDescription,
  corsCapable = false,
): OpenAPIObject {
  let builder = new DocumentBuilder()
    .setTitle(api.title)
    .setDescription(api.description)
    .setVersion(api.version ?? '1.0.0')
    .setContact('Omnigate platform team', 'https://omnigate.dev', 'platform@omnigate.dev')
    .setLicense('Proprietary', 'https://omnigate.dev/license');
  if (api.secure) builder = api.secure(builder);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
    extraModels: api.vendorDialectErrors ? [] : [ProblemDto],
  });
  if (!api.vendorDialectErrors) documentRefusals(document);
  api.rateLimits?.(document);
  documentBrowserOrigins(document, corsCapable);
  return document;
}
