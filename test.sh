#!/usr/bin/env bash
# Builds and runs every test project, then prints one closing line: "N passed, N failed".
# The end-to-end tests start their own gateway and simulated provider on loopback ports.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
results="$(mktemp -d "${TMPDIR:-/tmp}/tollgate-tests.XXXXXX")"
trap 'rm -rf "$results"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The dashboard's tests drive a real headless Chromium (Debian's chromium package; Playwright downloads no browser).
# Installed here when missing, so that they run: under this script they fail, never skip, without it.
if ! command -v chromium >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the dashboard tests…"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq chromium || { apt-get update -qq && apt-get install -y -qq chromium; }; } >/dev/null 2>&1 \
    || echo "could not install chromium: the dashboard tests will fail"
fi
export TOLLGATE_REQUIRE_CHROMIUM=1
# What a person should look at after a run (the dashboard's screenshot) is kept here, beyond the run.
export TOLLGATE_TEST_ARTIFACTS="$root/TestResults/artifacts"

if ! dotnet build Tollgate.slnx -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Tollgate.slnx -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
if (( status != 0 && failed == 0 )); then failed=1; fi
echo
echo "$passed passed, $failed failed"
if (( status != 0 || failed > 0 || passed == 0 )); then exit 1; fi
exit 0
