#!/usr/bin/env bash
# The deployment of deploy/README.md proven end to end on one machine: a PostgreSQL database of its
# own, two gunicorn app servers (deploy/gunicorn.conf.py) on different ports, and nginx in front
# with deploy/nginx/umkm-portal.conf (ports, paths and a self-signed certificate substituted).
# Then, through nginx:
#   1. HTTP redirects to HTTPS, and HTTPS answers carry HSTS;
#   2. static files are served by nginx with far-future caching;
#   3. an import previewed through server A is confirmed through server B;
#   4. a rate limit counts across both servers;
#   5. a client's own X-Forwarded-For is not trusted;
#   6. /readyz fails within 5 s when the database port stops answering (a third app server reaches
#      the database through deploy/pausable_proxy.py, which is then paused);
#   7. a 100,000-row export is built by a worker process (manage.py db_worker) and downloadable only
#      by the user who asked for it;
#   8. it is delivered complete to a client reading at 200 KB/s.
# Everything it starts is stopped on exit (trap). CI runs it as root after `make install`.
#
# Usage: bash deploy/smoke.sh     (needs nginx, curl, openssl, psql; PostgreSQL on 127.0.0.1:5432)
# Environment: SMOKE_POSTGRES (server URL), SMOKE_DB (database name, dropped and created),
# SMOKE_ROWS (export rows, default 100000), SMOKE_PORTS (first of six ports, default 8170),
# SMOKE_HTTP_PORT / SMOKE_HTTPS_PORT (nginx, default 8080 / 8443).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PG_SERVER="${SMOKE_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
DB="${SMOKE_DB:-umkm_portal_smoke}"
ROWS="${SMOKE_ROWS:-100000}"
first="${SMOKE_PORTS:-8170}"
PORT_A=$((first + 1)) PORT_B=$((first + 2)) PORT_C=$((first + 3)) PORT_DB_PROXY=$((first + 4))
HTTP_PORT="${SMOKE_HTTP_PORT:-8080}" HTTPS_PORT="${SMOKE_HTTPS_PORT:-8443}"
BASE="https://localhost:$HTTPS_PORT"
PY="$ROOT/.venv/bin/python"
for tool in nginx curl openssl psql "$ROOT/.venv/bin/gunicorn"; do
  command -v "$tool" >/dev/null || { echo "smoke: $tool is missing (apt-get install nginx curl openssl postgresql-client; make install)"; exit 1; }
done

WORK="$(mktemp -d /tmp/umkm-smoke-XXXXXX)"
chmod 755 "$WORK"
pids=()
started_at=$SECONDS
cleanup() {
  status=$?
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    echo "smoke: FAILED; the logs:"
    for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }; done
  fi
  psql -q "$PG_SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
step() { printf '\n--- smoke: %s (%ss)\n' "$*" "$((SECONDS - started_at))"; }
fail() { echo "smoke: FAILED: $*"; exit 1; }

# The environment an operator writes in /etc/umkm-portal/env (deploy/env.example).
export DEBUG=false
SECRET_KEY="smoke-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export SECRET_KEY
export ALLOWED_HOSTS=localhost,127.0.0.1
export DATABASE_URL="$PG_SERVER/$DB"
export BEHIND_TLS_PROXY=true TRUSTED_PROXIES=127.0.0.1,::1
export CSRF_TRUSTED_ORIGINS="$BASE"
export STATUS_CHECK_RATE_LIMIT=4
export WEB_CONCURRENCY=1 GUNICORN_THREADS=4

step "database $DB: migrate, regions, roles, static files"
psql -q "$PG_SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py load_regions >/dev/null
"$PY" manage.py setup_roles >/dev/null
"$PY" manage.py collectstatic --noinput -v 0

step "data: an administrator, an exporter without personal data, a program to import into, $ROWS participants to export"
"$PY" manage.py shell -v 0 -c "
import datetime
from django.contrib.auth.models import Permission, User
from enterprises.models import Person
from programs.models import Participant, Program
from regions.models import Kecamatan

