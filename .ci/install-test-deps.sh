#!/usr/bin/env bash
# What the tests need from Debian's packages: the database servers they start as throwaway servers
# (internal/testdb: PostgreSQL, MariaDB) and a JDK (the end-to-end tests compile a small Java app and run it
# with java -jar, as the local account runs jars). Nothing is started here; only the programs are installed.
set -euo pipefail
need=()
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
{ command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; } || need+=(openjdk-17-jdk-headless)
if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing ${need[*]} for the tests"
$sudo apt-get update -qq
# A package may start its own service (port 5432 or 3306); the tests never use it, they start their own.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
