#!/usr/bin/env bash
# make nginx-check: run infra/nginx.conf and infra/nginx-site.conf in a real nginx on
# 127.0.0.1 (free ports, a throw-away self-signed certificate) and check what the site
# promises: HTTP redirects to HTTPS, HTTPS serves the app with HSTS and the security
# headers, /healthz answers on plain HTTP, /metrics is never forwarded, /api/ goes to the
# upstream with nginx's request id, the 8080 server (behind an Ingress) serves the app.
#
# nginx: the one on PATH, else Debian's package unpacked into .nginx-check/ (apt-get
# download; nothing is installed or started as a service). Debian bookworm's nginx is
# 1.22: the two directives of newer releases that the image's nginx 1.28 uses are
# replaced for this check (`http2 on` is dropped; the upstream's `resolve` (1.27.3) is
# dropped and the upstream points at a local stand-in for the API).
set -euo pipefail
cd "$(dirname "$0")/.."
work=.nginx-check
mkdir -p "$work"
work=$(cd "$work" && pwd)

for tool in curl openssl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
    else echo "nginx-check: $tool is missing (apt-get install $tool)"; exit 1; fi
  fi
done

nginx_bin=$(command -v nginx || true)
if [ -z "$nginx_bin" ]; then
  if [ ! -x "$work/pkg/usr/sbin/nginx" ]; then
    if ! (cd "$work" && apt-get download nginx >/dev/null 2>&1); then
      [ "$(id -u)" = "0" ] && apt-get update -qq >/dev/null 2>&1 || true
      (cd "$work" && apt-get download nginx >/dev/null 2>&1) || {
        if [ "${CI:-}" = "true" ]; then echo "nginx-check: cannot get Debian's nginx"; exit 1; fi
        echo "nginx-check: nginx is not available (apt-get download nginx): skipped"; exit 0; }
    fi
    dpkg -x "$work"/nginx_*.deb "$work/pkg"
  fi
  nginx_bin="$work/pkg/usr/sbin/nginx"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http=$(free_port); https=$(free_port); plain=$(free_port); api=$(free_port)
run="$work/run"
rm -rf "$run" && mkdir -p "$run"/{conf,certs,logs,html/assets,acme}
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$run/certs/privkey.pem" -out "$run/certs/fullchain.pem" 2>/dev/null
echo '<!doctype html><title>Samklang</title>' > "$run/html/index.html"

sed -e 's#http2 on;##' \
    -e "s#server api:8000 resolve;#server 127.0.0.1:$api;#" \
    -e 's#^resolver .*##' \
    -e "s#listen 80;#listen 127.0.0.1:$http;#" -e "s#listen 443 ssl;#listen 127.0.0.1:$https ssl;#" \
    -e "s#listen 8080;#listen 127.0.0.1:$plain;#" -e 's#listen \[::\]:[0-9]*\( ssl\)*;##' \
    -e "s#/etc/nginx/certs#$run/certs#g" -e "s#/etc/nginx/samklang/site.conf#$run/conf/site.conf#g" \
    -e "s#/var/log/nginx#$run/logs#g" -e "s#/usr/share/nginx/html#$run/html#g" \
    -e "s#/var/www/acme#$run/acme#g" infra/nginx.conf > "$run/conf/default.conf"
cp infra/nginx-site.conf "$run/conf/site.conf"
mime=/etc/nginx/mime.types
[ -f "$mime" ] || mime="$work/pkg/etc/nginx/mime.types"
[ -f "$mime" ] || { (cd "$work" && apt-get download nginx-common >/dev/null 2>&1) && dpkg -x "$work"/nginx-common_*.deb "$work/pkg"; mime="$work/pkg/etc/nginx/mime.types"; }
cat > "$run/conf/nginx.conf" <<EOF
pid $run/logs/nginx.pid;
error_log $run/logs/error.log;
events {}
http {
  include $mime;
  access_log $run/logs/access.log;
  client_body_temp_path $run/logs; proxy_temp_path $run/logs; fastcgi_temp_path $run/logs;
  uwsgi_temp_path $run/logs; scgi_temp_path $run/logs;
  include $run/conf/default.conf;
}
EOF

# A stand-in for the API: echoes the request id nginx sent.
python3 - "$api" > "$run/logs/api.log" 2>&1 <<'EOF' &
import http.server, json, sys
class Echo(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"request_id": self.headers.get("X-Request-ID"),
                           "forwarded_proto": self.headers.get("X-Forwarded-Proto")}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
EOF
api_pid=$!
"$nginx_bin" -t -q -p "$run" -c "$run/conf/nginx.conf"
"$nginx_bin" -p "$run" -c "$run/conf/nginx.conf"
cleanup() { kill "$(cat "$run/logs/nginx.pid" 2>/dev/null)" 2>/dev/null || true; kill "$api_pid" 2>/dev/null || true; }
trap cleanup EXIT

fail() { echo "nginx-check: FAIL $*"; exit 1; }
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$api/" && break; sleep 0.1; done
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$http/healthz" && break; sleep 0.1; done
curl -s "http://127.0.0.1:$http/healthz" | grep -qx ok || fail "/healthz on plain HTTP"
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http/workspaces?x=1")
[ "$redirect" = "301 https://127.0.0.1/workspaces?x=1" ] || fail "HTTP redirect: $redirect"
page=$(curl -sk -D - "https://127.0.0.1:$https/workspaces")
grep -qi '^strict-transport-security: max-age=31536000; includeSubDomains' <<<"$page" || fail "HSTS"
grep -qi "^content-security-policy: default-src 'self'; script-src 'self';" <<<"$page" || fail "CSP"
grep -qi '^x-frame-options: DENY' <<<"$page" || fail "X-Frame-Options"
grep -q '<title>Samklang</title>' <<<"$page" || fail "the SPA over HTTPS"
[ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$https/metrics")" = 404 ] || fail "/metrics forwarded"
[ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$https/assets/nothing.js")" = 404 ] || fail "missing asset"
api_answer=$(curl -sk -H 'X-Request-ID: forged' "https://127.0.0.1:$https/api/health")
python3 -c 'import json,re,sys; a=json.loads(sys.argv[1] or "{}"); assert re.fullmatch("[0-9a-f]{32}", a["request_id"]), a; assert a["forwarded_proto"] == "https", a' "$api_answer" 2>/dev/null \
  || fail "/api/ proxy (nginx's own request id, X-Forwarded-Proto https): $api_answer"
grep -q '"request_id":"[0-9a-f]\{32\}"' "$run/logs/access.log" || fail "JSON access log with the request id"
plain_page=$(curl -s -D - "http://127.0.0.1:$plain/")
grep -q '<title>Samklang</title>' <<<"$plain_page" || fail "the 8080 server"
echo "nginx-check: $("$nginx_bin" -v 2>&1 | sed 's/.*: //'): redirect, HSTS, headers, SPA, /metrics closed, /api proxied with request id, 8080 server: ok"
