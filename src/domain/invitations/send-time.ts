/**
 * A send time as the hosted platform's Invitation API takes it, in UTC: `MM/DD/YYYY HH:mm:ss`
 * (`09/07/2013 13:37:00`), or ISO 8601 (`2013-09-07T13:37:00Z`; without an offset it is UTC too, as the
 * platform's own examples write it). Answers epoch milliseconds, or undefined for anything else, a date
 * that does not exist (`02/30/2026`) included.
 *
 * ```ts
 * parseSendTime('09/07/2013 13:37:00'); // Date.UTC(2013, 8, 7, 13, 37)
 * parseSendTime('2013-09-07T15:37:00+02:00'); // the same instant
 * ```
 */
export function parseSendTime(text: string): number | undefined {
  const value = text.trim();
  const us = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (us) {
    const [, month, day, year, hour, minute, second] = us.map(Number);
    return utc(year, month, day, hour, minute, second, 0, 0);
  }
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      value,
    );
  if (!iso) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = iso;
  const offset = zone.toUpperCase() === 'Z' ? 0 : offsetMinutes(zone);
  if (offset === undefined) return undefined;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  return utc(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    ms,
    offset,
  );
}

function offsetMinutes(zone: string): number | undefined {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** The instant, or undefined when a field is out of range (the date must exist as written). */
function utc(
  year: number | undefined,
  month: number | undefined,
  day: number | undefined,
  hour: number | undefined,
  minute: number | undefined,
  second: number | undefined,
  ms: number,
  offsetMin: number,
): number | undefined {
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined
  ) {
    return undefined;
  }
  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const date = new Date(at);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return undefined;
  return at - offsetMin * 60_000;
}
