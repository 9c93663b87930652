import { AsyncResource } from 'node:async_hooks';
import type { BatchLoader } from './read-through-cache';

/** How a {@link LoadBatcher} gathers keys: per group, for a short window, at most `maxKeys` in one load. */
export interface LoadBatchOptions {
  /** How long the first key of a batch waits for others to join it; 0 still joins loads asked in the same tick. */
  windowMs: number;
  /** Largest batch the backend takes in one call; a full batch is sent at once. */
  maxKeys: number;
  /**
   * Batches of one group in flight at once. When that many are out, the next batch keeps gathering
   * keys until one comes back: under load, a store's misses ride one call per backend round trip.
   */
  maxInFlightPerGroup: number;
  /**
   * Least time between the start of two calls of one group. Keys that miss just after a call wait
   * for the next one: a store read cold costs a few calls, not one per backend round trip. A full
   * batch does not wait. 0: no spacing.
   */
  minGapMs: number;
  /** Keys of one group can share one backend call (e.g. one store's SKUs share one stock query). */
  groupOf: (key: string) => string;
}

interface PendingBatch<T> {
  keys: Set<string>;
  loaded: Promise<Map<string, T>>;
  /** The window has closed: the batch goes as soon as the group has a call to spare. */
  due: boolean;
  send: () => void;
  /** The window, or the gap left before the group's next call. */
  timer?: NodeJS.Timeout;
}

/**
 * DataLoader-style batching of backend loads: the loads asked for one group within a short window
 * go to the backend as one call, and each asker gets the answer to its own keys. It sits under
 * {@link ReadThroughCache}'s coalescing, which shares a load per key; this shares one backend call
 * among the loads of different keys that arrive together. A batch is loaded in the request context
 * of its first asker (its deadline and correlation id), as a coalesced load is.
 */
export class LoadBatcher<T> {
  private readonly pending = new Map<string, PendingBatch<T>>();
  private readonly inFlight = new Map<string, number>();
  /** When each group's last call went out (groups are stores: a bounded set). */
  private readonly lastSentAt = new Map<string, number>();

  constructor(
    private readonly loadBatch: BatchLoader<T>,
    private readonly options: LoadBatchOptions,
  ) {}

  /** Loads `keys` as part of the batches open for their groups, opening batches where none is. */
  async load(keys: string[]): Promise<Map<string, T>> {
    const batches = new Set<Promise<Map<string, T>>>();
    for (const key of new Set(keys)) batches.add(this.join(key));
    const answers = new Map<string, T>();
    for (const loaded of await Promise.all(batches)) {
      for (const key of keys) {
        const value = loaded.get(key);
        if (value !== undefined) answers.set(key, value);
      }
    }
    return answers;
  }

  private join(key: string): Promise<Map<string, T>> {
    const group = this.options.groupOf(key);
    const batch = this.pending.get(group) ?? this.open(group);
    batch.keys.add(key);
    const { loaded } = batch;
    if (batch.keys.size >= this.options.maxKeys) batch.send();
    return loaded;
  }

  private open(group: string): PendingBatch<T> {
    const asker = new AsyncResource('LoadBatch');
    let send!: () => void;
    const keys = new Set<string>();
    const loaded = new Promise<Map<string, T>>((resolve, reject) => {
      send = () => {
        if (this.pending.get(group) !== batch) return;
        this.pending.delete(group);
        clearTimeout(batch.timer);
        this.lastSentAt.set(group, Date.now());
        this.inFlight.set(group, (this.inFlight.get(group) ?? 0) + 1);
        new Promise<Map<string, T>>((loadedHere) =>
          loadedHere(asker.runInAsyncScope(() => this.loadBatch([...keys]))),
        )
          .then(resolve, reject)
          .finally(() => {
            asker.emitDestroy();
            this.landed(group);
          });
      };
    });
    const batch: PendingBatch<T> = { keys, loaded, due: false, send };
    batch.timer = setTimeout(() => {
      batch.due = true;
      this.sendWhenAllowed(group, batch);
    }, this.options.windowMs);
    this.pending.set(group, batch);
    return batch;
  }

  /** A due batch goes when the group has a call to spare and its last call is at least the gap old. */
  private sendWhenAllowed(group: string, batch: PendingBatch<T>): void {
    if ((this.inFlight.get(group) ?? 0) >= this.options.maxInFlightPerGroup) return;
    const gapLeft = (this.lastSentAt.get(group) ?? -Infinity) + this.options.minGapMs - Date.now();
    clearTimeout(batch.timer);
    if (gapLeft > 0) batch.timer = setTimeout(() => this.sendWhenAllowed(group, batch), gapLeft);
    else batch.send();
  }

  /** A batch of the group came back: the next one, if its window has closed, goes now. */
  private landed(group: string): void {
    const left = (this.inFlight.get(group) ?? 1) - 1;
    if (left > 0) this.inFlight.set(group, left);
    else this.inFlight.delete(group);
    const next = this.pending.get(group);
    if (next?.due) this.sendWhenAllowed(group, next);
  }
}
