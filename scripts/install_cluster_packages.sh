#!/usr/bin/env bash
# Installs Debian's postgresql, redis-server and haproxy if any is missing (needs root or sudo).
# Used by scripts/cluster.sh and `scripts/setup.sh --test` (the multi-server tests need them).
# Only the programs are used: the system's own services are never started or configured.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "==> Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
  echo "error: ${missing[*]} missing and neither root nor sudo to install them: apt-get install ${missing[*]}" >&2
  exit 1
fi
# policy-rc.d keeps the packages from starting the system-wide services during installation
policy=/usr/sbin/policy-rc.d
created_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null && "${SUDO[@]}" chmod +x "$policy" && created_policy=1
fi
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ -n "$created_policy" ] && "${SUDO[@]}" rm -f "$policy"
exit 0
