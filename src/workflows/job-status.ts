/** How Graph writes a time that never happened (`0001-01-01T00:00:00Z`). */
export const ZERO_TIME_PREFIX = '0001-01-01';
