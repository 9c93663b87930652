import { Injectable } from '@nestjs/common';
import { SandboxClock } from '../sandbox-clock';
import { BackendTraffic } from '../traffic/backend-traffic';
import { readVendorBody } from '../vendor-body';
import { mintUniqueId, randomDigits } from '../vendor-ids';
import type { LoyaltyMember } from '../world/retailer-world.model';
import { RetailerWorld } from '../world/retailer-world';
import { loyaltyError } from './loyalty-error';
import { AccrualReversalRequest, PointsAccrualRequest, PointsRedemptionRequest } from './loyalty.dto';

type TransactionKind = 'ACCRUAL' | 'ACCRUAL_REVERSAL' | 'REDEMPTION' | 'REDEMPTION_CANCEL';

/** A movement on a member's points account; `points` is always positive, `kind` gives the direction. */
export interface LoyaltyTransaction {
  transactionId: string;
  kind: TransactionKind;
  points: number;
  reference: string;
  orderReference?: string;
  createdAt: string;
}

/** Points of an accrual taken back (a returned sale), under the caller's reversal reference. */
interface AccrualReversal {
  transactionId: string;
  memberNumber: string;
  accrualReference: string;
  reference: string;
  points: number;
}

/** Points taken from a member's account, until cancelled. */
export interface PointsRedemption {
  redemptionId: string;
  memberNumber: string;
  reference: string;
  points: number;
  status: 'COMPLETED' | 'CANCELLED';
  createdAt: string;
  cancelledAt?: string;
}

const MAX_TRANSACTIONS_PAGE = 100;

function balanceOf(member: LoyaltyMember) {
  return {
    availablePoints: member.availablePoints,
    pendingPoints: member.pendingPoints,
    lifetimePoints: member.lifetimePoints,
  };
}

function invalid(problems: string[]) {
  return loyaltyError(400, 'VALIDATION_FAILED', problems.join('; '));
}

/** The loyalty SaaS: member profiles and balances from the shared world, and its points ledger. */
@Injectable()
export class LoyaltyLedger {
  private transactions = new Map<string, LoyaltyTransaction[]>();
  private transactionIds = new Set<string>();
  private accrualsByReference = new Map<string, LoyaltyTransaction>();
  private accrualOwners = new Map<string, string>();
  private reversalsByReference = new Map<string, AccrualReversal>();
  private reversedPoints = new Map<string, number>();
  private redemptions = new Map<string, PointsRedemption>();
  private redemptionsByReference = new Map<string, PointsRedemption>();

  constructor(
    private readonly world: RetailerWorld,
    private readonly clock: SandboxClock,
    private readonly traffic: BackendTraffic,
  ) {}

  profile(memberNumber: string) {
    const member = this.memberOrThrow(memberNumber);
    const { firstName, lastName, email, tier, status, enrolledAt } = member;
    return {
      member: { memberNumber, firstName, lastName, email, tier, status, enrolledAt },
      balance: balanceOf(member),
    };
  }

