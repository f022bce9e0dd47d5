import type { TableSpec } from '../../../src/core/dataset.ts';
import { dayParts } from '../../../src/core/dates.ts';
import { countedRows } from '../../../src/core/rows.ts';
import type { RetailModel } from '../model.ts';

export function calendarTable(model: RetailModel): TableSpec {
  return {
    name: 'calendar',
    role: 'dimension',
    columns: ['date date', 'day_of_week smallint', 'month smallint', 'quarter smallint', 'year smallint', 'is_holiday boolean', 'holiday_name text null'],
    primaryKey: ['date'],
    checks: {
      day_of_week_range: 'day_of_week BETWEEN 0 AND 6',
      month_range: 'month BETWEEN 1 AND 12',
      quarter_range: 'quarter BETWEEN 1 AND 4',
    },
    rows: countedRows(model.days, (i) => {
      const day = model.start + i;
      const p = dayParts(day);
      const holiday = model.holidayName(day);
      return [day, p.dayOfWeek, p.month, Math.ceil(p.month / 3), p.year, holiday !== null, holiday];
    }),
  };
}
