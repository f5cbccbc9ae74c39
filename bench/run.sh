#!/usr/bin/env bash
# The skillgen benchmark: builds the release binary, generates the inputs outside the
# repository, and times with hyperfine
#   (a) `skillgen check` on the committed facts, as a whole process;
#   (b) `skillgen lint` over 1,000 generated skill folders (about 15 MB of markdown)
#       and over 10,000 (10x, for linearity), with peak memory;
#   (c) `skillgen check` as the facts grow 10x and 100x;
#   (d) `skillgen lint` of one long shell fence, 8x apart in size: ssh lines and
#       here-documents, without and with facts, to see the cost is linear;
#   (e) `skillgen lint` of 100,000 findings in each report format, and of 100,000
#       suppressed ones;
# and, with --compare, the same 1,000-folder corpus through markdownlint-cli2 and
# skills-ref (`agentskills validate`), installed into the scratch folder.
#
# Usage: bench/run.sh [--compare] [--quick]
#   --compare  also run markdownlint-cli2 (npm) and skills-ref (PyPI)
#   --quick    fewer runs and no 10x corpus
# Environment: BENCH_DIR (scratch folder, default /tmp/skillgen-bench),
#   CARGO_TARGET_DIR (where cargo builds, default target/).
# Results: $BENCH_DIR/results/*.json (hyperfine) and a summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

compare=false
runs=10
tenfold=true
for arg in "$@"; do
    case "$arg" in
        --compare) compare=true ;;
        --quick) runs=3; tenfold=false ;;
        *) echo "usage: bench/run.sh [--compare] [--quick]" >&2; exit 2 ;;
    esac
done

bench=${BENCH_DIR:-/tmp/skillgen-bench}
results=$bench/results
mkdir -p "$results"

if ! command -v hyperfine >/dev/null; then
    echo "bench: hyperfine is missing; install it (Debian: apt-get install -y hyperfine)" >&2
    exit 2
fi

echo "== build (release)"
cargo build --release --locked --quiet
bin=${CARGO_TARGET_DIR:-$repo/target}/release/skillgen

echo "== inputs"
corpus=$bench/corpus-1k
[ -f "$corpus.done" ] || { python3 bench/gen-corpus.py "$corpus" --skills 1000 --seed 7 && touch "$corpus.done"; }
if $tenfold; then
    corpus10=$bench/corpus-10k
    [ -f "$corpus10.done" ] || { python3 bench/gen-corpus.py "$corpus10" --skills 10000 --seed 7 && touch "$corpus10.done"; }
fi
for times in 10 100; do
    python3 bench/scale-facts.py facts "$bench/facts-${times}x" "$times"
    rm -rf "$bench/out-${times}x"
    "$bin" generate --facts "$bench/facts-${times}x" --out "$bench/out-${times}x" >/dev/null
done
fences=$bench/fences
[ -f "$fences.done" ] || { python3 bench/gen-fences.py "$fences" && touch "$fences.done"; }
markdown_bytes() { find "$1" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s}'; }

# hyperfine -N runs the binary directly (no shell); lint exits 1 on the corpus's
# planted errors, hence -i. Output goes to /dev/null.
hf() { hyperfine --style basic --output=null "$@"; }
folders() { find "$1" -mindepth 1 -maxdepth 1 -type d | sort | tr '\n' ' '; }

echo "== (a) check on the committed facts"
hf -N --warmup 5 --runs $((runs * 5)) --export-json "$results/check.json" "$bin check"

echo "== (b) lint over the corpus"
# The folders are passed by a shell glob: 10,000 paths do not fit in one argument
# of hyperfine. The glob costs about a millisecond per 1,000 folders.
hf -S bash -i --warmup 2 --runs "$runs" --export-json "$results/lint-1k.json" \
    -n "lint 1,000 folders" "$bin lint --hosts prod,staging,db $corpus/*"
if $tenfold; then
    hf -S bash -i --warmup 1 --runs 3 --export-json "$results/lint-10k.json" \
        -n "lint 10,000 folders" "$bin lint --hosts prod,staging,db $corpus10/*"
fi
/usr/bin/time -f '%M' -o "$results/lint-1k.maxrss" \
    "$bin" lint --hosts prod,staging,db $(folders "$corpus") >/dev/null || true

echo "== (c) check as the facts grow"
hf -N --warmup 2 --runs "$runs" --export-json "$results/check-growth.json" \
    "$bin check" \
    "$bin check --facts $bench/facts-10x --out $bench/out-10x" \
    "$bin check --facts $bench/facts-100x --out $bench/out-100x"

echo "== (d) one long shell fence"
hf -N -i --warmup 1 --runs "$runs" --export-json "$results/fences.json" \
    "$bin lint --hosts hemma $fences/ssh-12500" "$bin lint --hosts hemma $fences/ssh-100000" \
    "$bin lint --hosts hemma $fences/heredoc-5000" "$bin lint --hosts hemma $fences/heredoc-40000" \
    "$bin --facts facts lint $fences/ssh-12500" "$bin --facts facts lint $fences/ssh-100000"

