import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

describe('the committed OpenAPI documents of the experience APIs', () => {
  it.each(['experience-storefront', 'experience-pos'])('openapi/%s.json has no Spectral errors under the OAS and OWASP rules', (app) => {
    const result = spawnSync(join(REPO, 'node_modules', '.bin', 'spectral'), ['lint', '--fail-severity=error', '--format=text', `openapi/${app}.json`], {
      cwd: REPO,
      encoding: 'utf8',
    });
    const errors = result.stdout.split('\n').filter((line) => /\berror\b/.test(line) && !/0 errors/.test(line));
    expect(errors).toEqual([]);
    expect(result.status).toBe(0);
  });
});
