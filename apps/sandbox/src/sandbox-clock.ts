import { Injectable } from '@nestjs/common';

/** The sandbox's source of the current time, injectable so specs can move it. */
@Injectable()
export class SandboxClock {
  now(): number {
    return Date.now();
  }
}
