/**
 * The practice-management model: tenants, and each model's rows laid out in
 * per-tenant groups, so that every reference is picked inside the row's own
 * tenant (Groups.pick) and cross-tenant references cannot be produced.
 * Derived links (an appointment's location is its provider's; a note's
 * client and provider are its appointment's) are recomputed from the parent's
 * key, never stored.
 */
import type { GenContext } from '../../src/core/context.ts';
import { dayFromIso } from '../../src/core/dates.ts';
import { Groups } from '../../src/core/groups.ts';
import { intIn, pick } from '../../src/core/random.ts';
import { MODELS, share, type Model, type PmsParams } from './params.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

export class PmsModel {
  readonly tenants: string[];
  readonly groups: Record<Model, Groups>;
  /** Milliseconds of the reference date, 00:00 UTC. */
  readonly refMs: number;

  constructor(
    readonly ctx: GenContext,
    readonly p: PmsParams,
  ) {
    this.tenants = p.tenantIds.split(',');
    const n = this.tenants.length;
    this.groups = Object.fromEntries(MODELS.map((m) => [m, new Groups(n, (t) => share(p[m], n, t))])) as Record<Model, Groups>;
    this.refMs = dayFromIso(p.referenceDate) * DAY;
  }

  /** The tenant (index) of row i of a model. */
  tenantOf(model: Model, i: number): number {
    return this.groups[model].groupOf(i);
  }

  /** A parent row of tenant t, by the cell of (table, column, row). */
  pickIn(parent: Model, t: number, table: string, column: string, row: number): number {
    return this.groups[parent].pick(t, this.ctx.stream(table, column).at(row));
  }

  locationPractice(l: number): number {
    return this.pickIn('practice_profiles', this.tenantOf('locations', l), 'location', 'practice_id', l);
  }
  clientPractice(c: number): number {
    return this.pickIn('practice_profiles', this.tenantOf('clients', c), 'client', 'practice_id', c);
  }
  providerLocation(v: number): number {
    return this.pickIn('locations', this.tenantOf('providers', v), 'provider', 'location_id', v);
  }
  appointmentClient(a: number): number {
    return this.pickIn('clients', this.tenantOf('appointments', a), 'appointment', 'client_id', a);
  }
  appointmentProvider(a: number): number {
    return this.pickIn('providers', this.tenantOf('appointments', a), 'appointment', 'provider_id', a);
  }

  /** An appointment's start: a weekday-independent slot of 15 minutes, 8:00-16:45, within 60 days before or after the reference date. */
  appointmentStart(a: number): number {
    const h = this.ctx.stream('appointment', 'starts_at').at(a);
    const day = intIn(h, -60, 60);
    const slot = intIn(this.ctx.stream('appointment', 'slot').at(a), 0, 35);
    return this.refMs + day * DAY + 8 * 60 * MINUTE + slot * 15 * MINUTE;
  }
  appointmentMinutes(a: number): number {
    return pick(this.ctx.stream('appointment', 'duration').at(a), [30, 45, 60, 90]);
  }
  appointmentEnd(a: number): number {
    return this.appointmentStart(a) + this.appointmentMinutes(a) * MINUTE;
  }
}

export { DAY, MINUTE };
