import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENTED_APPS, buildDocument } from './openapi-documents';

/** `npm run openapi`: regenerates the committed OpenAPI document of every app under openapi/. */
async function main(): Promise<void> {
  const dir = join(__dirname, '..', '..', 'openapi');
  mkdirSync(dir, { recursive: true });
  for (const app of Object.keys(DOCUMENTED_APPS)) {
    const document = await buildDocument(app);
    writeFileSync(join(dir, `${app}.json`), `${JSON.stringify(document, null, 2)}\n`);
    process.stdout.write(`openapi/${app}.json\n`);
  }
  process.exit(0);
}

void main();
