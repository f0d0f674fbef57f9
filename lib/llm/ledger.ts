// Costs and the hard budget. Before a call is sent, an upper bound of its cost is reserved; when
// it returns, the reservation is replaced by the real cost (commit) or dropped (release). The
// budget is compared with realised + reserved cost, so calls in flight at the same time can
// never together overshoot it (spec §15: "committed cost").
import { LlmError } from "./errors.js";
import type { TokenUsage } from "./types.js";

export interface ModelTotals {
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** False once any call of this model had no price (counted as 0). */
  priced: boolean;
}

export interface Reservation {
  readonly id: number;
  readonly model: string;
  readonly usd: number;
}

export interface LedgerState {
  budget_usd: number | null;
  by_model: Record<string, ModelTotals>;
}

export class CostLedger {
  private realised = 0;
  private reservedTotal = 0;
  private nextId = 1;
  private readonly open = new Map<number, Reservation>();
  private readonly models = new Map<string, ModelTotals>();

  constructor(readonly budget_usd: number | null = null) {
    if (budget_usd !== null && !(budget_usd >= 0 && Number.isFinite(budget_usd))) {
      throw new RangeError(`budget_usd must be a finite number >= 0 or null, got ${budget_usd}`);
    }
  }

  /** Cost of finished calls. */
  get total_usd(): number {
    return this.realised;
  }

  /** Upper bounds held by calls in flight. */
  get reserved_usd(): number {
    return this.reservedTotal;
  }

  /** What the budget is compared with: realised plus reserved. */
  get committed_usd(): number {
    return this.realised + this.reservedTotal;
  }

  /** What is left for new reservations (Infinity without a budget). */
  remaining_usd(): number {
    return this.budget_usd === null ? Infinity : Math.max(0, this.budget_usd - this.committed_usd);
  }

  /** True when no further call may start. */
  exhausted(): boolean {
    return this.budget_usd !== null && this.committed_usd >= this.budget_usd;
  }

  /**
   * Holds `usd` for a call about to start, or throws LlmError("budget") when it does not fit.
   * Synchronous, so concurrent callers on the event loop cannot both pass the check.
   */
  reserve(model: string, usd: number): Reservation {
    if (!(usd >= 0) || !Number.isFinite(usd)) throw new RangeError(`reservation must be finite and >= 0, got ${usd}`);
    if (this.budget_usd !== null && (this.exhausted() || this.committed_usd + usd > this.budget_usd)) {
      throw new LlmError(
        "budget",
        `budget of $${this.budget_usd} reached: committed $${this.committed_usd.toFixed(6)}, ` +
          `this ${model} call may cost up to $${usd.toFixed(6)}`,
        { model },
      );
    }
    const reservation: Reservation = { id: this.nextId++, model, usd };
    this.open.set(reservation.id, reservation);
    this.reservedTotal += usd;
    return reservation;
  }

  /** Replaces a reservation with the call's real cost and usage. */
  commit(reservation: Reservation, usd: number, usage: TokenUsage, priced = true): void {
    this.drop(reservation);
    this.record(reservation.model, usd, usage, priced);
  }

  /** Drops a reservation whose call cost nothing (it failed before the server charged). */
  release(reservation: Reservation): void {
    this.drop(reservation);
  }

  /** Adds a finished call's cost directly (calls that needed no reservation). */
  record(model: string, usd: number, usage: TokenUsage, priced = true): void {
    if (!(usd >= 0) || !Number.isFinite(usd)) throw new RangeError(`cost must be finite and >= 0, got ${usd}`);
    const totals = this.models.get(model) ?? { calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0, priced: true };
    totals.calls += 1;
    totals.input_tokens += usage.input_tokens;
    totals.output_tokens += usage.output_tokens;
    totals.cost_usd += usd;
    totals.priced &&= priced;
    this.models.set(model, totals);
    this.realised += usd;
  }

  by_model(): Record<string, ModelTotals> {
    return Object.fromEntries([...this.models].map(([name, totals]) => [name, { ...totals }]));
  }

  /** Models seen without a price (their calls were counted at $0). */
  unpriced_models(): string[] {
    return [...this.models].filter(([, totals]) => !totals.priced).map(([name]) => name);
  }

  /** Realised totals, for resume; reservations of calls in flight are not saved (they are lost). */
  toJSON(): LedgerState {
    return { budget_usd: this.budget_usd, by_model: this.by_model() };
  }

  static fromJSON(state: LedgerState, budget_usd: number | null = state.budget_usd): CostLedger {
    const ledger = new CostLedger(budget_usd);
    for (const [name, totals] of Object.entries(state.by_model)) {
      ledger.models.set(name, { ...totals });
      ledger.realised += totals.cost_usd;
    }
    return ledger;
  }

  private drop(reservation: Reservation): void {
    if (!this.open.delete(reservation.id)) throw new Error(`reservation ${reservation.id} was already settled`);
    this.reservedTotal -= reservation.usd;
    // Floating-point drift must not leave a phantom reservation once nothing is in flight.
    if (this.open.size === 0) this.reservedTotal = 0;
  }
}
