/** The envelope of every business event Omnigate records or emits. */
export interface EventEnvelope<T> {
  id: string;
  type: string;
  occurredAt: string;
  correlationId: string;
  causationId?: string;
  source: string;
  schemaVersion: number;
  data: T;
}
