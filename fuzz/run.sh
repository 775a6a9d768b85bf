#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, JOBS at a time, seeding each corpus
# from the test fixtures, and prints executions and findings per target.
#
#   fuzz/run.sh 600            # ten minutes per target, one at a time
#   JOBS=2 fuzz/run.sh 600     # two targets at once
#   fuzz/run.sh 60 csv rules   # one minute for two targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain (or RUSTC_BOOTSTRAP=1).
# Crashes land in fuzz/artifacts/TARGET/; a summary line per target goes to fuzz/results.txt.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(csv toml_bom cyclonedx_json cyclonedx_xml spdx_json spdx_tag_value spdx3_json_ld xlsx detect rules config waivers baseline)
fi
JOBS="${JOBS:-1}"
TOOLCHAIN="${FUZZ_TOOLCHAIN:-+nightly}"
FIX=../tests/fixtures

seed() {  # seed TARGET: copy the fixtures that fit the target into its corpus
  local dir="corpus/$1"
  mkdir -p "$dir"
  case "$1" in
    csv) cp "$FIX"/corpus/*/*.csv ../examples/boms/*.csv "$dir"/ ;;
    toml_bom) cp ../examples/boms/*.toml "$dir"/ ;;
    cyclonedx_json) cp "$FIX"/corpus/cyclonedx-hbom-pcie-sata/bom.json "$FIX"/sbom/*.cdx.json "$dir"/ ;;
    cyclonedx_xml) cp "$FIX"/corpus/cyclonedx-sbom-xml-lhc-vdm-editor/bom.xml "$FIX"/sbom/*.cdx.xml "$dir"/ ;;
    spdx_json) cp "$FIX"/corpus/spdx-2.3-examples/*.json "$FIX"/sbom/router.spdx.json "$dir"/ ;;
    spdx_tag_value) cp "$FIX"/sbom/*.spdx "$dir"/ ;;
    spdx3_json_ld) cp "$FIX"/sbom/*.jsonld "$dir"/ ;;
    xlsx) cp "$FIX"/corpus/xlsx/*.xlsx "$FIX"/xlsx/*.xlsx "$FIX"/xlsx/*.ods "$dir"/ ;;
    detect) cp "$FIX"/sbom/* ../examples/boms/* "$FIX"/xlsx/two-sheets.xlsx "$dir"/ ;;
    rules) find ../rules -name '*.toml' -exec cp {} "$dir"/ \; ;;
    config) cp ../examples/ci/bomgate.toml "$dir"/ ;;
    waivers) cp ../examples/ci/waivers.toml "$FIX"/golden-gate/waivers.toml "$dir"/ ;;
    baseline) printf '{"bomgate_baseline":1,"entries":[{"fingerprint":"0123","rule":"r","entity":"e","file":"f","ref":"U1","mpn":"M"}]}\n' > "$dir/one.json" ;;
  esac
}

run() {  # run TARGET: fuzz it, then summarise its log
  local t="$1" log="logs/$1.log"
  seed "$t"
  mkdir -p logs
  cargo $TOOLCHAIN fuzz run "$t" "corpus/$t" -- -max_total_time="$SECONDS_EACH" -timeout=10 -max_len=16384 \
    -rss_limit_mb=2048 -print_final_stats=1 > "$log" 2>&1 || true
  local execs crashes
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  crashes=$(ls "artifacts/$t" 2>/dev/null | wc -l)
  echo "$t: ${SECONDS_EACH}s, $execs executions, $crashes findings ($(grep -c '^==.*ERROR\|panicked' "$log" || true) error reports)" | tee -a results.txt
}

cargo $TOOLCHAIN fuzz build >/dev/null
export -f run seed
export SECONDS_EACH TOOLCHAIN FIX
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'run {}'
