import { Injectable } from '@nestjs/common';

/**
 * The time source of the operations modules (scheduler, health cache, cardinality window). Tests
 * provide a subclass they move by hand instead of waiting on real time.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
