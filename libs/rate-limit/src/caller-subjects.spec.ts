import { type CanActivate, Controller, type ExecutionContext, Get, Injectable, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type InternalCaller, Public } from '@omnigate/auth';
import type { FastifyRequest } from 'fastify';
import { startFastifyTestApp } from '../../auth/test/fastify-test-app';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitModule } from './rate-limit.module';

/** Stands in for `InternalAuthGuard`: the caller named by a header, acting for a client app named by another. */
@Injectable()
class InternalPrincipalGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const caller = request.headers['x-caller'] as InternalCaller | undefined;
    if (caller)
      request.principal = {
        kind: 'internal',
        caller,
        clientAppId: (request.headers['x-on-behalf-of'] as string | undefined) ?? caller,
        scopes: [],
      };
    return true;
  }
}

let postings = 0;

@Controller()
class ProbeController {
  @Post('v1/postings')
  post() {
    postings += 1;
    return { postings };
  }

  @Public()
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }
}

const LIMIT = 60;

describe('RateLimitModule.forCallers', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startFastifyTestApp(
      {
        imports: [RateLimitModule.forCallers({ api: 'system-probe', limits: { perS: 1, burst: LIMIT } })],
        controllers: [ProbeController],
        providers: [InternalPrincipalGuard],
      },
      [InternalPrincipalGuard, RateLimitGuard],
    );
  });
  afterAll(() => app.close());

  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/v1/postings', headers });

  it('counts each calling app on its own, whichever client app it acts for, and a refused request runs nothing', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const answer = await post({ 'x-caller': 'experience-storefront', 'x-on-behalf-of': `web-${i % 3}` });
      expect(answer.statusCode).toBe(201);
    }
    const ran = postings;
    const refused = await post({ 'x-caller': 'experience-storefront', 'x-on-behalf-of': 'web-9' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json<{ type: string }>().type).toBe('https://omnigate.dev/problems/rate-limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['ratelimit-policy']).toBe('"burst";q=60;w=1, "sustained";q=60;w=60');
    expect(postings).toBe(ran);

    const other = await post({ 'x-caller': 'process-orders' });
    expect(other.statusCode).toBe(201);
    expect(other.headers['ratelimit']).toMatch(/^"sustained";r=59;t=\d+$/);
  });

  it('counts no request without a caller (public routes)', async () => {
    for (let i = 0; i < LIMIT + 5; i++) {
      const answer = await app.inject({ method: 'GET', url: '/health/live' });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['ratelimit']).toBeUndefined();
    }
  });
});
