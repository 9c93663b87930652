/**
 * The `Age` of an answer in whole seconds; fails when the header is missing or not a whole number,
 * so an assertion on the age cannot pass on an answer that never said how old it was.
 */
export function ageOf(response: Response): number {
  const age = response.headers.get('age');
  if (age === null || !/^\d+$/.test(age))
    throw new Error(`expected an Age header of whole seconds, got ${age === null ? 'none' : `'${age}'`}`);
  return Number(age);
}

/** Whole seconds since `startedAt` (epoch ms): the oldest an answer read since then can say it is. */
export function secondsSince(startedAt: number): number {
  return Math.floor((Date.now() - startedAt) / 1000);
}
