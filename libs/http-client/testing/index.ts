/** Test doubles of the HTTP client, kept out of the production barrel (`src/index.ts`). */
export * from './scripted-backend.fake';
