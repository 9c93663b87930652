import { ApiHeader } from '@nestjs/swagger';

/**
 * Documents the `Idempotency-Key` every write takes, the same way on every app; `more` adds what is
 * particular to the route (a batch, a return).
 */
export function ApiIdempotencyKey(more?: string): MethodDecorator & ClassDecorator {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description:
      'Unique per intended write, 1-255 printable characters (the example is for a first try: take a new key for each new write). ' +
      'A repeat with the same key and body answers the first result (Idempotent-Replayed: true) for at least 24 hours; ' +
      'the same key with another body is 422; a repeat while the first still runs waits a moment for its result, then 409; without a key 400.' +
      (more ? ` ${more}` : ''),
    schema: { type: 'string', maxLength: 255, example: '3f0c1c2e-6b1d-4f7a-9c55-2d8e4b7a1f90' },
  });
}
