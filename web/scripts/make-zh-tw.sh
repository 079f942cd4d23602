#!/usr/bin/env bash
# Regenerates src/i18n/zh-TW.ts from zh-CN.ts with OpenCC (simplified to Taiwan usage,
# phrases included), keeping the terms of the field where Taiwan usage differs.
set -euo pipefail
cd "$(dirname "$0")/../src/i18n"
opencc -c s2twp.json -i zh-CN.ts -o zh-TW.ts
# 社区 (a residents' community, the level of the tree) is 社區, not 社群 (an online group).
sed -i '1s#.*#// 繁體中文，由 scripts/make-zh-tw.sh 從 zh-CN.ts 產生。鍵與 zh-CN 相同（tests/i18n.test.ts 檢查）。#; s/社群/社區/g' zh-TW.ts