from django_otp.plugins.otp_totp.models import TOTPDevice
admin = User.objects.create_superuser('smoke-admin', 'admin@example.org', 'smoke-password-1')
exporter = User.objects.create_user('smoke-exporter', 'export@example.org', 'smoke-password-2', is_staff=True)
# Both must give a second factor (a superuser; an exporter): an authenticator each, whose key the
# login below turns into the code of the moment.
for user in (admin, exporter):
    device = TOTPDevice.objects.create(user=user, name='smoke', confirmed=True)
    open('$WORK/' + user.username + '.totp', 'w').write(device.key)
exporter.user_permissions.set(Permission.objects.filter(codename__in=['export_lists', 'view_program', 'view_participant']))
program = dict(theme='pemasaran', bidang='umkm', venue='Aula', city='Serang', start_date=datetime.date(2025, 5, 5),
               end_date=datetime.date(2025, 5, 7), funding_source='apbd', target_group='umkm', publication_state='terbit')
Program.objects.create(title='Smoke impor', slug='smoke-impor', quota=10, **program)
export = Program.objects.create(title='Smoke ekspor', slug='smoke-ekspor', quota=$ROWS + 10, **program)
kecamatan = Kecamatan.objects.of_portal_district().order_by('code').first()
people = Person.objects.bulk_create(
    [Person(full_name=f'Warga Smoke {i:06d}', sex='P', kecamatan=kecamatan,
            nik=f'{kecamatan.nik_prefix}{41 + i // 10000 % 28:02d}0890{i % 10000:04d}')
     for i in range($ROWS)], batch_size=5000)
Participant.objects.bulk_create([Participant(program=export, person=p) for p in people], batch_size=5000)
"
IMPORT_ID="$("$PY" manage.py shell -v 0 -c "from programs.models import Program; print(Program.objects.get(slug='smoke-impor').pk)")"
EXPORT_ID="$("$PY" manage.py shell -v 0 -c "from programs.models import Program; print(Program.objects.get(slug='smoke-ekspor').pk)")"

step "two app servers (:$PORT_A, :$PORT_B), each with a temp directory of its own"
start_app() {  # name port [extra env...]
  local name="$1" port="$2"; shift 2
  mkdir -p "$WORK/tmp-$name"
  env TMPDIR="$WORK/tmp-$name" "$@" "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py umkm_portal.wsgi \
    --bind "127.0.0.1:$port" --name "umkm-smoke-$name" >"$WORK/app-$name.log" 2>&1 &
  pids+=($!)
}
wait_for() {  # url
  for _ in $(seq 1 60); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done
  fail "$1 did not answer"
}
start_app a "$PORT_A"
start_app b "$PORT_B"
wait_for "http://127.0.0.1:$PORT_A/healthz"
wait_for "http://127.0.0.1:$PORT_B/healthz"

step "nginx on :$HTTP_PORT and :$HTTPS_PORT with a self-signed certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
mkdir -p "$WORK/nginx-tmp"
# The shipped site with this machine's ports and paths. The smoke test alone routes a request to
# server A or B when it says so (X-Smoke-Server), otherwise nginx balances over both.
sed -e "s|server 127.0.0.1:8000;|server 127.0.0.1:$PORT_A; server 127.0.0.1:$PORT_B;|" \
    -e "s|listen 80;|listen 127.0.0.1:$HTTP_PORT;|" -e "s|listen 443 ssl http2;|listen 127.0.0.1:$HTTPS_PORT ssl http2;|" \
    -e "/listen \[::\]/d" \
    -e "s|/etc/letsencrypt/live/umkm.example.go.id/fullchain.pem|$WORK/cert.pem|" \
    -e "s|/etc/letsencrypt/live/umkm.example.go.id/privkey.pem|$WORK/key.pem|" \
    -e "s|umkm.example.go.id|localhost|" -e "s|/srv/umkm-portal/app|$ROOT|" \
    -e "s|proxy_pass http://umkm_portal;|proxy_pass http://\$smoke_upstream;|" \
    deploy/nginx/umkm-portal.conf >"$WORK/site.conf"
