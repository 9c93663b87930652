import { spawnSync } from 'node:child_process';
import { built } from '../support/built';

describe('committed OpenAPI documents', () => {
  it('match what the code generates, for every app', () => {
    const run = spawnSync(process.execPath, [built('scripts', 'generate-openapi.js'), '--check'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
      timeout: 120_000,
    });
    expect(run.stderr).not.toContain('differ from the code');
    expect(run.status).toBe(0);
  });
});
