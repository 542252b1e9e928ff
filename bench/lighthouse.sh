#!/usr/bin/env bash
# Lighthouse categories (mobile: performance, accessibility, best practices, SEO) for ten public
# pages of the seeded demo, served by gunicorn with production settings, for one or more commits:
#
#     bench/lighthouse.sh                  # the current HEAD
#     bench/lighthouse.sh 3445fa5 main     # two commits, one after the other
#
# Each commit is checked out into a temporary worktree (sharing this checkout's .venv) with a fresh
# SQLite database (migrate, seed_demo), collectstatic and gunicorn on loopback (LIGHTHOUSE_PORT,
# 8761 by default, one more per commit). Lighthouse is not a project dependency: install it once
# outside the project (`mkdir -p /tmp/lh && cd /tmp/lh && npm install lighthouse@13`) and point
# LIGHTHOUSE at it (default /tmp/lh/node_modules/.bin/lighthouse, else `lighthouse` on PATH).
# It drives the system Chromium (CHROME_PATH, default /usr/bin/chromium) and never downloads one.
# Reports go to bench/results/lighthouse-<commit>-<time>/ (git-ignored); a table of scores and
# the failed accessibility, best-practice and SEO audits is printed for each commit.
# The performance score depends on the machine's load; the other three do not.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$(readlink -f "$ROOT/.venv")"
LIGHTHOUSE="${LIGHTHOUSE:-/tmp/lh/node_modules/.bin/lighthouse}"
[ -x "$LIGHTHOUSE" ] || LIGHTHOUSE="$(command -v lighthouse || true)"
[ -n "$LIGHTHOUSE" ] || { echo "lighthouse not found: npm install lighthouse@13 in a scratch folder" >&2; exit 1; }
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync"
PAGES=(/ /librarians/ /librarians/ada-byrne/ /guides/ /guides/chemistry-finding-articles-and-data/
  /news/ /news/new-database-trial-scifinder-n/ /services/ /services/research-consultations/
  "/search/?q=chemistry")
PORT="${LIGHTHOUSE_PORT:-8761}"
STAMP="$(date +%Y%m%d-%H%M%S)"

WORK="" SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then
    pkill -P "$SERVER" 2>/dev/null || true  # manage.py, if the database is still being built
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  fi
  if [ -n "$WORK" ]; then
    git -C "$ROOT" worktree remove --force "$WORK/tree" 2>/dev/null || true
    rm -rf "$WORK"
  fi
  SERVER="" WORK=""
}
trap cleanup EXIT INT TERM

measure() {
  local ref="$1" sha out base
  sha="$(git -C "$ROOT" rev-parse --short "$ref^{commit}")"
  out="$ROOT/bench/results/lighthouse-$sha-$STAMP"
  base="http://127.0.0.1:$PORT"
  WORK="$(mktemp -d /tmp/lighthouse-XXXXXX)"
  git -C "$ROOT" worktree add --detach "$WORK/tree" "$sha" >/dev/null 2>&1
  ln -s "$VENV" "$WORK/tree/.venv"
  mkdir -p "$out"
  echo "== $ref ($sha): building the demo database"
  (
    cd "$WORK/tree"
    export DATABASE_URL="sqlite:///$WORK/db.sqlite3" DJANGO_MEDIA_ROOT="$WORK/media" \
      DJANGO_STATIC_ROOT="$WORK/static"
    DJANGO_SETTINGS_MODULE=portal.settings.dev .venv/bin/python manage.py migrate -v0
    DJANGO_SETTINGS_MODULE=portal.settings.dev .venv/bin/python manage.py seed_demo >/dev/null
    export DJANGO_SETTINGS_MODULE=portal.settings.production \
      DJANGO_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(40))')" \
      DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_HSTS_SECONDS=0 \
      DJANGO_SECURE_HSTS_PRELOAD=false DJANGO_TRUSTED_PROXY_COUNT=0 WAGTAILADMIN_BASE_URL="$base"
    .venv/bin/python manage.py collectstatic --noinput -v0
    exec .venv/bin/gunicorn portal.wsgi -b "127.0.0.1:$PORT" -w 1 \
      >"$out/server.log" 2>&1
  ) &
  SERVER=$!
  # gunicorn starts only once the database is built; wait for it (up to 10 minutes).
  for _ in $(seq 600); do
    curl -fs -o /dev/null "$base/" && break
    kill -0 "$SERVER" 2>/dev/null || { echo "the server did not start" >&2; exit 1; }
    sleep 1
  done
  for path in "${PAGES[@]}"; do
    name="$(printf '%s' "$path" | tr -c 'a-z0-9' '_')"
    curl -fs -o /dev/null "$base$path"  # the page cache is warm, as for any second visitor
    "$LIGHTHOUSE" "$base$path" --quiet --output=json --output-path="$out/$name.json" \
      --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$CHROME_FLAGS"
  done
  cleanup
  python3 - "$out" <<'EOF'
import json, pathlib, sys

out = pathlib.Path(sys.argv[1])
keys = ("performance", "accessibility", "best-practices", "seo")
failed = {}
print(f"{'page':52} perf  a11y  b-p   seo")
for report in sorted(out.glob("*.json"), key=lambda p: p.stat().st_mtime):
    r = json.loads(report.read_text())
    path = r["finalDisplayedUrl"].split("/", 3)[3]
    scores = [r["categories"][k]["score"] for k in keys]
    print(f"/{path:51} " + "  ".join(f"{round(s * 100):>4}" if s is not None else "   -" for s in scores))
    for k in keys[1:]:
        for ref in r["categories"][k]["auditRefs"]:
            audit = r["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failed.setdefault((k, ref["id"], audit["title"]), []).append("/" + path)
for (k, audit_id, title), paths in sorted(failed.items()):
    print(f"  {k}: {audit_id} ({title}) on {len(paths)} page(s): {' '.join(paths)}")
print(f"reports: {out}")
EOF
}

for ref in "${@:-HEAD}"; do
  measure "$ref"
  PORT=$((PORT + 1))
done
