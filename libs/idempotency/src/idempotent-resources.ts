import { Injectable } from '@nestjs/common';
import type { IdempotentResource } from './idempotency-claim';

type ResourceReader = (id: string, receipt: Readonly<Record<string, string>>) => Promise<unknown>;

/**
 * How each type of bound resource is read back as an answer. A feature defines its reader at start
 * (`onModuleInit`); the interceptor uses it to answer a retry whose first attempt committed its
 * outcome but never recorded its answer.
 */
@Injectable()
export class IdempotentResources {
  private readonly readers = new Map<string, ResourceReader>();

  /** Declares how a resource of `type` is answered: the same body the write's route answers. */
  define(type: string, read: ResourceReader): void {
    if (this.readers.has(type)) throw new Error(`Idempotent resource type '${type}' is defined twice`);
    this.readers.set(type, read);
  }

  /** The answer body for `resource` as it is now. */
  async read(resource: IdempotentResource): Promise<unknown> {
    const read = this.readers.get(resource.type);
    if (!read) throw new Error(`No reader is defined for idempotent resource type '${resource.type}'`);
    return read(resource.id, resource.receipt ?? {});
  }
}
