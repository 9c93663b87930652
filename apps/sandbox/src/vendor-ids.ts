import { randomInt } from 'node:crypto';

/** A string of `count` random decimal digits, for vendor-style document and transaction numbers. */
export function randomDigits(count: number): string {
  let digits = '';
  while (digits.length < count) digits += String(randomInt(0, 1_000_000)).padStart(6, '0');
  return digits.slice(0, count);
}

/** Mints ids from `make` until one is not yet taken; vendor ids are random, never sequential. */
export function mintUniqueId(taken: { has(id: string): boolean }, make: () => string): string {
  let id = make();
  while (taken.has(id)) id = make();
  return id;
}
