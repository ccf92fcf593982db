#!/usr/bin/env bash
# Whole-process benchmark: newsindex against the plain-tantivy baseline
# (examples/plain_tantivy.rs) on N copies of the shared bench corpora.
#
#   benches/corpus.sh [-m "1 5 20"] [-c "reuters21578 bbc"] [-r 3] [-q 15] [-o bench-out] [-s ../shared/data/bench]
#
# For each corpus and multiple it builds a JSON Lines corpus of N copies with suffixed ids
# (in $TMPDIR, never committed), then ingests it R times with each program, alternating
# newsindex and the baseline so both see the same machine load, and reports: the median
# ingest wall seconds, MB/s of input, paragraphs/s, peak RSS (the most of any run, as
# /usr/bin/time -v counts it, mapped index files included) and peak private memory
# (benches/measure.py), index size, and the wall time of one query process over a fixed
# query set (newsindex with --facets --json; benches/query_time.py runs each query Q times
# per program, alternating them, and reports the median over the queries of the per-query
# medians, to a tenth of a millisecond). Results go to OUT/results.md and
# OUT/results.csv, and OUT/scaling.png when matplotlib is installed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
multiples="1 5 20"
corpora="reuters21578"
out="$here/bench-out"
src="$here/../shared/data/bench"
runs=3
query_runs=15
while getopts "m:c:o:s:r:q:" opt; do
  case $opt in
    m) multiples=$OPTARG ;; c) corpora=$OPTARG ;; o) out=$OPTARG ;; s) src=$OPTARG ;;
    r) runs=$OPTARG ;; q) query_runs=$OPTARG ;;
    *) sed -n '2,17p' "$0"; exit 2 ;;
  esac
done
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/newsindex-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$here"
cargo build --release --locked --quiet --bin newsindex --example plain_tantivy
ni="$here/target/release/newsindex"
pt="$here/target/release/examples/plain_tantivy"

# queries: two single words, two words, a phrase, a person filter, a place filter.
# The baseline has no entity fields, so for filters it runs the name as words.
ni_queries=("oil" "bank" "'oil prices'" "'\"interest rates\"'" "--person Reagan" "--place Japan")
pt_queries=("oil" "bank" "'oil prices'" "'\"interest rates\"'" "Reagan" "Japan")

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # prints "wall_seconds peak_rss_kb peak_anon_kb" of a command, its output discarded
  python3 "$here/benches/measure.py" "$@" 2>&1 | tail -1
}
ingest() { # ingest PROG INDEX FILE: one fresh ingest, measured
  rm -rf "$2"
  if [ "$1" = newsindex ]; then timed "$ni" --index "$2" ingest "$3"; else timed "$pt" ingest "$2" "$3"; fi
}
echo "corpus,copies,program,bytes,paragraphs,ingest_s,mb_s,paragraphs_s,peak_rss_mb,peak_anon_mb,index_mb,query_ms_median,runs" > "$out/results.csv"
for corpus in $corpora; do
  for n in $multiples; do
    file="$work/$corpus-x$n.jsonl"
    python3 - "$src/$corpus.jsonl.gz" "$n" > "$file" <<'PY'
import gzip, json, sys
path, copies = sys.argv[1], int(sys.argv[2])
lines = gzip.open(path, "rt", encoding="utf-8").read().splitlines()
out = sys.stdout
for k in range(copies):
    for line in lines:
        d = json.loads(line)
        d["id"] = f"{d.get('id')}-c{k}"
        out.write(json.dumps(d) + "\n")
PY
    bytes=$(stat -c %s "$file")
    # alternate the programs, R runs each; keep the median time and the highest memory
    declare -A walls=() rss=() anon=()
    for _ in $(seq "$runs"); do
      for prog in newsindex plain_tantivy; do
        read -r w r a < <(ingest $prog "$work/index-$prog" "$file")
        walls[$prog]="${walls[$prog]:-} $w"
        [ "$r" -gt "${rss[$prog]:-0}" ] && rss[$prog]=$r
        [ "$a" -gt "${anon[$prog]:-0}" ] && anon[$prog]=$a
      done
    done
    # query processes: each query Q times per program, the programs alternating
    python3 - "$ni" "$work/index-newsindex" "$pt" "$work/index-plain_tantivy" "${ni_queries[@]}" -- "${pt_queries[@]}" > "$work/queries.json" <<'PY'
import json, shlex, sys
ni, ni_idx, pt, pt_idx, *qs = sys.argv[1:]
cut = qs.index("--")
pairs = [[[ni, "--index", ni_idx, "query", *shlex.split(a), "--facets", "--json"], [pt, "query", pt_idx, *shlex.split(b)]]
         for a, b in zip(qs[:cut], qs[cut + 1:])]
