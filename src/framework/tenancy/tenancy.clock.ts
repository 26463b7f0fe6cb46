import { Injectable } from '@nestjs/common';

/** Time source of the tenant cache; tests replace `now` instead of waiting. */
@Injectable()
export class TenancyClock {
  now(): number {
    return Date.now();
  }
}
