#!/usr/bin/env bash
# libFuzzer harnesses (Tests/Fuzz/*.swift) for every parser of outside input,
# built with the address sanitizer (leak checking on) into .build/fuzz/.
#
#   bash Scripts/fuzz.sh                      # every harness for 10^6 executions
#   bash Scripts/fuzz.sh --seconds 5          # every harness for 5 s (the suite's smoke run)
#   bash Scripts/fuzz.sh --runs 10000000 PointsCSV SafeTensors   # some harnesses, longer
#
# The seed corpora are Tests/Fuzz/corpus/<Harness>/ (kept in the repository);
# new inputs go to .build/fuzz/corpus/<Harness>/, crashes to
# .build/fuzz/crashes/<Harness>/. Exit status 0 only when no harness crashed,
# hung (5 s per input), leaked or ran out of memory (2 GiB).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=1000000
seconds=""
harnesses=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -*) echo "error: unknown option $1" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
  esac
done
[ ${#harnesses[@]} -gt 0 ] || harnesses=(PointsCSV PointsNPY Pictures SafeTensors SweepFiles TrainingState)

# The short smoke run (--seconds) builds without optimisation into its own
# folder: it compiles in a fraction of the time, and a few seconds of fuzzing
# need no speed. The long run builds optimised.
build=.build/fuzz
optimisation=-O
if [ -n "$seconds" ]; then build=.build/fuzz-smoke; optimisation=-Onone; fi
mkdir -p "$build/modules"
flags=("$optimisation" -parse-as-library -enable-testing -package-name FieldLab -target-cpu haswell -sanitize=fuzzer,address -I "$build/modules" -I Sources/CFFTW -I Sources/CZlib -I Sources/CPNG)
# The library modules a harness needs, in dependency order.
needs() {
  case "$1" in
    PointsCSV|PointsNPY|Pictures) echo FieldLabCore FieldLabData ;;
    SafeTensors) echo FieldLabCore FieldLabNeural ;;
    SweepFiles|TrainingState) echo FieldLabCore FieldLabData FieldLabNeural FieldLabSampling FieldLabFields FieldLabMetrics \
                     FieldLabMethods FieldLabRender FieldLabAnalysis FieldLabExperiments ;;
    *) echo "error: no harness Tests/Fuzz/$1.swift" >&2; exit 2 ;;
  esac
}
# Builds a module (a static library) unless it is newer than its sources.
module() {
  local name=$1 library="$build/modules/lib$1.a"
  local sources
  sources=$(find "Sources/$name" -name '*.swift' | sort)
  if [ -f "$library" ] && [ -z "$(find "Sources/$name" -name '*.swift' -newer "$library")" ]; then return; fi
  echo "fuzz: building $name" >&2
  # shellcheck disable=SC2086
  swiftc "${flags[@]}" -emit-module -emit-module-path "$build/modules/$name.swiftmodule" \
    -emit-library -static -module-name "$name" -o "$library" $sources
}

status=0
for harness in "${harnesses[@]}"; do
  modules=$(needs "$harness")
  libraries=()
  # Static libraries link dependents first.
  for m in $modules; do module "$m"; libraries=("$build/modules/lib$m.a" "${libraries[@]}"); done
  binary="$build/$harness"
  if [ ! -x "$binary" ] || [ "Tests/Fuzz/$harness.swift" -nt "$binary" ] || [ -n "$(find "${libraries[@]}" -newer "$binary")" ]; then
    echo "fuzz: linking $harness" >&2
    swiftc "${flags[@]}" -module-name "Fuzz$harness" "Tests/Fuzz/$harness.swift" "${libraries[@]}" \
      -lfftw3 -lz -lpng16 -o "$binary" 2> "$build/$harness.link.log" \
      || { cat "$build/$harness.link.log" >&2; exit 1; }
  fi
  corpus="$build/corpus/$harness"
  crashes="$build/crashes/$harness"
  mkdir -p "$corpus" "$crashes"
  limit=(-runs="$runs")
  [ -z "$seconds" ] || limit=(-max_total_time="$seconds")
  log="$build/$harness.log"
  if ASAN_OPTIONS=detect_leaks=1 "$binary" "${limit[@]}" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$crashes/" "$corpus" "Tests/Fuzz/corpus/$harness" > "$log" 2>&1; then
    executions=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    echo "fuzz: $harness ok, ${executions:-?} executions"
  else
    echo "fuzz: $harness FAILED (see $log; the input is in $crashes/):" >&2
    grep -E 'ERROR|Fatal error|deadly signal|leak|timeout|out-of-memory' "$log" | head -5 >&2 || true
    status=1
  fi
done
exit $status