json.dump(pairs, sys.stdout)
PY
    mapfile -t qtimes < <(python3 "$here/benches/query_time.py" "$query_runs" "$work/queries.json")
    declare -A qmed=([newsindex]="${qtimes[-1]% *}" [plain_tantivy]="${qtimes[-1]#* }")
    declare -A qall=([newsindex]="" [plain_tantivy]="")
    for t in "${qtimes[@]:0:${#qtimes[@]}-1}"; do qall[newsindex]+=" ${t% *}"; qall[plain_tantivy]+=" ${t#* }"; done
    for prog in newsindex plain_tantivy; do
      idx="$work/index-$prog"
      secs=$(printf '%s\n' ${walls[$prog]} | median)
      if [ $prog = newsindex ]; then
        paras=$("$ni" --index "$idx" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["paragraphs"])')
      else
        paras=$("$pt" query "$idx" "*" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' || echo 0)
      fi
      size=$(du -sb "$idx" | cut -f1)
      python3 - "$corpus" "$n" "$prog" "$bytes" "$paras" "$secs" "${rss[$prog]}" "${anon[$prog]}" "$size" "${qmed[$prog]}" "$runs" >> "$out/results.csv" <<'PY'
import sys
c, n, prog, b, p, s, rss, anon, size, q, runs = sys.argv[1:]
b, p, s = int(b), int(p), float(s)
print(f"{c},{n},{prog},{b},{p},{s:.2f},{b/1e6/s:.1f},{p/s:.0f},{int(rss)/1024:.0f},{int(anon)/1024:.0f},{int(size)/1e6:.1f},{q},{runs}")
PY
      echo "$corpus x$n $prog: ingest ${secs}s (runs:${walls[$prog]}), peak RSS $((rss[$prog] / 1024)) MB (private $((anon[$prog] / 1024)) MB), index $((size / 1000000)) MB, query median ${qmed[$prog]} ms (${qall[$prog]# })"
    done
  done
done

python3 - "$out" <<'PY'
import csv, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(f"{out}/results.csv")))
by = {}
for r in rows:
    by.setdefault((r["corpus"], r["copies"]), {})[r["program"]] = r
lines = ["| corpus | copies | MB | paragraphs | ingest s, median (newsindex / plain) | ratio | MB/s | peak RSS MB | peak private MB | index MB (ratio) | query ms (ratio) |",
         "|---|---|---|---|---|---|---|---|---|---|---|"]
for (c, n), d in by.items():
    a, b = d.get("newsindex"), d.get("plain_tantivy")
    if not a or not b:
        continue
    f = float
    lines.append(f"| {c} | {n} | {int(a['bytes'])/1e6:.0f} | {a['paragraphs']} | {a['ingest_s']} / {b['ingest_s']} | "
                 f"{f(a['ingest_s'])/f(b['ingest_s']):.2f} | {a['mb_s']} / {b['mb_s']} | {a['peak_rss_mb']} / {b['peak_rss_mb']} | "
                 f"{a['peak_anon_mb']} / {b['peak_anon_mb']} | "
                 f"{a['index_mb']} / {b['index_mb']} ({f(a['index_mb'])/f(b['index_mb']):.2f}) | "
                 f"{a['query_ms_median']} / {b['query_ms_median']} ({f(a['query_ms_median'])/max(f(b['query_ms_median']),1):.2f}) |")
open(f"{out}/results.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib not installed: no chart (pip install matplotlib)")
    sys.exit(0)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
for prog, style in (("newsindex", "o-"), ("plain_tantivy", "s--")):
    pts = sorted((int(r["paragraphs"]), float(r["ingest_s"]), float(r["index_mb"])) for r in rows if r["program"] == prog)
    if prog == "plain_tantivy":  # plot against the same paragraph counts as newsindex
        pts = sorted((int(a["paragraphs"]), float(d["plain_tantivy"]["ingest_s"]), float(d["plain_tantivy"]["index_mb"]))
                     for d in by.values() for a in [d.get("newsindex")] if a and "plain_tantivy" in d)
    ax1.plot([p for p, _, _ in pts], [s for _, s, _ in pts], style, label=prog)
    ax2.plot([p for p, _, _ in pts], [m for _, _, m in pts], style, label=prog)
ax1.set(xlabel="paragraphs", ylabel="ingest seconds", title="Ingest time")
ax2.set(xlabel="paragraphs", ylabel="index MB", title="Index size")
for ax in (ax1, ax2):
    ax.legend(); ax.grid(True, alpha=0.3)
fig.tight_layout()
fig.savefig(f"{out}/scaling.png", dpi=100)
print(f"chart: {out}/scaling.png")
PY
