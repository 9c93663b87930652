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
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
