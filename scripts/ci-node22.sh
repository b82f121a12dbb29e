#!/usr/bin/env bash
# The whole suite again on Node 22, after CI's Node 20 run (Node 20 is past its end of life).
#
# Node 22 comes from the npm registry (the `node@22` package, installed into .ci/node22), not nodejs.org.
# better-sqlite3 is a native module built for one Node ABI, so it is compiled for Node 22 against the
# headers that package ships, in a copy of the package under .ci/node22 (node_modules is not touched),
# and kept there per better-sqlite3 version and ABI. For the run, the Node 22 module takes the Node 20
# one's place, and the Node 20 build is put back afterwards, whatever the result.
#
#   bash scripts/ci-node22.sh --prepare  # install Node 22 and compile the module only (CI runs this niced,
#                                        # in the background, while the Node 20 checks run)
#   bash scripts/ci-node22.sh            # the same if not done yet, then `npm test` on Node 22
#   bash scripts/ci-node22.sh -- vitest run test/unit   # another command than `npm test`
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prefix=$root/.ci/node22
addon=$root/node_modules/better-sqlite3

mkdir -p "$prefix"
if ! find "$prefix/node_modules" -path '*/bin/node' -type f 2>/dev/null | grep -q .; then
  # A package of its own, so npm allows exactly the one install script it needs (the Node binary's setup).
  cat >"$prefix/package.json" <<'JSON'
{ "private": true, "allowScripts": { "node": true } }
JSON
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock node@22 >/dev/null
fi
node22_bin=$(dirname "$(find "$prefix/node_modules" -path '*/bin/node' -type f -perm -u+x | head -n 1)")
headers=$(find "$prefix/node_modules" -path '*/include/node/node.h' | head -n 1)
nodedir=${headers%/include/node/node.h}
[ -x "$node22_bin/node" ] && [ -n "$headers" ] || { echo "node@22 did not install a binary and headers" >&2; exit 1; }
echo "Node 22: $("$node22_bin/node" --version) from the npm registry ($node22_bin)"

# The module compiled for Node 22, one per better-sqlite3 version and Node ABI.
version=$(node -p "require('$addon/package.json').version")
abi=$("$node22_bin/node" -p process.versions.modules)
cached=$prefix/better-sqlite3-$version-abi$abi.node
if [ ! -f "$cached" ]; then
  # node-gyp compiles with the headers of the Node that will load the module (--nodedir), so nothing is
  # fetched from nodejs.org; prebuilt binaries (on GitHub) are not looked for at all.
  started=$SECONDS
  # Under a node_modules folder, so the lint and the formatter, running meanwhile, pass it by.
  source=$prefix/node_modules/.build/better-sqlite3-$version
  rm -rf "$source"
  mkdir -p "$(dirname "$source")"
  cp -a "$addon" "$source"
  rm -rf "$source/build"
  PATH="$node22_bin:$PATH" npm run build-release --prefix "$source" --nodedir="$nodedir" \
    >"$prefix/build.log" 2>&1 || { cat "$prefix/build.log" >&2; exit 1; }
  cp "$source/build/Release/better_sqlite3.node" "$cached.partial"
  mv "$cached.partial" "$cached"
  rm -rf "$source"
  echo "better-sqlite3 $version compiled for Node 22 (ABI $abi) in $((SECONDS - started))s"
fi
[ "${1:-}" = "--prepare" ] && exit 0

# The Node 22 module in the Node 20 one's place for the run; the Node 20 one put back on the way out.
module=$addon/build/Release/better_sqlite3.node
saved=$(mktemp)
cp -a "$module" "$saved"
restore() { mv -f "$saved" "$module"; }
trap restore EXIT
rm -f "$module"
cp "$cached" "$module"
PATH="$node22_bin:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
echo "better-sqlite3 $version for Node 22 (ABI $abi) from $cached"

if [ "${1:-}" = "--" ]; then
  shift
  PATH="$node22_bin:$PATH" npx "$@"
else
  PATH="$node22_bin:$PATH" npm test
fi
