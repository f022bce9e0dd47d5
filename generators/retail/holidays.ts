/** Holidays: US retail holidays by rule (holiday_calendar: us) and dated ones from the parameters, with the demand multiplier each brings. */
import { dayFromIso, dayFromYmd, nthWeekdayOfMonth } from '../../src/core/dates.ts';

export interface Holiday {
  name: string;
  multiplier: number;
}

const MON = 0;
const THU = 3;

export function holidaysOfYear(year: number): Map<number, Holiday> {
  const thanksgiving = nthWeekdayOfMonth(year, 11, THU, 4);
  const list: [number, string, number][] = [
    [dayFromYmd(year, 1, 1), "New Year's Day", 0.6],
    [nthWeekdayOfMonth(year, 5, MON, -1), 'Memorial Day', 1.2],
    [dayFromYmd(year, 7, 4), 'Independence Day', 1.3],
    [nthWeekdayOfMonth(year, 9, MON, 1), 'Labor Day', 1.2],
    [thanksgiving, 'Thanksgiving', 2.0],
    [thanksgiving + 1, 'Black Friday', 3.0],
    [thanksgiving + 4, 'Cyber Monday', 1.5],
    [dayFromYmd(year, 12, 24), 'Christmas Eve', 1.5],
    [dayFromYmd(year, 12, 25), 'Christmas Day', 0.3],
    [dayFromYmd(year, 12, 31), "New Year's Eve", 1.3],
  ];
  return new Map(list.map(([day, name, multiplier]) => [day, { name, multiplier }]));
}

/** Holidays by epoch day: rules computed a year at a time and kept, dated ones replacing a rule's on the same day. */
export class HolidayCalendar {
  private readonly years = new Map<number, Map<number, Holiday>>();
  private readonly dated: Map<number, Holiday>;
  constructor(
    private readonly rules = true,
    dated: readonly { date: string; name: string; multiplier: number }[] = [],
  ) {
    this.dated = new Map(dated.map((h) => [dayFromIso(h.date), { name: h.name, multiplier: h.multiplier }]));
  }
  get(day: number, year: number): Holiday | undefined {
    const own = this.dated.get(day);
    if (own || !this.rules) return own;
    let y = this.years.get(year);
    if (!y) this.years.set(year, (y = holidaysOfYear(year)));
    return y.get(day);
  }
}
