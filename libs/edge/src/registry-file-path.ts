import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * Finds a relative config path from the working dir, else in the nearest ancestor of this file that
 * holds it: the repo root from source or dist/, and /srv in the image, where production mounts its config/.
 */
export function resolveRegistryFile(path: string): string {
  if (isAbsolute(path)) return path;
  const fromWorkingDir = resolve(path);
  if (existsSync(fromWorkingDir)) return fromWorkingDir;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return join(dir, path);
  }
  // Not found: the registry loader names the path it could not read.
  return fromWorkingDir;
}
