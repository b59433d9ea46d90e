#!/usr/bin/env bash
# The database servers the tests start as throwaway servers (internal/testdb): PostgreSQL and MariaDB from
# Debian's packages. Nothing is started here and no service is enabled; only the programs are installed.
set -euo pipefail
need=()
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing ${need[*]} for the database tests"
$sudo apt-get update -qq
# A package may start its own service (port 5432 or 3306); the tests never use it, they start their own.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
