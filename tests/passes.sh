#!/usr/bin/env bash
# The suite's passes: on SQLite always and, when ANSVAR_TEST_DATABASE_URL is set, on
# PostgreSQL at the same time (a core each; the suite's tests take free ports and their own
# databases, so the passes do not meet). Each pass writes to var/pytest-<database>.log, which
# is printed when the pass ends; the run fails when either pass fails.
# Usage: tests/passes.sh PYTEST [pytest arguments...]
set -uo pipefail
pytest="$1"
shift
mkdir -p var

pass() {  # name, database url, pytest arguments
  local name="$1" url="$2"
  shift 2
  ANSVAR_DATABASE_URL="$url" "$pytest" "$@" >"var/pytest-$name.log" 2>&1
  local rc=$?
  echo "== the suite on $name: $(tail -n 1 "var/pytest-$name.log") (exit $rc)"
  return $rc
}

if [ -z "${ANSVAR_TEST_DATABASE_URL:-}" ]; then
  if [ "${ANSVAR_REQUIRE_POSTGRES:-}" = "1" ]; then
    echo "ANSVAR_REQUIRE_POSTGRES=1 but ANSVAR_TEST_DATABASE_URL is not set" >&2
    exit 1
  fi
  ANSVAR_DATABASE_URL=sqlite:///:memory: exec "$pytest" "$@"
fi

echo "== the suite on SQLite and on PostgreSQL side by side (var/pytest-sqlite.log, var/pytest-postgresql.log)"
pass sqlite sqlite:///:memory: "$@" &
sqlite=$!
pass postgresql "$ANSVAR_TEST_DATABASE_URL" "$@" &
postgresql=$!
wait "$sqlite"
sqlite_rc=$?
wait "$postgresql"
postgresql_rc=$?
for name in sqlite postgresql; do
  echo
  echo "== var/pytest-$name.log"
  cat "var/pytest-$name.log"
done
[ "$sqlite_rc" -eq 0 ] && [ "$postgresql_rc" -eq 0 ]
