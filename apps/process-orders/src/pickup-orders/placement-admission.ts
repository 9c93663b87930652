import { Inject, Injectable } from '@nestjs/common';
import { AdmissionGate, Clock } from '@omnigate/workflow';
import { ProcessOrdersConfig } from '../process-orders.config';

/** The placements this replica admits at once (PLACEMENT_MAX_IN_FLIGHT) and lets wait (PLACEMENT_MAX_QUEUED). */
@Injectable()
export class PlacementAdmission {
  readonly gate: AdmissionGate;

  constructor(@Inject(ProcessOrdersConfig) config: ProcessOrdersConfig, clock: Clock) {
    this.gate = new AdmissionGate(
      'pickup order placements',
      { maxInFlight: config.PLACEMENT_MAX_IN_FLIGHT, maxQueued: config.PLACEMENT_MAX_QUEUED },
      () => clock.now().getTime(),
    );
  }
}
