import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

// The sandbox simulates vendors' APIs in their own dialects; it is not held to our rules.
const LINTED = readdirSync(join(REPO, 'openapi'))
  .filter((file) => file.endsWith('.json') && file !== 'sandbox.json')
  .map((file) => file.replace(/\.json$/, ''));

interface SpectralResult {
  code: string;
  severity: number;
  path: string[];
}

describe('the committed OpenAPI documents', () => {
  it('lints every app but the sandbox', () => {
    expect(LINTED).toEqual(
      expect.arrayContaining([
        'experience-storefront',
        'experience-pos',
        'process-orders',
        'system-erp',
        'system-loyalty',
        'system-oms',
        'system-pos',
        'control-tower',
      ]),
    );
  });

  it.each(LINTED)('openapi/%s.json has no Spectral errors under the OAS and OWASP rules', (app) => {
    const result = spawnSync(
      join(REPO, 'node_modules', '.bin', 'spectral'),
      ['lint', '--fail-severity=error', '--format=json', '--quiet', `openapi/${app}.json`],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    );
    const results = JSON.parse(result.stdout || '[]') as SpectralResult[];
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}`);
    expect(errors).toEqual([]);
  });
});
