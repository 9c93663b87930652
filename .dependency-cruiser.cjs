/** Keeps the layers' direction: calls go down over HTTP, never through imports. */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-other-apps',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'stateless-layers-hold-no-durable-state',
      comment: 'System and experience apps keep caches only; durable state belongs to the process layer.',
      severity: 'error',
      from: { path: '^apps/(system|experience)-' },
      to: { path: '^libs/(persistence|idempotency|workflow|erp-postings)/' },
    },
    {
      name: 'system-apps-call-no-clients',
      comment: 'A system app speaks one backend\'s dialect; it never calls another system or process API.',
      severity: 'error',
      from: { path: '^apps/system-' },
      to: { path: '^libs/(system|process)-clients/' },
    },
    {
      name: 'leaf-libs-import-no-project-libs',
      comment: 'Contracts, problems and config are the floor every other lib stands on.',
      severity: 'error',
      from: { path: '^libs/(contracts|problems|config)/' },
      to: { path: '^libs/', pathNot: '^libs/$1/' },
    },
    {
      name: 'production-code-imports-no-test-code',
      comment: 'Fakes and fixtures live beside specs or under a lib\'s testing/ entry, never in a production barrel.',
      severity: 'error',
      from: { path: '^(apps|libs)/[^/]+/src/', pathNot: '\\.(spec|fixture|fake)\\.ts$' },
      to: { path: '(\\.(spec|fixture|fake)\\.ts$|^libs/[^/]+/testing/|^test/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
