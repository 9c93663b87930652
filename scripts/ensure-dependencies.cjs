#!/usr/bin/env node
// Runs before `npm start` and `npm test` (their pre-scripts), on whatever Node the machine has:
// a fresh clone installs exactly what package-lock.json says, so the README's two commands are
// the whole setup. Once installed, npm scripts run on the Node 24 of the `node` devDependency.
const { existsSync, statSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  process.stdout.write('Installing dependencies (npm ci)...\n');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
