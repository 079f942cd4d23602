// Dates of quarantine days are local calendar dates in the deployment's time zone.
import { describe, expect, it } from 'vitest';
import { localDay } from '../src/api/quarantine';

describe('localDay', () => {
  it('is the date in Asia/Shanghai, not in UTC', () => {
    // 16:30 UTC is 00:30 the next day in Shanghai.
    expect(localDay(0, 'Asia/Shanghai', new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    expect(localDay(0, 'UTC', new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-23');
  });

  it('counts days across month ends and leap days', () => {
    const noon = new Date('2024-02-28T04:00:00Z');
    expect(localDay(1, 'Asia/Shanghai', noon)).toBe('2024-02-29');
    expect(localDay(2, 'Asia/Shanghai', noon)).toBe('2024-03-01');
    expect(localDay(-14, 'Asia/Shanghai', new Date('2026-01-05T04:00:00Z'))).toBe('2025-12-22');
  });
});
