#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own data: the example profiles for `profile`,
# and every rule-pack file for `rule_pack` (prefixed with the byte that makes the harness put
# it back in its own place, so each seed starts as a valid pack).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/profile corpus/rule_pack
cp ../examples/*.yaml corpus/profile/
# The harness replaces file number N (first byte) of the pack's non-test files, in path order.
i=0
for f in $(cd ../rules && ls *.yaml | LC_ALL=C sort); do
    { printf "\\x$(printf %02x "$i")"; cat "../rules/$f"; } > "corpus/rule_pack/$f"
    i=$((i + 1))
done
echo "seeded $(ls corpus/profile | wc -l) profile and $(ls corpus/rule_pack | wc -l) rule_pack inputs"
