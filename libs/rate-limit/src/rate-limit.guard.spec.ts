import { type CanActivate, Controller, type ExecutionContext, Get, Injectable } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { startFastifyTestApp } from '../../auth/test/fastify-test-app';
import { writeTestRegistry, removeTestRegistries } from '../../auth/test/registry-fixture';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitModule } from './rate-limit.module';

/** Stands in for the auth guard: one POS app whose device is named by a header. */
@Injectable()
class DevicePrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const deviceId = request.headers['x-device'] as string | undefined;
    const plan = (request.headers['x-plan'] as string | undefined) ?? 'pos-device';
    request.principal = {
      kind: 'channel',
      clientAppId: 'pos-app',
      channel: 'pos',
      plan,
      deviceId,
      scopes: [],
    };
    return true;
  }
}

@Controller()
class SalesProbeController {
  @Get('v1/sales')
  sales() {
    return { ok: true };
  }
}

describe('RateLimitGuard without Redis', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startFastifyTestApp(
      {
        imports: [RateLimitModule.forRoot({ registryFile: writeTestRegistry().file })],
        controllers: [SalesProbeController],
        providers: [DevicePrincipalGuard],
      },
      [DevicePrincipalGuard, RateLimitGuard],
    );
  });
  afterAll(() => app.close());

  const call = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/v1/sales', headers });
  const allowedOf = async (headers: Record<string, string>, n: number) => {
    let allowed = 0;
    for (let i = 0; i < n; i++) if ((await call(headers)).statusCode === 200) allowed += 1;
    return allowed;
  };

  it('counts each device of a per-device plan on its own', async () => {
    expect(await allowedOf({ 'x-device': 'REG-1' }, 12)).toBe(10);
    expect(await allowedOf({ 'x-device': 'REG-2' }, 12)).toBe(10);
  });

  it('counts the client app as a whole on a plan that is not per device', async () => {
    expect(
      (await allowedOf({ 'x-device': 'REG-3', 'x-plan': 'service' }, 12)) +
        (await allowedOf({ 'x-device': 'REG-4', 'x-plan': 'service' }, 12)),
    ).toBe(20);
  });
});

afterAll(removeTestRegistries);
