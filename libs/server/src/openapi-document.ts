import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** What an app says about itself in its OpenAPI document. */
export interface ApiDescription {
  title: string;
  description: string;
  version?: string;
  /** Adds security schemes and requirements (the edge and internal credentials). */
  secure?: (builder: DocumentBuilder) => DocumentBuilder;
}

/** Builds the app's OpenAPI document from its controllers and DTOs. */
export function buildOpenApiDocument(app: INestApplication, api: ApiDescription): OpenAPIObject {
  let builder = new DocumentBuilder()
    .setTitle(api.title)
    .setDescription(api.description)
    .setVersion(api.version ?? '1.0.0')
    .setContact('Omnigate platform team', 'https://omnigate.dev', 'platform@omnigate.dev')
    .setLicense('Proprietary', 'https://omnigate.dev/license');
  if (api.secure) builder = api.secure(builder);
  return SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}
