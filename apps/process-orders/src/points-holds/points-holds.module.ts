import { Module } from '@nestjs/common';
import { PointsHolds } from './points-holds';

/** Points holds on the loyalty platform, shared by the workflows that hold points (pickup orders, till redemptions). */
@Module({ providers: [PointsHolds], exports: [PointsHolds] })
export class PointsHoldsModule {}
