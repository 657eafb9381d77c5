#!/usr/bin/env bash
# The speed benchmark (see BENCHMARKS.md): archfit against the floor of reading and parsing the
# same files with the same YAML crate.
#
#   bench/run.sh                 # 10,000 generated profiles, 10 runs per command
#   RUNS=30 N=10000 bench/run.sh
#   bench/run.sh 'name=archfit args…'   # more commands to time over the profiles ({DIR})
#
# Then single profiles: one with components, and bench/profiles/ (a plain profile, the same
# with three answers open, every field open).
#
# Each command is timed on the release build with hyperfine when it is installed (as root the
# script installs it with apt-get if missing), or with a plain loop otherwise; the script
# prints medians, the ratio of each to its floor, and peak memory (`/usr/bin/time -v`).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
RUNS=${RUNS:-10}
# HYPERFINE=none times with a plain loop even where hyperfine is installed.
HYPERFINE=${HYPERFINE:-hyperfine}
DATA=${DATA:-target/bench-profiles-$N}

# The commands timed over all N profiles: `name|arguments to archfit`, {DIR} is the profiles.
# Add a line here for each command worth watching.
BATCH=(
    "recommend --format json|recommend --format json {DIR}"
    "recommend (text)|recommend {DIR}"
    "check --format json|check --format json {DIR}"
    "check --format github|check --format github {DIR}"
)
for extra in "$@"; do
    BATCH+=("${extra%%=*}|${extra#*=}")
done

echo "== build (release)"
cargo build --release --quiet --bin archfit --example parse_floor
# Both binaries are timed from copies in one directory, as an install would place them: on the
# machine of BENCHMARKS.md a binary straight from the linker paid about ten more page faults at
# start-up than the same file copied (the page cache holds the two differently), which is noise
# about where the file came from, not about the program. Both get the same treatment.
mkdir -p target/bench-bin
cp target/release/archfit target/release/examples/parse_floor target/bench-bin/
ARCHFIT=$PWD/target/bench-bin/archfit
FLOOR=$PWD/target/bench-bin/parse_floor

if [ ! -d "$DATA" ]; then
    echo "== generating $N profiles in $DATA"
    python3 bench/gen_profiles.py "$DATA" "$N"
fi
# One profile with components, for the single-file case.
ONE=$(grep -l '^components:' "$DATA"/team-00/*.yaml | head -1)
echo "   $(find "$DATA" -name '*.yaml' | wc -l) files, $(cat "$DATA"/*/*.yaml | wc -c) bytes; one file: $ONE"

if [ "$HYPERFINE" = hyperfine ] && ! command -v hyperfine >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing hyperfine"
    apt-get install -y hyperfine >/dev/null 2>&1 || true
fi

# median_ms NAME COMMAND… : prints the median wall time in milliseconds, and the mean CPU time
# (user + system, all threads) when hyperfine measured it. CPU time says how much work a run
# does even when other processes share the cores and wall time gets noisy.
median_ms() {
    local name=$1
    shift
    if command -v "$HYPERFINE" >/dev/null 2>&1; then
        local json
        json=$(mktemp)
        # -i: `check` exits 1 when a profile does not fit; that is a result, not a failure.
        "$HYPERFINE" -N -i --warmup 2 --runs "$RUNS" --style none --export-json "$json" \
            --command-name "$name" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
        python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f" % (r["median"] * 1000, (r["user"] + r["system"]) * 1000))' "$json"
        rm -f "$json"
    else
        local times=() start end
        "$@" >/dev/null 2>&1 || true
        for _ in $(seq "$RUNS"); do
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1 || true
            end=$(date +%s%N)
            times+=($(((end - start) / 1000)))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f ?\n", m/1000}'
    fi
}

# peak_mb COMMAND… : peak resident memory in MB, or "?" without GNU time.
peak_mb() {
    if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {printf "%.1f\n", $2/1024}'
    else
        echo "?"
    fi
}

row() { # name "median cpu" "floor-median floor-cpu" peak
    local m c fm fc
    read -r m c <<<"$2"
    read -r fm fc <<<"$3"
    printf '%-36s %9s ms %6s x %9s ms %6s x %7s MB\n' "$1" "$m" "$(python3 -c "print('%.2f' % ($m/$fm))")" \
        "$c" "$(python3 -c "print('%.2f' % ($c/$fc))" 2>/dev/null || echo ?)" "$4"
}

echo "== timing: median of $RUNS runs (hyperfine: $(command -v "$HYPERFINE" >/dev/null && echo yes || echo no)), $(nproc) cores"
printf '%-36s %12s %8s %12s %8s %10s\n' command "wall median" "/ floor" "CPU (u+s)" "/ floor" "peak RSS"
floor_all=$(median_ms floor "$FLOOR" "$DATA")
row "floor: read+parse $N files" "$floor_all" "$floor_all" "$(peak_mb "$FLOOR" "$DATA")"
for entry in "${BATCH[@]}"; do
    name=${entry%%|*}
    args=${entry#*|}
    # shellcheck disable=SC2086 # the arguments are meant to split into words
    set -- ${args//\{DIR\}/$DATA}
    row "archfit $name" "$(median_ms "$name" "$ARCHFIT" "$@")" "$floor_all" "$(peak_mb "$ARCHFIT" "$@")"
done
floor_one=$(median_ms floor-one "$FLOOR" "$ONE")
row "floor: read+parse one file" "$floor_one" "$floor_one" "$(peak_mb "$FLOOR" "$ONE")"
row "archfit recommend --format json ONE" "$(median_ms one "$ARCHFIT" recommend --format json "$ONE")" "$floor_one" "$(peak_mb "$ARCHFIT" recommend --format json "$ONE")"
row "archfit recommend ONE (text)" "$(median_ms one-text "$ARCHFIT" recommend "$ONE")" "$floor_one" "$(peak_mb "$ARCHFIT" recommend "$ONE")"
# Open answers (bench/profiles/): the same profile with three answers open, and every field
# open, each as a ratio to the plain profile timed in the same run.
plain=$(median_ms plain "$ARCHFIT" recommend --format json bench/profiles/plain.yaml)
row "archfit plain profile, JSON / floor" "$plain" "$floor_one" "$(peak_mb "$ARCHFIT" recommend --format json bench/profiles/plain.yaml)"
for open in open-three open-all; do
    file=bench/profiles/$open.yaml
    row "archfit $open, JSON / plain" "$(median_ms "$open" "$ARCHFIT" recommend --format json "$file")" "$plain" "$(peak_mb "$ARCHFIT" recommend --format json "$file")"
done
echo "targets: $N profiles <= 1.2x floor, one profile <= 1.5x floor, peak memory <= 30 MB;"
echo "         three open answers about the plain profile's cost, every field open well under a second"