grep -q "server 127.0.0.1:$PORT_A" "$WORK/site.conf" || fail "the nginx site did not take the smoke test's ports"
cat >"$WORK/nginx.conf" <<EOF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx-tmp/body;
    proxy_temp_path $WORK/nginx-tmp/proxy;
    fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
    scgi_temp_path $WORK/nginx-tmp/scgi;
    map \$http_x_smoke_server \$smoke_upstream {
        A 127.0.0.1:$PORT_A;
        B 127.0.0.1:$PORT_B;
        C 127.0.0.1:$PORT_C;
        default umkm_portal;
    }
    include $WORK/site.conf;
}
EOF
nginx -t -q -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" 2>"$WORK/nginx-test.log" || { cat "$WORK/nginx-test.log"; fail "nginx -t"; }
nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"
for _ in $(seq 1 20); do [ -s "$WORK/nginx.pid" ] && break; sleep 0.25; done
C=(curl -sS --cacert "$WORK/cert.pem")

step "1. HTTP redirects to HTTPS; HTTPS answers carry HSTS"
headers="$(curl -sS -o /dev/null -D - "http://localhost:$HTTP_PORT/pelatihan/?x=1")"
grep -q "^HTTP/1.1 301" <<<"$headers" || fail "no 301 from http: $headers"
grep -qi "^location: https://localhost/pelatihan/?x=1" <<<"$headers" || fail "redirect is not to https: $headers"
headers="$("${C[@]}" -o /dev/null -D - "$BASE/pelatihan/")"
echo "$headers" | grep -Eq "^HTTP/[0-9.]+ 200" || fail "the portal did not answer over HTTPS: $headers"
grep -qi "^strict-transport-security: max-age=31536000" <<<"$headers" || fail "no HSTS: $headers"
echo "ok: http -> 301 https, HSTS on HTTPS"

step "2. static files from nginx with far-future caching"
hashed="$("$PY" -c "import json; print(json.load(open('staticfiles/staticfiles.json'))['paths']['admin/css/base.css'])")"
headers="$("${C[@]}" -o "$WORK/base.css" -D - "$BASE/static/$hashed")"
echo "$headers" | grep -Eq "^HTTP/[0-9.]+ 200" || fail "static file $hashed: $headers"
grep -qi "^cache-control: public, max-age=31536000, immutable" <<<"$headers" || fail "static file not cached for a year: $headers"
grep -qi "^strict-transport-security:" <<<"$headers" || fail "static file without HSTS: $headers"
cmp -s "$WORK/base.css" "staticfiles/$hashed" || fail "static file differs from the collected one"
echo "ok: /static/$hashed: Cache-Control public, max-age=31536000, immutable"

csrf() { awk '$6 == "csrftoken" {print $7}' "$1" | tail -n 1; }
totp() {  # user: the code their authenticator shows now (django_otp's own TOTP, no Django set-up)
  "$PY" -c "import binascii, sys; from django_otp.oath import totp; print('%06d' % totp(binascii.unhexlify(sys.argv[1])))" \
    "$(cat "$WORK/$1.totp")"
}

login() {  # jar server user password
  "${C[@]}" -c "$1" -b "$1" -o /dev/null -H "X-Smoke-Server: $2" "$BASE/admin/login/"
  code="$("${C[@]}" -c "$1" -b "$1" -o /dev/null -w '%{http_code}' -H "X-Smoke-Server: $2" -H "Referer: $BASE/admin/login/" \
    --data-urlencode "csrfmiddlewaretoken=$(csrf "$1")" --data-urlencode "username=$3" --data-urlencode "password=$4" \
    --data-urlencode "otp_token=$(totp "$3")" --data-urlencode "next=/admin/" "$BASE/admin/login/")"
  [ "$code" = 302 ] || fail "login of $3 through server $2 answered $code"
}