  /** The member's most recent transactions, newest first. */
  history(memberNumber: string, limit: string | undefined) {
    this.memberOrThrow(memberNumber);
    const count = limit === undefined ? 20 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > MAX_TRANSACTIONS_PAGE) {
      throw invalid([`limit must be an integer between 1 and ${MAX_TRANSACTIONS_PAGE}`]);
    }
    const items = (this.transactions.get(memberNumber) ?? []).slice(-count).reverse();
    return { items };
  }

  /** Every transaction booked under one of the references (comma-separated, at most 100), with its member, oldest first. */
  byReferences(references: string | undefined) {
    const wanted = new Set(
      (references ?? '')
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== ''),
    );
    if (wanted.size === 0 || wanted.size > MAX_TRANSACTIONS_PAGE) {
      throw invalid([`references must name 1 to ${MAX_TRANSACTIONS_PAGE} references, comma-separated`]);
    }
    const items = [...this.transactions.entries()].flatMap(([memberNumber, history]) =>
      history.filter((t) => wanted.has(t.reference)).map((t) => ({ ...t, memberNumber })),
    );
    return { items: items.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) };
  }

  accrue(memberNumber: string, body: unknown) {
    const member = this.memberOrThrow(memberNumber);
    const request = readVendorBody(PointsAccrualRequest, body, invalid);
    const existing = this.accrualsByReference.get(request.reference);
    if (existing) {
      throw loyaltyError(409, 'DUPLICATE_REFERENCE', `Reference ${request.reference} was already accrued`, {
        transactionId: existing.transactionId,
      });
    }
    if (this.traffic.loseAccrual()) {
      // The loseAccruals fault: a transaction id is handed out, and nothing is booked.
      const transactionId = mintUniqueId(this.transactionIds, () => `TX${randomDigits(12)}`);
      return { transactionId, points: request.points, balance: balanceOf(member) };
    }
    member.availablePoints += request.points;
    member.lifetimePoints += request.points;
    const transaction = this.book(
      memberNumber,
      'ACCRUAL',
      request.points,
      request.reference,
      request.orderReference,
    );
    this.accrualsByReference.set(request.reference, transaction);
    this.accrualOwners.set(request.reference, memberNumber);
    return { transactionId: transaction.transactionId, points: request.points, balance: balanceOf(member) };
  }

  /**
   * Takes back (part of) an accrual, at most once per reversal reference and never more than the
   * accrual left unreversed. Like the platform it simulates, it lets the balance go below zero: the
   * member may have spent the points already.
   */
  reverseAccrual(accrualReference: string, body: unknown) {
    const accrual = this.accrualsByReference.get(accrualReference);
    const memberNumber = this.accrualOwners.get(accrualReference);
    if (!accrual || !memberNumber)
      throw loyaltyError(404, 'ACCRUAL_NOT_FOUND', `No accrual ${accrualReference}`);
    const request = readVendorBody(AccrualReversalRequest, body, invalid);
    const remaining = () => accrual.points - (this.reversedPoints.get(accrualReference) ?? 0);
    const existing = this.reversalsByReference.get(request.reference);
    if (existing) {
      throw loyaltyError(409, 'DUPLICATE_REFERENCE', `Reference ${request.reference} was already reversed`, {
        transactionId: existing.transactionId,
        accrualReference: existing.accrualReference,
        points: existing.points,
        memberNumber: existing.memberNumber,
        remainingPoints: accrual.points - (this.reversedPoints.get(existing.accrualReference) ?? 0),
      });
    }
    if (request.points > remaining()) {
      throw loyaltyError(
        422,
        'REVERSAL_EXCEEDS_ACCRUAL',
        `Accrual ${accrualReference} has ${remaining()} points left to reverse`,
        {
          remainingPoints: remaining(),
        },
      );
    }
    const member = this.memberOrThrow(memberNumber);
    member.availablePoints -= request.points;
    member.lifetimePoints -= request.points;
    this.reversedPoints.set(
      accrualReference,
      (this.reversedPoints.get(accrualReference) ?? 0) + request.points,
    );
    const transaction = this.book(
      memberNumber,
      'ACCRUAL_REVERSAL',
      request.points,
      request.reference,
      accrualReference,
    );
    this.reversalsByReference.set(request.reference, {
      transactionId: transaction.transactionId,
      memberNumber,
      accrualReference,
      reference: request.reference,
      points: request.points,
    });
    return {
      transactionId: transaction.transactionId,
      accrualReference,
      points: request.points,
      remainingPoints: remaining(),
      balance: balanceOf(member),
    };
  }

  redeem(memberNumber: string, body: unknown) {
    const member = this.memberOrThrow(memberNumber);
    const request = readVendorBody(PointsRedemptionRequest, body, invalid);
    const existing = this.redemptionsByReference.get(request.reference);
    if (existing) {
      throw loyaltyError(409, 'DUPLICATE_REFERENCE', `Reference ${request.reference} was already redeemed`, {
        redemptionId: existing.redemptionId,
      });
    }
    if (member.status === 'SUSPENDED')
      throw loyaltyError(422, 'MEMBER_SUSPENDED', `Member ${memberNumber} is suspended`);
    if (member.availablePoints < request.points) {
      throw loyaltyError(
        422,
        'INSUFFICIENT_POINTS',
        `Member ${memberNumber} has ${member.availablePoints} points available`,
        {
          availablePoints: member.availablePoints,
        },
      );
    }
    if (this.traffic.loseRedemption()) {
      // The loseRedemptions fault: a redemption id is handed out, and nothing is taken or booked.
      const redemptionId = mintUniqueId(this.redemptions, () => `RD${randomDigits(10)}`);
      return { redemptionId, points: request.points, status: 'COMPLETED', balance: balanceOf(member) };
    }
    member.availablePoints -= request.points;
    const redemption: PointsRedemption = {
      redemptionId: mintUniqueId(this.redemptions, () => `RD${randomDigits(10)}`),
      memberNumber,
      reference: request.reference,
      points: request.points,
      status: 'COMPLETED',
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    this.redemptions.set(redemption.redemptionId, redemption);
    this.redemptionsByReference.set(redemption.reference, redemption);
    this.book(memberNumber, 'REDEMPTION', request.points, request.reference);
    return {
      redemptionId: redemption.redemptionId,
      points: redemption.points,
      status: redemption.status,
      balance: balanceOf(member),
    };
  }

  /** Gives a redemption's points back; a redemption can be cancelled once. */
  cancel(redemptionId: string) {
    const redemption = this.redemptionOrThrow(redemptionId);
    if (redemption.status === 'CANCELLED') {
      throw loyaltyError(
        409,
        'ALREADY_CANCELLED',
        `Redemption ${redemptionId} was cancelled at ${redemption.cancelledAt}`,
      );
    }
    const member = this.memberOrThrow(redemption.memberNumber);
    member.availablePoints += redemption.points;
    redemption.status = 'CANCELLED';
    redemption.cancelledAt = new Date(this.clock.now()).toISOString();
    this.book(member.memberNumber, 'REDEMPTION_CANCEL', redemption.points, redemption.reference);
    return { redemptionId, status: redemption.status, balance: balanceOf(member) };
  }

  redemption(redemptionId: string): PointsRedemption {
    return this.redemptionOrThrow(redemptionId);
  }

  reset(): void {
    this.transactions = new Map();
    this.transactionIds = new Set();
    this.accrualsByReference = new Map();
    this.accrualOwners = new Map();
    this.reversalsByReference = new Map();
    this.reversedPoints = new Map();
    this.redemptions = new Map();
    this.redemptionsByReference = new Map();
  }

  private book(
    memberNumber: string,
    kind: TransactionKind,
    points: number,
    reference: string,
    orderReference?: string,
  ) {
    const transaction: LoyaltyTransaction = {
      transactionId: mintUniqueId(this.transactionIds, () => `TX${randomDigits(12)}`),
      kind,
      points,
      reference,
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    if (orderReference !== undefined) transaction.orderReference = orderReference;
    this.transactionIds.add(transaction.transactionId);
    const history = this.transactions.get(memberNumber);
    if (history) history.push(transaction);
    else this.transactions.set(memberNumber, [transaction]);
    return transaction;
  }

  private memberOrThrow(memberNumber: string): LoyaltyMember {
    const member = this.world.member(memberNumber);
    if (!member) throw loyaltyError(404, 'MEMBER_NOT_FOUND', `No member with number ${memberNumber}`);
    return member;
  }

  private redemptionOrThrow(redemptionId: string): PointsRedemption {
    const redemption = this.redemptions.get(redemptionId);
    if (!redemption) throw loyaltyError(404, 'REDEMPTION_NOT_FOUND', `No redemption ${redemptionId}`);
    return redemption;
  }
}
