import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('committed OpenAPI documents', () => {
  it('match what the code generates, for every app', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'scripts', 'generate-openapi.js'), '--check'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      timeout: 120_000,
    });
    expect(run.stderr).not.toContain('differ from the code');
    expect(run.status).toBe(0);
  });
});
