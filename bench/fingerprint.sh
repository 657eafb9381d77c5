#!/usr/bin/env bash
# Fingerprints everything archfit prints: one line per command run, with its exit status and
# the SHA-256 of its standard output and standard error (and of any file it writes). Run it
# before and after a change that must not change any output, and compare the two listings:
#
#   bench/fingerprint.sh > before.txt        # on the old commit
#   bench/fingerprint.sh > after.txt         # on the new one
#   diff before.txt after.txt                # no output: nothing a user sees has changed
#
#   ARCHFIT=path/to/archfit bench/fingerprint.sh    # fingerprint a binary built elsewhere
#
# It covers recommend (text, --explain, json, markdown), check (every format, --strict), ask
# (on a pseudo-terminal, see bench/ask_enter.py), adr (the records written), diff, rules (list,
# show, lint, test, analyze, diff), schema, completions, every --help, and the errors of
# invalid input; over examples/, the custom pack in examples/custom-pack/ and N generated
# profiles (10,000 by default, shared with bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
DATA=${DATA:-target/bench-profiles-$N}
if [ -z "${ARCHFIT:-}" ]; then
    cargo build --release --quiet --bin archfit
    ARCHFIT=target/release/archfit
fi
if [ ! -d "$DATA" ]; then
    python3 bench/gen_profiles.py "$DATA" "$N" >&2
fi
# Everything runs from one scratch directory with relative paths, so the paths printed in the
# output are the same on every run and on every machine.
WORK=target/fingerprint
rm -rf "$WORK"
mkdir -p "$WORK/bin"
# Under its own name whatever the file is called, since usage and help print it.
cp "$ARCHFIT" "$WORK/bin/archfit"
ARCHFIT=$(realpath "$WORK/bin/archfit")
cp -r examples "$WORK/examples"
cp -r tests/fixtures/packs "$WORK/packs"
ln -s "$(realpath "$DATA")" "$WORK/many"
cd "$WORK"

hash() { sha256sum | cut -c1-16; }

# run NAME ARGS… : archfit ARGS, fingerprinted.
run() {
    local name=$1 code=0
    shift
    "$ARCHFIT" "$@" >out.txt 2>err.txt </dev/null || code=$?
    printf '%-48s exit %-3s out %s err %s\n' "$name" "$code" "$(hash <out.txt)" "$(hash <err.txt)"
}

# stdin NAME FILE ARGS… : archfit ARGS with FILE on standard input.
stdin() {
    local name=$1 file=$2 code=0
    shift 2
    "$ARCHFIT" "$@" <"$file" >out.txt 2>err.txt || code=$?
    printf '%-48s exit %-3s out %s err %s\n' "$name" "$code" "$(hash <out.txt)" "$(hash <err.txt)"
}

# files NAME DIR : the contents of every file in DIR, in name order.
files() {
    printf '%-48s files %s\n' "$1" "$(cd "$2" && find . -type f | sort | xargs cat | hash)"
}

# Invalid inputs: every kind of problem a user makes.
mkdir -p bad
printf 'team_szie: 8\nscaling: uniform\ntraffic: bursty\ndevops: limited\n' >bad/typos.yaml
printf 'team_size: 8\nteams: 12\nscaling: uniform\ntraffic: steady\ndevops: limited\n' >bad/teams.yaml
printf 'team_size: "8"\nscaling: yes\ntraffic: [steady]\ndevops: 3\ncurrent: monolit\n' >bad/types.yaml
printf 'team_size: 8\nscaling: uniform\ntraffic: steady\ndevops: limited\ncomponents:\n  - name: a\n    team_size: 3\n  - name: a\n    traffic: spiky\n  - traffic: steady\n' >bad/components.yaml
printf 'team_size: [1, 2\n' >bad/syntax.yaml
printf '' >bad/empty.yaml
printf '\xff\xfe binary' >bad/binary.yaml
printf 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n' >bad/bomb.yaml
printf 'team_size: 8\nscaling: uniform\ntraffic: steady\ndevops: limited\n---\nteam_size: 0\n' >bad/stream.yaml

ONE=examples/hybrid-shop.yaml
CUSTOM=(--rules examples/custom-pack)

echo "# archfit $("$ARCHFIT" -V)"
for f in text json markdown; do
    # --date dates decision records: it goes with markdown only.
    date=()
    [ "$f" = markdown ] && date=(--date 2026-03-14)
    run "recommend $f examples" recommend --format "$f" "${date[@]}" examples
    run "recommend $f many" recommend --format "$f" "${date[@]}" many
    run "recommend $f custom" "${CUSTOM[@]}" recommend --format "$f" "${date[@]}" examples/custom-pack/profiles
    run "recommend $f bad" recommend --format "$f" "${date[@]}" bad examples/monolith-startup.yaml
