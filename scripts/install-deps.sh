#!/usr/bin/env bash
# Installs the Debian packages cordon builds and tests with (see DESIGN.md, "Libraries").
# Idempotent: only missing packages are installed, so a prepared machine pays nothing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql nginx-light
  libopencc-dev opencc libicu-dev libsodium-dev
  libspdlog-dev libfmt-dev libcli11-dev libxlsxwriter-dev libqrencode-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 curl ca-certificates ccache
  # The web UI's browser tests: Debian's Chromium, and a CJK font so pages render.
  chromium fonts-wqy-microhei
)

# Node.js builds the web UI (web/). Debian 12 ships Node 18 and npm 9, which the pinned
# Vite 5 and Vitest 2 support; a newer node already on PATH (e.g. Node 20 with its own
# npm) is kept, and Debian's is installed only when node or npm is missing or too old.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 18 ]; then
  packages+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

# `install-deps.sh bench` adds what `make bench` measures against.
if [ "${1:-}" = bench ]; then
  packages+=(wrk nginx)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
filtered=("${missing[@]}")

if [ ${#filtered[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${filtered[*]}"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${filtered[@]}"
