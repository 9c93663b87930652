import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Marks a write endpoint as taking an `Idempotency-Key`: runs it through the
 * {@link IdempotencyInterceptor} and documents the header and its error answers.
 */
export function Idempotent(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description:
        'Unique per operation (a UUID is a good choice), 1 to 255 printable ASCII characters. A retry with the same key ' +
        'and request gets the first answer again, with `Idempotent-Replayed: true`; if that answer was lost after the write ' +
        'took effect, the retry gets what the write created or changed, as it is now. Keys are kept for at least 24 hours.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
      },
    }),
    ApiResponse({
      status: 400,
      description: 'Idempotency-Key missing or malformed (idempotency-key-missing, idempotency-key-invalid)',
    }),
    ApiResponse({
      status: 409,
      description: 'A request with this Idempotency-Key is still being processed (idempotency-key-in-flight)',
    }),
    ApiResponse({
      status: 422,
      description: 'This Idempotency-Key was already used with a different request (idempotency-key-reused)',
    }),
  );
}
