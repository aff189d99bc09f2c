#!/usr/bin/env bash
# verify-ledgers.sh [--list] GLOB...: re-checks every ledger file matching the globs (bash globstar: `**` crosses
# folders) with `leanforge ledger verify`, which checks each entry in a fresh Lean process (exit 1 if any entry is
# not PROVED). With --list it only prints the matching files, one per line.
#
# Environment: LEANFORGE      the leanforge launcher (default ./leanforge)
#              PROJECT_DIR    Lean project for the checks, a Lake project with Mathlib for Mathlib ledgers (default .)
#              LEAN_TIMEOUT   seconds per check (default 60, as `leanforge ledger verify`)
#              ALLOW_NO_LEDGERS=true   succeed, saying so, when no file matches; otherwise that is an error (a glob
#                             that matches nothing is usually a mistake, and a green run would hide it)
# On GitHub Actions the outcome is also written to the job summary.
set -euo pipefail
shopt -s globstar nullglob

list_only=false
if [ "${1:-}" = "--list" ]; then
  list_only=true
  shift
fi
if [ "$#" -eq 0 ]; then
  echo "usage: verify-ledgers.sh [--list] GLOB...   (e.g. 'theorems/**/*.ledger.jsonl')" >&2
  exit 2
fi

files=()
for glob in "$@"; do
  for file in $glob; do
    [ -f "$file" ] && files+=("$file")
  done
done
if [ "${#files[@]}" -gt 0 ]; then
  mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u)
fi

if $list_only; then
  [ "${#files[@]}" -eq 0 ] || printf '%s\n' "${files[@]}"
  exit 0
fi

summary() {
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '%s\n' "$@" >> "$GITHUB_STEP_SUMMARY"
  fi
}

if [ "${#files[@]}" -eq 0 ]; then
  message="no ledger files match $*: nothing was verified"
  if [ "${ALLOW_NO_LEDGERS:-false}" = "true" ]; then
    echo "::notice title=No ledgers::$message (allowed here)"
    summary "### Ledger verification" "" "No ledger file matches \`$*\`: **nothing was verified**."
    exit 0
  fi
  echo "::error title=No ledgers::$message; fix the globs, or allow an empty match explicitly"
  summary "### Ledger verification" "" "No ledger file matches \`$*\`: failed (an empty match is not allowed)."
  exit 1
fi

echo "Re-checking ${#files[@]} ledger file(s) in fresh Lean processes:"
printf '  %s\n' "${files[@]}"
out="$(mktemp)"
status=0
"${LEANFORGE:-./leanforge}" ledger verify --project-dir "${PROJECT_DIR:-.}" --timeout "${LEAN_TIMEOUT:-60}" \
  "${files[@]}" | tee "$out" || status=$?
summary "### Ledger verification" "" "Files: ${#files[@]} (\`$*\`)" "" '```' "$(tail -n 1 "$out")" '```'
rm -f "$out"
exit "$status"
