#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages and a fresh machine may lack:
# PostgreSQL's server binaries (the suite starts its own throwaway server), Chromium (browser tests) and
# nginx (the deployment guide's test checks the shipped site with `nginx -t`). Safe to run again: it installs
# only what is missing.
set -euo pipefail

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v openssl >/dev/null || need+=(openssl)

if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: PostgreSQL, Chromium, nginx and openssl are present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system packages: installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian's postgresql package starts a cluster of its own; the tests need only the binaries.
if command -v pg_lsclusters >/dev/null && [ "$(id -u)" -eq 0 ]; then
  service postgresql stop >/dev/null 2>&1 || true
fi
# nginx's package may start a server on port 80; the test runs `nginx -t` only.
if [[ " ${need[*]} " == *" nginx "* ]] && [ "$(id -u)" -eq 0 ]; then
  service nginx stop >/dev/null 2>&1 || true
fi
