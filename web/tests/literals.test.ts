// No text in a template outside the translation files: every text node and every
// user-visible attribute of every .vue template must come from t().
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'vue/compiler-sfc';
import { describe, expect, it } from 'vitest';

const VISIBLE_ATTRIBUTES = new Set(['placeholder', 'title', 'aria-label', 'alt', 'label']);
const LETTER = /\p{L}/u;

interface TemplateNode {
  type: number;
  content?: string;
  name?: string;
  value?: { content: string };
  props?: TemplateNode[];
  children?: TemplateNode[];
  loc: { start: { line: number } };
}

// Literal text found in one SFC's template: "line: text".
export function literalTexts(source: string): string[] {
  const { descriptor } = parse(source);
  const ast = descriptor.template?.ast as TemplateNode | undefined;
  const found: string[] = [];
  const walk = (node: TemplateNode) => {
    if (node.type === 2 && node.content && LETTER.test(node.content)) {
      found.push(`${node.loc.start.line}: ${node.content.trim()}`);
    }
    for (const p of node.props ?? []) {
      if (p.type === 6 && p.name && VISIBLE_ATTRIBUTES.has(p.name) && p.value && LETTER.test(p.value.content)) {
        found.push(`${p.loc.start.line}: ${p.name}="${p.value.content}"`);
      }
    }
    for (const c of node.children ?? []) walk(c);
  };
  if (ast) walk(ast);
  return found;
}

function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return vueFiles(path);
    return name.endsWith('.vue') ? [path] : [];
  });
}

describe('templates', () => {
  it('hold no literal text', () => {
    const offenders = vueFiles(resolve(__dirname, '../src')).flatMap((file) =>
      literalTexts(readFileSync(file, 'utf8')).map((l) => `${file}:${l}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the check finds literal text and visible attributes, in either script', () => {
    const sfc = `<template><div><p>登录</p><input placeholder="Name" /><span>{{ t('ok') }}</span><b>▸ /</b></div></template>`;
    expect(literalTexts(sfc)).toEqual(['1: 登录', '1: placeholder="Name"']);
  });
});