done
run "recommend explain examples" recommend --explain examples
run "recommend explain many" recommend --explain many
run "recommend color examples" --color always recommend examples
for e in examples/*.yaml; do
    run "recommend json $e" recommend --format json "$e"
done
stdin "recommend stdin" "$ONE" recommend --format json -
run "recommend missing" recommend nope.yaml
run "recommend pack dir" recommend examples/custom-pack

for f in text json github junit sarif; do
    run "check $f examples" check --format "$f" examples
    run "check $f many" check --format "$f" many
    run "check $f strict many" check --strict --format "$f" many
    run "check $f custom" "${CUSTOM[@]}" check --format "$f" examples/custom-pack/profiles
    run "check $f bad" check --format "$f" bad examples
done
stdin "check github stdin" examples/current-mismatch.yaml check --format github -
run "check color" --color always check examples
run "check quiet" check --quiet examples bad

for e in examples/*.yaml; do
    for f in text json markdown; do
        date=()
        [ "$f" = markdown ] && date=(--date 2026-03-14)
        python3 ../../bench/ask_enter.py "$ARCHFIT" out.txt --from "$e" --format "$f" "${date[@]}" \
            --save saved.yaml 2>/dev/null && code=0 || code=$?
        printf '%-48s exit %-3s out %s saved %s\n' "ask $f $e" "$code" "$(hash <out.txt)" "$(hash <saved.yaml)"
        rm -f saved.yaml
    done
done
python3 ../../bench/ask_enter.py "$ARCHFIT" out.txt "${CUSTOM[@]}" --from examples/custom-pack/profiles/clinic-intake.yaml \
    --format json 2>/dev/null && code=0 || code=$?
printf '%-48s exit %-3s out %s\n' "ask custom" "$code" "$(hash <out.txt)"
run "ask no terminal" ask

mkdir -p adr
for e in examples/*.yaml; do
    run "adr $e" adr "$e" --dir adr --date 2026-03-14
done
run "adr supersedes" adr examples/growing-team-band.yaml --dir adr --date 2026-03-15 --supersedes 3
run "adr supersedes missing" adr "$ONE" --dir adr --supersedes 99
files "adr records" adr

for a in examples/*.yaml; do
    for b in examples/growing-team-band.yaml examples/hybrid-shop.yaml; do
        run "diff text $a $b" diff "$a" "$b"
        run "diff json $a $b" diff --format json "$a" "$b"
    done
done
run "diff bad" diff bad/typos.yaml bad/teams.yaml
run "diff two stdin" diff - -

for pack in "" examples/custom-pack; do
    rules=()
    [ -n "$pack" ] && rules=(--rules "$pack")
    run "rules list $pack" "${rules[@]}" rules list
    run "rules list serverless $pack" "${rules[@]}" rules list --pattern serverless
    run "rules list unknown $pack" "${rules[@]}" rules list --pattern serverles
    run "rules show $pack" "${rules[@]}" rules show monolith.small-team
    run "rules show unknown $pack" "${rules[@]}" rules show monolith.small-tem
    run "rules lint $pack" "${rules[@]}" rules lint
    run "rules lint deny $pack" "${rules[@]}" rules lint --deny-warnings
    run "rules test $pack" "${rules[@]}" rules test --coverage
    run "rules test min $pack" "${rules[@]}" rules test --min-coverage 100
    run "rules analyze $pack" "${rules[@]}" rules analyze
    run "rules analyze json $pack" "${rules[@]}" rules analyze --format json
    run "schema $pack" "${rules[@]}" schema
done
for p in packs/*; do
    run "rules lint $p" rules lint "$p"
    run "rules test $p" rules test "$p"
    run "rules analyze $p" rules analyze "$p"
done
run "rules diff text" rules diff ../../rules examples/custom-pack examples/custom-pack/profiles examples
run "rules diff json" rules diff --format json ../../rules examples/custom-pack examples/custom-pack/profiles
run "rules diff same" rules diff ../../rules ../../rules many
run "rules diff bad" rules diff ../../rules packs/never-true examples

for shell in bash zsh fish powershell elvish; do
    run "completions $shell" completions "$shell"
done
run "help" --help
run "version" --version
run "man" man
run "rules show components rule" rules show hybrid.components-differ
for c in recommend adr diff check schema completions man ask rules "rules list" "rules show" \
    "rules lint" "rules test" "rules analyze" "rules diff"; do
    # shellcheck disable=SC2086 # the command is meant to split into words
    run "help $c" $c --help
done
run "no command" ""
run "bad flag" recommend --format yaml examples
run "bad date" recommend --format markdown --date 2026-02-30 examples
run "bad rules dir" --rules nope recommend examples
