import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { VendorHttpError } from './vendor-http.error';

/** Renders a {@link VendorHttpError} exactly as the simulated backend would; scoped to sandbox controllers. */
@Catch(VendorHttpError)
export class VendorHttpErrorFilter implements ExceptionFilter<VendorHttpError> {
  catch(error: VendorHttpError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(error.status).headers(error.headers).send(error.body);
  }
}
