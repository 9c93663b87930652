import { type CanActivate, Controller, type ExecutionContext, Get, Injectable } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { LoadShedder, LoadShedGuard, RateLimitModule } from '@omnigate/rate-limit';
import { startFastifyTestApp } from '../../auth/test/fastify-test-app';
import { removeTestRegistries, writeTestRegistry } from '../../auth/test/registry-fixture';
import { DependsOn } from './depends-on.decorator';

/** Stands in for the auth guard: the caller's plan is named by a header. */
@Injectable()
class PlanPrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.principal = {
      kind: 'channel',
      clientAppId: 'app',
      channel: 'storefront-web',
      plan: request.headers['x-plan'] as string,
      scopes: [],
    };
    return true;
  }
}

@Controller('v1')
class ShopController {
  @Get('availability')
  @DependsOn('system-erp', 'system-pos')
  availability() {
    return { ok: true };
  }

  @Get('pickup-orders')
  @DependsOn('process-orders')
  pickupOrders() {
    return { ok: true };
  }

  @Get('undeclared')
  undeclared() {
    return { ok: true };
  }
}

describe('DependsOn with the load-shed guard', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await startFastifyTestApp(
      {
        imports: [RateLimitModule.forRoot({ registryFile: writeTestRegistry().file })],
        controllers: [ShopController],
        providers: [PlanPrincipalGuard],
      },
      [PlanPrincipalGuard, LoadShedGuard],
    );
    app.get(LoadShedder).markUpstreamSaturated('system-erp', true);
  });
  afterAll(async () => {
    await app.close();
    removeTestRegistries();
  });

  const call = (url: string, plan: string) => app.inject({ method: 'GET', url, headers: { 'x-plan': plan } });

  it('sheds browsing of a route that depends on the saturated upstream with a problem and Retry-After', async () => {
    const shed = await call('/v1/availability', 'storefront-standard');
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['content-type']).toContain('application/problem+json');
    expect(shed.json().type).toBe('https://omnigate.dev/problems/overloaded');
    expect(shed.headers['retry-after']).toBe('1');
  });

  it('serves browsing of a route that does not depend on it', async () => {
    expect((await call('/v1/pickup-orders', 'storefront-standard')).statusCode).toBe(200);
  });

  it('serves a critical plan on the route that depends on it', async () => {
    expect((await call('/v1/availability', 'pos-device')).statusCode).toBe(200);
  });

  it('sheds browsing of a route that names no upstreams', async () => {
    expect((await call('/v1/undeclared', 'storefront-standard')).statusCode).toBe(503);
  });
});
