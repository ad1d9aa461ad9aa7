/**
 * Reporting periods. Three "years" coexist (calendar year, police statistical
 * year, assessment year), and the police month runs from the 15th to the
 * 14th; every aggregate is keyed by (convention, period).
 *
 * @module
 */
import { z } from 'zod';
import { addDays, type IsoDate } from './values.js';

/**
 * A period convention.
 * - `calendar-year`: 01/01 → 31/12.
 * - `police-month`: 15th of the previous month → 14th (the bulletin "9/2021" covers 15/08–14/09/2021).
 * - `police-year`: 15/12 of the previous year → 14/12 [U: by extension of the police month].
 * - `assessment-year-commune`: 01/12 of the previous year → 30/11 [U] (TT 124 commune window, overridable).
 * - `assessment-year-residential`: 01/11 of the previous year → 31/10 (TT 124 residential window).
 *
 * @example
 * ```ts
 * PeriodConvention.parse('police-month');
 * ```
 */
export const PeriodConvention = z.enum(['calendar-year', 'police-month', 'police-year', 'assessment-year-commune', 'assessment-year-residential']);
/** A period convention. */
export type PeriodConvention = z.infer<typeof PeriodConvention>;

/** A concrete period: convention, label, first and last day (inclusive). */
export interface Period {
  readonly convention: PeriodConvention;
  readonly year: number;
  /** 1-12 for police months. */
  readonly month?: number;
  /** e.g. `2023`, `2023-09` (police month 15/08–14/09). */
  readonly key: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * The period of a convention for a year (and month, for police months).
 *
 * @example
 * ```ts
 * periodOf('police-month', 2021, 9);  // { from: '2021-08-15', to: '2021-09-14', key: '2021-09', … }
 * periodOf('calendar-year', 2019);    // { from: '2019-01-01', to: '2019-12-31', … }
 * ```
 */
export function periodOf(convention: PeriodConvention, year: number, month?: number): Period {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must be a 4-digit integer, got ${year}`);
  switch (convention) {
    case 'calendar-year':
      return { convention, year, key: String(year), from: `${year}-01-01`, to: `${year}-12-31` };
    case 'police-year':
      return { convention, year, key: String(year), from: `${year - 1}-12-15`, to: `${year}-12-14` };
    case 'assessment-year-commune':
      return { convention, year, key: String(year), from: `${year - 1}-12-01`, to: `${year}-11-30` };
    case 'assessment-year-residential':
      return { convention, year, key: String(year), from: `${year - 1}-11-01`, to: `${year}-10-31` };
    case 'police-month': {
      if (month === undefined || !Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`police-month needs a month 1-12, got ${String(month)}`);
      const prevYear = month === 1 ? year - 1 : year;
      const prevMonth = month === 1 ? 12 : month - 1;
      return { convention, year, month, key: `${year}-${pad(month)}`, from: `${prevYear}-${pad(prevMonth)}-15`, to: `${year}-${pad(month)}-14` };
    }
  }
}

/**
 * The period of a convention that contains `date`.
 *
 * @example
 * ```ts
 * periodContaining('police-month', '2021-09-15').key; // '2021-10'
 * periodContaining('assessment-year-commune', '2022-12-01').year; // 2023
 * ```
 */
export function periodContaining(convention: PeriodConvention, date: IsoDate): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  switch (convention) {
    case 'calendar-year':
      return periodOf(convention, year);
    case 'police-year':
      return periodOf(convention, month === 12 && day >= 15 ? year + 1 : year);
    case 'assessment-year-commune':
      return periodOf(convention, month === 12 ? year + 1 : year);
    case 'assessment-year-residential':
      return periodOf(convention, month >= 11 ? year + 1 : year);
    case 'police-month': {
      if (day >= 15) return month === 12 ? periodOf(convention, year + 1, 1) : periodOf(convention, year, month + 1);
      return periodOf(convention, year, month);
    }
  }
}

/**
 * True when `date` lies in `period` (bounds inclusive).
 *
 * @example
 * ```ts
 * inPeriod('2019-12-31', periodOf('calendar-year', 2019)); // true
 * ```
 */
export function inPeriod(date: IsoDate, period: Pick<Period, 'from' | 'to'>): boolean {
  return date >= period.from && date <= period.to;
}

/**
 * The period just before `period` in the same convention.
 *
 * @example
 * ```ts
 * previousPeriod(periodOf('police-month', 2021, 1)).key; // '2020-12'
 * ```
 */
export function previousPeriod(period: Period): Period {
  return periodContaining(period.convention, addDays(period.from, -1));
}

/**
 * The half-months (1st–14th, 15th–last day) that lie wholly within
 * `from`…`to`: the finest grain at which incident counts know when an
 * incident happened (a period's counts take the half-months inside it).
 *
 * @example
 * ```ts
 * halfMonthsOf('2019-11-15', '2019-12-31'); // [{ from: '2019-11-15', to: '2019-11-30' }, { from: '2019-12-01', to: '2019-12-14' }, { from: '2019-12-15', to: '2019-12-31' }]
 * ```
 */
export function halfMonthsOf(from: IsoDate, to: IsoDate): ReadonlyArray<{ readonly from: IsoDate; readonly to: IsoDate }> {
  const key = `${from}|${to}`;
  let hit = halfMonthsCache.get(key);
  if (hit === undefined) {
    // a few periods are asked over and over: each list is made once (frozen, so shared safely)
    if (halfMonthsCache.size >= 256) halfMonthsCache.clear();
    halfMonthsCache.set(key, (hit = Object.freeze(listHalfMonths(from, to).map((h) => Object.freeze(h)))));
  }
  return hit;
}

const halfMonthsCache = new Map<string, ReadonlyArray<{ readonly from: IsoDate; readonly to: IsoDate }>>();

function listHalfMonths(from: IsoDate, to: IsoDate): Array<{ from: IsoDate; to: IsoDate }> {
  const out: Array<{ from: IsoDate; to: IsoDate }> = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  let firstHalf = Number(from.slice(8, 10)) < 15;
  for (;;) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const hf = firstHalf ? `${ym}-01` : `${ym}-15`;
    const ht = firstHalf ? `${ym}-14` : `${ym}-${String(last).padStart(2, '0')}`;
    if (hf > to) break;
    if (hf >= from && ht <= to) out.push({ from: hf, to: ht });
    if (firstHalf) firstHalf = false;
    else {
      firstHalf = true;
      m++;
      if (m > 12) {
        m = 1;
        y++;
      }
    }
  }
  return out;
}
