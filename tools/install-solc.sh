#!/usr/bin/env bash
# Install the solc-js adapter where py-solc-x looks for installed compilers
# ($SOLCX_BINARY_PATH, default ~/.solcx), under the name py-solc-x expects.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(node -p "require('$root/node_modules/solc/package.json').version")"
dest="${SOLCX_BINARY_PATH:-$HOME/.solcx}"
mkdir -p "$dest"
target="$dest/solc-v$version"
cat > "$target" <<SH
#!/usr/bin/env bash
exec node "$root/tools/solc-adapter.js" "\$@"
SH
chmod +x "$target"
"$target" --version | tail -1
