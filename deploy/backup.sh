#!/usr/bin/env bash
# Back up the portal's database, or restore one backup into it.
#
#   deploy/backup.sh backup DIRECTORY     writes DIRECTORY/umkm-<date>-<time>.dump (PostgreSQL,
#                                         pg_dump's custom format) or .sqlite3 (SQLite's online
#                                         backup: consistent while the portal runs)
#   deploy/backup.sh restore FILE         replaces the database's contents with FILE's
#                                         (stop the app servers first: systemctl stop umkm-portal)
#
# The database is the one the portal uses: DATABASE_URL from the environment (on a server,
# `set -a; . /etc/umkm-portal/env; set +a` first). Run from anywhere; it uses the checkout it is in.
# Everything the portal keeps is in the database: staged import uploads, sessions and the cache
# included; it stores no other uploaded files. The restore is proven by .ci/backup-drill in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
usage() { echo "usage: $0 backup DIRECTORY | restore FILE" >&2; exit 2; }
[ $# = 2 ] || usage

# The engine and connection of the portal's own settings (whatever form DATABASE_URL takes).
eval "$("$PY" manage.py shell -v 0 -c "
import shlex
from django.db import connection
s = connection.settings_dict
print('ENGINE=' + shlex.quote(connection.vendor))
print('NAME=' + shlex.quote(str(s['NAME'])))
for key, var in (('HOST', 'PGHOST'), ('PORT', 'PGPORT'), ('USER', 'PGUSER'), ('PASSWORD', 'PGPASSWORD')):
    if s.get(key):
        print('export ' + var + '=' + shlex.quote(str(s[key])))
")"

case "$1:$ENGINE" in
  backup:postgresql)
    mkdir -p "$2"
    file="$2/umkm-$(date +%Y%m%d-%H%M%S).dump"
    pg_dump --format=custom --no-owner --no-privileges --dbname="$NAME" --file="$file.partial"
    mv "$file.partial" "$file"
    ;;
  backup:sqlite)
    mkdir -p "$2"
    file="$2/umkm-$(date +%Y%m%d-%H%M%S).sqlite3"
    "$PY" -c "
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
target.execute('PRAGMA journal_mode=DELETE')
source.close(); target.close()
" "$NAME" "$file.partial"
    mv "$file.partial" "$file"
    ;;
  restore:postgresql)
    [ -f "$2" ] || { echo "no such backup: $2" >&2; exit 1; }
    # --clean --if-exists: the backup's tables replace whatever the database holds.
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
      --dbname="$NAME" "$2"
    file="$2"
    ;;
  restore:sqlite)
    [ -f "$2" ] || { echo "no such backup: $2" >&2; exit 1; }
    "$PY" -c "
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
source.close(); target.close()
" "$2" "$NAME"
    file="$2"
    ;;
  *) usage ;;
esac
echo "$1: $file ($ENGINE, $(du -h "$file" | cut -f1))"
