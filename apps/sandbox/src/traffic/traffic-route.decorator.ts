import { SetMetadata } from '@nestjs/common';
import type { BackendName } from './backend-name';

/** Metadata keys read by the traffic interceptor. */
export const SANDBOX_BACKEND = 'sandbox:backend';
export const TRAFFIC_OPERATION = 'sandbox:operation';

/** Marks a controller as one simulated backend, so its calls are faulted and counted as that backend. */
export const SandboxBackend = (backend: BackendName) => SetMetadata(SANDBOX_BACKEND, backend);

/** Names a route's operation in counters and the call log: method plus the vendor's route pattern. */
export const TrafficOperation = (operation: string) => SetMetadata(TRAFFIC_OPERATION, operation);
