/** Test doubles of the workflow engine's side effects, kept out of the production barrel (`src/index.ts`). */
export * from './movable-clock.fake';
