import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant, formatNumber, formatTemperature, storedLocale, DEFAULT_LOCALE } from '../src/i18n';

describe('formatting per locale', () => {
  it('writes local dates in each language without shifting the day', () => {
    expect(formatDate('2020-02-03', 'zh-CN')).toBe('2020年2月3日');
    expect(formatDate('2020-02-03', 'zh-TW')).toBe('2020年2月3日');
    expect(formatDate('2020-02-03', 'en')).toBe('Feb 3, 2020');
    expect(formatDate('2020-02-29', 'en')).toBe('Feb 29, 2020');
    expect(formatDate(null, 'en')).toBe('');
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });

  it('shows instants in the deployment time zone', () => {
    // 16:30 UTC is half past midnight the next day in Shanghai.
    expect(formatInstant('2020-02-03T16:30:00Z', 'en')).toContain('02/04/2020');
    expect(formatInstant('2020-02-03T16:30:00Z', 'zh-CN')).toContain('2020/02/04');
    expect(formatInstant('2020-02-03T16:30:00Z', 'zh-CN')).toContain('00:30:00');
  });

  it('groups numbers and writes temperatures with one decimal in °C', () => {
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatTemperature(38.5, 'zh-CN')).toBe('38.5 °C');
    expect(formatTemperature(37, 'en')).toBe('37.0 °C');
    expect(formatTemperature(36.84, 'zh-TW')).toBe('36.8 °C');
    expect(formatTemperature(null, 'en')).toBe('');
  });

  it('remembers a valid language only', () => {
    const store = (v: string | null) => ({ getItem: () => v });
    expect(DEFAULT_LOCALE).toBe('zh-CN');
    expect(storedLocale(store(null))).toBe('zh-CN');
    expect(storedLocale(store('en'))).toBe('en');
    expect(storedLocale(store('zh-TW'))).toBe('zh-TW');
    expect(storedLocale(store('fr'))).toBe('zh-CN');
    expect(storedLocale({ getItem: () => { throw new Error('denied'); } })).toBe('zh-CN');
  });
});
