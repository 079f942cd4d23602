// Languages of the UI: simplified Chinese by default, traditional Chinese and English on
// request; the choice is remembered in localStorage. Dates, numbers and temperatures are
// formatted per locale here and nowhere else.
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import zhTW from './zh-TW';
import en from './en';

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'cordon.locale';

export const messages = { 'zh-CN': zhCN, 'zh-TW': zhTW, en } as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Locale {
  try {
    const value = storage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages,
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

function current(): Locale {
  return i18n.global.locale.value as Locale;
}

// "2020-02-03" (a local date) -> "2020年2月3日" / "Feb 3, 2020".
export function formatDate(date: string | null | undefined, locale: Locale = current()): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

// An RFC 3339 instant, shown in the deployment's time zone.
export function formatInstant(
  instant: string | null | undefined,
  locale: Locale = current(),
  timeZone = 'Asia/Shanghai',
): string {
  if (!instant) return '';
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  }).format(d);
}

export function formatNumber(n: number | null | undefined, locale: Locale = current()): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  return new Intl.NumberFormat(locale).format(n);
}

// Temperatures are °C with one decimal: 38.5 °C.
export function formatTemperature(celsius: number | null | undefined, locale: Locale = current()): string {
  if (celsius === null || celsius === undefined || Number.isNaN(celsius)) return '';
  const n = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(celsius);
  return `${n} °C`;
}
