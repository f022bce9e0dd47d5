import type { TableSpec } from '../../../src/core/dataset.ts';
import { dayParts } from '../../../src/core/dates.ts';
import { countedRows } from '../../../src/core/rows.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import type { RetailModel } from '../model.ts';

export const calendar = defineTable({
  name: 'calendar',
  role: 'dimension',
  columns: [
    col.date('date').primaryKey(),
    col.smallint('day_of_week'),
    col.smallint('month'),
    col.smallint('quarter'),
    col.smallint('year'),
    col.boolean('is_holiday'),
    col.text('holiday_name').nullable(),
  ],
  checks: {
    day_of_week_range: 'day_of_week BETWEEN 0 AND 6',
    month_range: 'month BETWEEN 1 AND 12',
    quarter_range: 'quarter BETWEEN 1 AND 4',
  },
});

export function calendarTable(model: RetailModel): TableSpec {
  return calendar.spec(
    countedRows(
      model.days,
      calendar.tuple((i) => {
        const day = model.start + i;
        const p = dayParts(day);
        const holiday = model.holidayName(day);
        return [day, p.dayOfWeek, p.month, Math.ceil(p.month / 3), p.year, holiday !== null, holiday];
      }),
    ),
  );
}
