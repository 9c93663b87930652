import { type CanActivate, type ExecutionContext, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CredentialsInvalid, CredentialsMissing, IS_PUBLIC_ROUTE, routeMetadata } from '@omnigate/auth';
import { DomainError } from '@omnigate/problems';
import type { TowerPerson, TowerRole } from './tower-keys';
import { TowerKeyRing } from './tower-keys';

const REQUIRED_ROLE = 'control-tower:role';

/** Marks a route that mends (replay, release): operators only. Every other route of the API admits viewers too. */
export const OperatorsOnly = () => SetMetadata(REQUIRED_ROLE, 'operator' satisfies TowerRole);

/** A viewer asked for something only operators may do. */
export class OperatorRoleRequired extends DomainError {
  readonly type = 'operator-role-required';
  override readonly kind = 'forbidden';
  constructor() {
    super('Only an operator may do this; a viewer may look only');
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    towerPerson?: TowerPerson;
  }
}

/** The person behind a control tower request, once the guard admitted it. */
export const personOf = (request: FastifyRequest): TowerPerson => request.towerPerson!;

/** Admits a control tower key (`X-Control-Tower-Key`) of a viewer or an operator; mending routes admit operators only. */
@Injectable()
export class TowerAccessGuard implements CanActivate {
  private readonly logger = new Logger(TowerAccessGuard.name);

  constructor(
    private readonly keys: TowerKeyRing,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (routeMetadata<boolean>(this.reflector, IS_PUBLIC_ROUTE, context)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const key = request.headers['x-control-tower-key'];
    if (typeof key !== 'string' || key === '') {
      void http
        .getResponse<FastifyReply>()
        .header('www-authenticate', 'ControlTowerKey realm="omnigate-control-tower"');
      throw new CredentialsMissing('X-Control-Tower-Key');
    }
    const person = this.keys.identify(key);
    if (!person) throw new CredentialsInvalid();
    const required = routeMetadata<TowerRole | undefined>(this.reflector, REQUIRED_ROLE, context);
    if (required === 'operator' && person.role !== 'operator') {
      this.logger.warn(`viewer refused on ${request.method} ${request.routeOptions.url ?? 'unmatched'}`);
      throw new OperatorRoleRequired();
    }
    request.towerPerson = person;
    return true;
  }
}
