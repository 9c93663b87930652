import { Clock } from '../src/clock';

/** A clock a spec sets and moves: time passes only when the spec says so. */
export class MovableClock extends Clock {
  constructor(private at = new Date('2026-11-30T10:00:00.000Z')) {
    super();
  }

  now(): Date {
    return new Date(this.at.getTime());
  }

  /** Moves the clock `seconds` on. */
  advance(seconds: number): void {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}
