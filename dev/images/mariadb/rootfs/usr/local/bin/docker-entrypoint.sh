#!/bin/sh
# Initialises an empty data directory on first start, then runs mariadbd in the foreground.
# Honours MARIADB_ROOT_PASSWORD or MARIADB_ROOT_PASSWORD_FILE, and MARIADB_DATABASE, like the official image.
set -eu
datadir=/var/lib/mysql
mkdir -p /run/mysqld "$datadir"
chown mysql:mysql /run/mysqld "$datadir"

root_password=${MARIADB_ROOT_PASSWORD:-}
if [ -n "${MARIADB_ROOT_PASSWORD_FILE:-}" ]; then
  root_password=$(cat "$MARIADB_ROOT_PASSWORD_FILE")
fi

if [ ! -d "$datadir/mysql" ]; then
  if [ -z "$root_password" ]; then
    echo "docker-entrypoint: set MARIADB_ROOT_PASSWORD or MARIADB_ROOT_PASSWORD_FILE" >&2
    exit 1
  fi
  echo "docker-entrypoint: initialising $datadir"
  mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db \
    --auth-root-authentication-method=normal >/dev/null
  mariadbd --user=mysql --datadir="$datadir" --skip-networking --socket=/run/mysqld/init.sock &
  pid=$!
  i=0
  until mariadb-admin --socket=/run/mysqld/init.sock ping >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 60 ] || { echo "docker-entrypoint: init server did not start" >&2; exit 1; }
    sleep 1
  done
  escaped=$(printf '%s' "$root_password" | sed "s/'/''/g")
  mariadb --socket=/run/mysqld/init.sock -uroot <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY '$escaped';
CREATE USER 'root'@'%' IDENTIFIED BY '$escaped';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
${MARIADB_DATABASE:+CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;}
FLUSH PRIVILEGES;
SQL
  mariadb-admin --socket=/run/mysqld/init.sock -uroot -p"$root_password" shutdown
  wait "$pid" || true
  echo "docker-entrypoint: initialised"
fi

# As the official mariadb image: no host name lookups for clients (a resolver that does not answer would hold every
# new connection until it times out; grants here are by '%' and the socket's localhost).
exec mariadbd --user=mysql --datadir="$datadir" --bind-address=0.0.0.0 --port=3306 --skip-name-resolve "$@"