step "3. an import previewed through server A, confirmed through server B"
login "$WORK/admin.jar" A smoke-admin smoke-password-1
printf 'Nama Lengkap,NIK,Kecamatan,Desa/Kelurahan,Tanggal Lahir\r\nSiti Smoke,="3604115508900001",Kragilan,Tegalmaja,15 Agustus 1990\r\nRina Smoke,="3604114203850002",Kragilan,Tegalmaja,2 Maret 1985\r\n' >"$WORK/peserta.csv"
upload_url="$BASE/admin/programs/program/$IMPORT_ID/peserta/impor/"
preview="$("${C[@]}" -b "$WORK/admin.jar" -c "$WORK/admin.jar" -o /dev/null -w '%{redirect_url}' -H "X-Smoke-Server: A" \
  -H "Referer: $upload_url" -F "csrfmiddlewaretoken=$(csrf "$WORK/admin.jar")" -F "file=@$WORK/peserta.csv" "$upload_url")"
case "$preview" in "$upload_url"?*) ;; *) fail "the upload through A did not lead to a preview: '$preview'";; esac
# The page is read whole before grep: "curl | grep -q" fails under pipefail when grep stops
# reading a long page early (curl: Failed writing body).
page="$("${C[@]}" -b "$WORK/admin.jar" -H "X-Smoke-Server: B" "$preview")" || fail "server B did not answer the preview"
grep -q "Rina Smoke" <<<"$page" || fail "server B cannot show A's preview"
code="$("${C[@]}" -b "$WORK/admin.jar" -c "$WORK/admin.jar" -o /dev/null -w '%{http_code}' -H "X-Smoke-Server: B" -H "Referer: $preview" \
  --data-urlencode "csrfmiddlewaretoken=$(csrf "$WORK/admin.jar")" "$preview")"
[ "$code" = 302 ] || fail "confirming through B answered $code"
imported="$("$PY" manage.py shell -v 0 -c "from programs.models import Participant; print(Participant.objects.filter(program_id=$IMPORT_ID).count())")"
[ "$imported" = 2 ] || fail "expected 2 participants imported, found $imported"
grep -q "POST /admin/programs/program/$IMPORT_ID/peserta/impor/ " "$WORK/app-a.log" || fail "server A did not receive the upload"
grep -q "POST ${preview#"$BASE"} " "$WORK/app-b.log" || fail "server B did not receive the confirmation"
echo "ok: uploaded and previewed on A, shown and confirmed on B, 2 participants saved"

step "4-5. the status-check limit ($STATUS_CHECK_RATE_LIMIT an hour) counts across A and B; a client's own X-Forwarded-For is not trusted"
status_check() {  # server [extra curl args]
  local server="$1"; shift
  "${C[@]}" -b "$WORK/public.jar" -c "$WORK/public.jar" -o /dev/null -w '%{http_code}' -H "X-Smoke-Server: $server" \
    -H "Referer: $BASE/pelatihan/cek-status/" --data-urlencode "csrfmiddlewaretoken=$(csrf "$WORK/public.jar")" \
    --data-urlencode "reference_code=AAAA2222" --data-urlencode "nik=3604115508900001" "$@" "$BASE/pelatihan/cek-status/"
}
"${C[@]}" -c "$WORK/public.jar" -o /dev/null "$BASE/pelatihan/cek-status/"
codes=""
for server in A B A B; do codes="$codes $(status_check $server)"; done
[ "$codes" = " 200 200 200 200" ] || fail "the first four checks answered$codes"
[ "$(status_check B)" = 429 ] || fail "the fifth check (two on A, two on B before it) was not limited"
[ "$(status_check A)" = 429 ] || fail "the sixth check was not limited on A"
echo "ok: 4 checks alternating A and B allowed, the 5th and 6th refused with 429"
for fake in 203.0.113.7 "198.51.100.1, 203.0.113.8"; do
  [ "$(status_check A -H "X-Forwarded-For: $fake")" = 429 ] || fail "X-Forwarded-For: $fake let the client past its limit"
done
echo "ok: a client naming another address in X-Forwarded-For is still the same limited client"

