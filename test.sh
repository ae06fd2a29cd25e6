#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need when it is missing, then `dotnet test LlmClients.sln`
# (extra arguments go to dotnet test). The Redis tests and the shared-quota sample start their own redis-server on a free
# 127.0.0.1 port and stop it by process id; they only need the program, from Debian's redis-server package.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: redis-server is missing; installing it with apt-get (the Redis tests never skip)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  started=$(date +%s)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
  echo "test.sh: redis-server installed in $(( $(date +%s) - started )) s"
fi
exec dotnet test LlmClients.sln "$@"
