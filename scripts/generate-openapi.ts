import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENTED_APPS, buildDocument } from './openapi-documents';

/**
 * `npm run openapi` regenerates the committed OpenAPI document of every app under openapi/.
 * With `--check` it writes nothing and exits 1 naming each app whose code and committed document differ.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const dir = join(__dirname, '..', '..', 'openapi');
  mkdirSync(dir, { recursive: true });
  const stale: string[] = [];
  for (const app of Object.keys(DOCUMENTED_APPS)) {
    const file = join(dir, `${app}.json`);
    const generated = `${JSON.stringify(await buildDocument(app), null, 2)}\n`;
    if (!check) {
      writeFileSync(file, generated);
      process.stdout.write(`openapi/${app}.json\n`);
      continue;
    }
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // A missing document is as stale as a different one.
    }
    if (committed !== generated) stale.push(app);
  }
  if (stale.length > 0) {
    process.stderr.write(
      `OpenAPI documents differ from the code for: ${stale.join(', ')}. Run npm run openapi and review the diff.\n`,
    );
    process.exit(1);
  }
  process.exit(0);
}

// An unhandled rejection ends the process with its stack, which is what a failed script should do.
void main();
