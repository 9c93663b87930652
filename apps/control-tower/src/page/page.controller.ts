import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn } from 'class-validator';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@omnigate/auth';

// The page is hand-written static HTML, JS and CSS under apps/control-tower/public, copied to dist/ by the build: no CDN.
const PUBLIC_DIR = join(__dirname, '..', '..', 'public');
const ASSETS = { 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8' } as const;

class AssetParams {
  @IsIn(Object.keys(ASSETS))
  file!: keyof typeof ASSETS;
}

const read = (file: string) => readFileSync(join(PUBLIC_DIR, file), 'utf8');

/** Serves the control tower page; the page itself signs in with a key and calls `/api`. */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller()
export class PageController {
  private readonly files = {
    'index.html': read('index.html'),
    'app.js': read('app.js'),
    'app.css': read('app.css'),
  };

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @Header('content-security-policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
  page() {
    return this.files['index.html'];
  }

  @Get('assets/:file')
  @Header('cache-control', 'no-cache')
  asset(@Param() { file }: AssetParams, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('content-type', ASSETS[file]);
    return this.files[file];
  }
}