echo "== (e) many findings"
hf -N -i --warmup 1 --runs "$runs" --export-json "$results/findings.json" \
    "$bin lint $fences/findings-100000" "$bin lint --format json $fences/findings-100000" \
    "$bin lint --format sarif $fences/findings-100000" "$bin lint $fences/suppressions-100000"

if $compare; then
    echo "== the same corpus through markdownlint-cli2 and skills-ref"
    tools=$bench/tools
    if [ ! -x "$tools/npm/node_modules/.bin/markdownlint-cli2" ]; then
        npm install --silent --prefix "$tools/npm" markdownlint-cli2 >/dev/null
    fi
    if [ ! -x "$tools/venv/bin/agentskills" ]; then
        python3 -m venv "$tools/venv"
        "$tools/venv/bin/pip" install --quiet skills-ref
    fi
    cat >"$tools/validate_all.py" <<'EOF'
import sys
from pathlib import Path
from skills_ref import validate
problems = sum(len(validate(path)) for path in sorted(Path(sys.argv[1]).iterdir()))
print(f"{problems} problems")
EOF
    # One hyperfine run, so the tools are timed side by side under the same load; the
    # per-folder CLI loop starts Python 1,000 times, so it runs once.
    hyperfine --style basic -i --warmup 1 --runs 3 --export-json "$results/compare.json" \
        -n "skillgen lint" "$bin lint --hosts prod,staging,db $corpus/* >/dev/null" \
        -n "markdownlint-cli2" "$tools/npm/node_modules/.bin/markdownlint-cli2 '$corpus/**/*.md' >/dev/null 2>&1" \
        -n "skills-ref validate(), one process" "$tools/venv/bin/python $tools/validate_all.py $corpus"
    hyperfine --style basic -i --runs 1 --export-json "$results/compare-cli.json" \
        -n "agentskills validate, per folder" \
        "for d in $corpus/*; do $tools/venv/bin/agentskills validate \$d; done >/dev/null"
fi

echo "== summary"
MD_1K=$(markdown_bytes "$corpus") MD_10K=$($tenfold && markdown_bytes "$corpus10" || echo 0) \
    RESULTS=$results python3 - <<'EOF'
import json, os
results = os.environ["RESULTS"]
def load(name):
    path = os.path.join(results, name)
    return json.load(open(path))["results"] if os.path.exists(path) else []
def row(label, r, size=None):
    rate = f"  {size / r['median'] / 1e6:6.1f} MB/s" if size else ""
    print(f"{label:34} median {r['median'] * 1000:8.1f} ms  min {r['min'] * 1000:8.1f} ms"
          f"  user+sys {(r['user'] + r['system']) * 1000:8.1f} ms{rate}")
md1, md10 = int(os.environ["MD_1K"]), int(os.environ["MD_10K"])
for r in load("check.json"): row("(a) check", r)
for r in load("lint-1k.json"): row(f"(b) lint 1,000 folders ({md1 / 1e6:.1f} MB)", r, md1)
ten = load("lint-10k.json")
for r in ten: row(f"(b) lint 10,000 folders ({md10 / 1e6:.1f} MB)", r, md10)
if ten and load("lint-1k.json"):
    print(f"    10x corpus / 1x corpus time: {ten[0]['median'] / load('lint-1k.json')[0]['median']:.2f}x")
maxrss = os.path.join(results, "lint-1k.maxrss")
if os.path.exists(maxrss):
    print(f"    lint 1,000 folders peak memory: {int(open(maxrss).read().split()[-1]) / 1024:.1f} MB")
for r, label in zip(load("check-growth.json"), ["(c) check, facts 1x", "(c) check, facts 10x", "(c) check, facts 100x"]):
    row(label, r)
fence = load("fences.json")
for r, label in zip(fence, ["(d) fence, 12,500 ssh lines", "(d) fence, 100,000 ssh lines",
                            "(d) fence, 5,000 here-documents", "(d) fence, 40,000 here-documents",
                            "(d) with facts, 12,500 ssh lines", "(d) with facts, 100,000 ssh lines"]):
    row(label, r)
if len(fence) == 6:
    ratio = lambda big, small: fence[big]["median"] / fence[small]["median"]
    print(f"    8x the ssh lines: {ratio(1, 0):.2f}x the time; 8x the here-documents: "
          f"{ratio(3, 2):.2f}x; with facts: {ratio(5, 4):.2f}x")
for r, label in zip(load("findings.json"), ["(e) 100,000 findings, human", "(e) 100,000 findings, json",
                                            "(e) 100,000 findings, sarif", "(e) 100,000 suppressed"]):
    row(label, r)
for r in load("compare.json") + load("compare-cli.json"): row(r["command"], r, md1)
EOF