step "6. /readyz fails within 5 s when the database port stops answering"
"$PY" deploy/pausable_proxy.py "$PORT_DB_PROXY" 127.0.0.1 5432 "$WORK/pause-db" >"$WORK/db-proxy.log" 2>&1 &
pids+=($!)
start_app c "$PORT_C" DATABASE_URL="postgres://postgres@127.0.0.1:$PORT_DB_PROXY/$DB" CONN_MAX_AGE=0
wait_for "http://127.0.0.1:$PORT_C/healthz"
grep -q "^ready" <<<"$("${C[@]}" -f -H "X-Smoke-Server: C" "$BASE/readyz")" || fail "/readyz of server C was not ready before the pause"
touch "$WORK/pause-db"
begin=$(date +%s.%N)
code="$("${C[@]}" -o "$WORK/readyz.txt" -w '%{http_code}' -H "X-Smoke-Server: C" --max-time 10 "$BASE/readyz")"
elapsed="$(awk -v a="$begin" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')"
[ "$code" = 503 ] || fail "/readyz answered $code with the database paused"
awk -v e="$elapsed" 'BEGIN {exit !(e < 5)}' || fail "/readyz took $elapsed s"
[ "$("${C[@]}" -o /dev/null -w '%{http_code}' "$BASE/healthz")" = 200 ] || fail "/healthz of A/B"
echo "ok: /readyz 503 in $(printf %.1f "$elapsed") s with the database paused: $(tr '\n' ' ' <"$WORK/readyz.txt")"
rm -f "$WORK/pause-db"

step "7-8. a $ROWS-row export built by the worker process, downloadable only by its owner, delivered complete at 200 KB/s"
"$PY" manage.py db_worker --no-reload --no-startup-delay --interval 0.5 >"$WORK/worker.log" 2>&1 &
pids+=($!)
login "$WORK/export.jar" A smoke-exporter smoke-password-2
status_url="$("${C[@]}" -b "$WORK/export.jar" -o /dev/null -w '%{redirect_url}' \
  "$BASE/admin/programs/program/$EXPORT_ID/peserta/ekspor.csv")"
case "$status_url" in "$BASE/admin/ekspor/"*/) ;; *) fail "the $ROWS-row export was not sent to the background: '$status_url'";; esac
begin=$(date +%s.%N)
for _ in $(seq 1 240); do
  page="$("${C[@]}" -b "$WORK/export.jar" "$status_url")"
  grep -q 'id="export-download"' <<<"$page" && break
  sleep 0.5
done
grep -q 'id="export-download"' <<<"$page" || fail "the worker did not finish the export in 2 minutes: $(tail -n 5 "$WORK/worker.log")"
built="$(awk -v a="$begin" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"
download_url="${status_url}unduh/"
for server in A B; do
  code="$("${C[@]}" -b "$WORK/admin.jar" -o /dev/null -w '%{http_code}' -H "X-Smoke-Server: $server" "$download_url")"
  [ "$code" = 404 ] || fail "another user (an administrator) got $code for the export's download on $server"
done
echo "ok: built by the worker in $built s; another user, even an administrator, gets 404 from A and B"
begin=$(date +%s.%N)
"${C[@]}" -f -b "$WORK/export.jar" --limit-rate 200k -o "$WORK/export.csv" "$download_url" \
  || fail "the export download broke off (curl $?)"
elapsed="$(awk -v a="$begin" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')"
lines="$(wc -l <"$WORK/export.csv")"
bytes="$(stat -c %s "$WORK/export.csv")"
[ "$lines" = $((ROWS + 1)) ] || fail "the export has $lines lines, expected $((ROWS + 1))"
grep -q "Warga Smoke $(printf %06d $((ROWS - 1)))" <<<"$(tail -c 200 "$WORK/export.csv")" || fail "the last row is not the last participant"
logged="$("$PY" manage.py shell -v 0 -c "from common.models import ExportLog; log = ExportLog.objects.latest('pk'); print(log.row_count, log.finished)")"
[ "$logged" = "$ROWS True" ] || fail "the export log says '$logged'"
echo "ok: $ROWS rows, $bytes bytes in $(printf %.0f "$elapsed") s at 200 KB/s (gunicorn timeout 30 s); export log: $ROWS rows, finished"

step "all passed"
