// Every language has every key, and every key the sources ask for exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages, LOCALES } from '../src/i18n';
import { NAV } from '../src/nav';
import { PLACE_KINDS, ROLES } from '../src/api/types';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(messages[l] as unknown as Tree)])) as Record<
  (typeof LOCALES)[number],
  Map<string, string>
>;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(vue|ts)$/.test(name) && !path.includes(`${join('src', 'i18n')}`)) out.push(path);
  }
  return out;
}
const srcDir = resolve(__dirname, '../src');
const code = sources(srcDir).map((p) => [p, readFileSync(p, 'utf8')] as const);

// Missing keys of `locale` compared with every other language.
export function missingKeys(keys: Record<string, Set<string>>): string[] {
  const all = new Set(Object.values(keys).flatMap((s) => [...s]));
  const out: string[] = [];
  for (const [locale, set] of Object.entries(keys)) for (const k of all) if (!set.has(k)) out.push(`${locale}: ${k}`);
  return out.sort();
}

describe('translations', () => {
  it('have the same keys in every language', () => {
    const keys = Object.fromEntries(LOCALES.map((l) => [l, new Set(flat[l].keys())]));
    expect(missingKeys(keys)).toEqual([]);
  });

  it('the key comparison notices a key missing from one language', () => {
    expect(missingKeys({ a: new Set(['x', 'y']), b: new Set(['x']) })).toEqual(['b: y']);
  });

  it('have no empty text', () => {
    for (const l of LOCALES) for (const [k, v] of flat[l]) expect(v.trim(), `${l} ${k}`).not.toBe('');
  });

  it('use the same placeholders in every language', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    for (const [k, v] of flat['zh-CN']) {
      for (const l of LOCALES) expect(names(flat[l].get(k) ?? ''), `${l} ${k}`).toBe(names(v));
    }
  });

  it('cover every key the sources name', () => {
    const used = new Set<string>();
    for (const [, text] of code) {
      for (const m of text.matchAll(/\bt\(\s*'([a-z_][\w.-]*)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !flat['zh-CN'].has(k));
    expect(missing).toEqual([]);
  });

  it('cover every value of the enums shown with a computed key', () => {
    for (const l of LOCALES) {
      const has = (k: string) => flat[l].has(k);
      for (const r of ROLES) expect(has(`roles.${r}`), `${l} roles.${r}`).toBe(true);
      for (const k of PLACE_KINDS) expect(has(`place_kinds.${k}`), `${l} place_kinds.${k}`).toBe(true);
      for (const n of NAV) expect(has(`nav.${n.name}`), `${l} nav.${n.name}`).toBe(true);
      for (const n of NAV.filter((i) => i.name !== 'dashboard'))
        expect(has(`nav_hint.${n.name}`), `${l} nav_hint.${n.name}`).toBe(true);
      for (const s of ['male', 'female', 'unknown']) expect(has(`sex.${s}`)).toBe(true);
      for (const d of ['resident_id', 'passport', 'other']) expect(has(`id_types.${d}`)).toBe(true);
      for (const x of LOCALES) expect(has(`locales.${x}`)).toBe(true);
    }
  });
});
