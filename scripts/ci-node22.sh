#!/usr/bin/env bash
# The whole suite again on Node 22, after CI's Node 20 run (Node 20 is past its end of life).
#
# Node 22 comes from the npm registry (the `node@22` package, installed into .ci/node22), not nodejs.org.
# better-sqlite3 is a native module built for one Node ABI, so it is compiled again for Node 22 against
# the headers that package ships, and the Node 20 build is put back afterwards, whatever the result.
#
#   bash scripts/ci-node22.sh            # install Node 22, rebuild, run `npm test`, restore
#   bash scripts/ci-node22.sh -- vitest run test/unit   # the same, with another command than `npm test`
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prefix=$root/.ci/node22

mkdir -p "$prefix"
# A package of its own, so npm allows exactly the one install script it needs (the Node binary's setup).
cat >"$prefix/package.json" <<'JSON'
{ "private": true, "allowScripts": { "node": true } }
JSON
npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock node@22 >/dev/null
node22_bin=$(dirname "$(find "$prefix/node_modules" -path '*/bin/node' -type f -perm -u+x | head -n 1)")
headers=$(find "$prefix/node_modules" -path '*/include/node/node.h' | head -n 1)
nodedir=${headers%/include/node/node.h}
[ -x "$node22_bin/node" ] && [ -n "$headers" ] || { echo "node@22 did not install a binary and headers" >&2; exit 1; }
echo "Node 22: $("$node22_bin/node" --version) from the npm registry ($node22_bin)"

# Keep the Node 20 build of better-sqlite3 aside, and put it back on the way out.
addon=$root/node_modules/better-sqlite3
saved=$(mktemp -d)
cp -a "$addon/build" "$saved/build"
restore() {
  rm -rf "$addon/build"
  mv "$saved/build" "$addon/build"
  rmdir "$saved"
}
trap restore EXIT

# The module compiled for Node 22, kept between runs, one per better-sqlite3 version and Node ABI.
version=$(node -p "require('$addon/package.json').version")
abi=$("$node22_bin/node" -p process.versions.modules)
cached=$prefix/better-sqlite3-$version-abi$abi.node
if [ ! -f "$cached" ]; then
  # node-gyp compiles with the headers of the Node that will load the module (--nodedir), so nothing is
  # fetched from nodejs.org; prebuilt binaries (on GitHub) are not looked for at all.
  started=$SECONDS
  PATH="$node22_bin:$PATH" npm run build-release --prefix "$addon" --nodedir="$nodedir" \
    >"$prefix/build.log" 2>&1 || { cat "$prefix/build.log" >&2; exit 1; }
  cp "$addon/build/Release/better_sqlite3.node" "$cached"
  echo "better-sqlite3 $version compiled for Node 22 (ABI $abi) in $((SECONDS - started))s"
else
  rm -f "$addon/build/Release/better_sqlite3.node"
  cp "$cached" "$addon/build/Release/better_sqlite3.node"
  echo "better-sqlite3 $version for Node 22 (ABI $abi) from $cached"
fi
PATH="$node22_bin:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

if [ "${1:-}" = "--" ]; then
  shift
  PATH="$node22_bin:$PATH" npx "$@"
else
  PATH="$node22_bin:$PATH" npm test
fi
