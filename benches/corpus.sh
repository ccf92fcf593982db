#!/usr/bin/env bash
# Whole-process benchmark: newsindex against the plain-tantivy baseline
# (examples/plain_tantivy.rs) on N copies of the shared bench corpora.
#
#   benches/corpus.sh [-m "1 5 20"] [-c "reuters21578 bbc"] [-r 3] [-q 15] [-d 1] [-o bench-out] [-s ../shared/data/bench]
#
# For each corpus and multiple it builds a JSON Lines corpus of N copies with suffixed ids
# (in $TMPDIR, never committed), then ingests it R times with each program, alternating
# newsindex and the baseline so both see the same machine load, and reports: the median
# ingest wall seconds, MB/s of input, paragraphs/s, peak RSS (the most of any run, as
# /usr/bin/time -v counts it, mapped index files included) and peak private memory
# (benches/measure.py), index size, and the wall time of one query process over a fixed
# query set (newsindex with --facets --json; benches/query_time.py runs each query Q times
# per program, alternating them, and reports the median over the queries of the per-query
# medians, to a tenth of a millisecond). For newsindex it also times the first query
# process right after its last ingest and `list -n 10` (median of 5). With -d PCT, it then
# deletes every (100/PCT)th article from newsindex's index and times the query processes
# again: a row "N-delPCT%". Results go to OUT/results.md and OUT/results.csv, and
# OUT/scaling.png when matplotlib is installed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
multiples="1 5 20"
corpora="reuters21578"
out="$here/bench-out"
src="$here/../shared/data/bench"
runs=3
query_runs=15
delete_pct=
while getopts "m:c:o:s:r:q:d:" opt; do
  case $opt in
    m) multiples=$OPTARG ;; c) corpora=$OPTARG ;; o) out=$OPTARG ;; s) src=$OPTARG ;;
    r) runs=$OPTARG ;; q) query_runs=$OPTARG ;; d) delete_pct=$OPTARG ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
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
ms_of() { # median wall milliseconds of 5 runs of a command, output discarded
  for _ in 1 2 3 4 5; do
    python3 -c 'import subprocess, sys, time; t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(f"{(time.perf_counter() - t) * 1000:.1f}")' "$@"
  done | median
}
query_pairs() { # the query set as [newsindex argv, baseline argv] pairs, as JSON
  python3 - "$ni" "$work/index-newsindex" "$pt" "$work/index-plain_tantivy" "${ni_queries[@]}" -- "${pt_queries[@]}" <<'PY'
import json, shlex, sys
ni, ni_idx, pt, pt_idx, *qs = sys.argv[1:]
cut = qs.index("--")
pairs = [[[ni, "--index", ni_idx, "query", *shlex.split(a), "--facets", "--json"], [pt, "query", pt_idx, *shlex.split(b)]]
         for a, b in zip(qs[:cut], qs[cut + 1:])]
json.dump(pairs, sys.stdout)
PY
}
time_queries() { # sets qmed and qall for both programs
  query_pairs > "$work/queries.json"
  mapfile -t qtimes < <(python3 "$here/benches/query_time.py" "$query_runs" "$work/queries.json")
  qmed=([newsindex]="${qtimes[-1]% *}" [plain_tantivy]="${qtimes[-1]#* }")
  qall=([newsindex]="" [plain_tantivy]="")
  for t in "${qtimes[@]:0:${#qtimes[@]}-1}"; do qall[newsindex]+=" ${t% *}"; qall[plain_tantivy]+=" ${t#* }"; done
}
row() { # row COPIES PROG PARAGRAPHS SECONDS: one line of results.csv from the current figures
  local prog=$2 idx="$work/index-$2" size
  size=$(du -sb "$idx" | cut -f1)
  python3 - "$corpus" "$1" "$prog" "$bytes" "$3" "$4" "${rss[$prog]}" "${anon[$prog]}" "$size" "${qmed[$prog]}" "$runs" "${first[$prog]:-}" "${list[$prog]:-}" >> "$out/results.csv" <<'PY'
import sys
c, n, prog, b, p, s, rss, anon, size, q, runs, first, lst = sys.argv[1:]
b, p, s = int(b), int(p), float(s)
print(f"{c},{n},{prog},{b},{p},{s:.2f},{b/1e6/s:.1f},{p/s:.0f},{int(rss)/1024:.0f},{int(anon)/1024:.0f},{int(size)/1e6:.1f},{q},{runs},{first},{lst}")
PY
  echo "$corpus x$1 $prog: ingest ${4}s (runs:${walls[$prog]}), peak RSS $((rss[$prog] / 1024)) MB (private $((anon[$prog] / 1024)) MB), index $((size / 1000000)) MB, query median ${qmed[$prog]} ms (${qall[$prog]# })${first[$prog]:+, first query ${first[$prog]} ms, list -n 10 ${list[$prog]} ms}"
}
paragraphs_of() {
  if [ "$1" = newsindex ]; then
    "$ni" --index "$work/index-newsindex" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["paragraphs"])'
  else
    "$pt" query "$work/index-plain_tantivy" "*" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' || echo 0
  fi
}
echo "corpus,copies,program,bytes,paragraphs,ingest_s,mb_s,paragraphs_s,peak_rss_mb,peak_anon_mb,index_mb,query_ms_median,runs,first_query_ms,list_ms" > "$out/results.csv"
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
    declare -A walls=() rss=() anon=() first=() list=() qmed=() qall=()
    for _ in $(seq "$runs"); do
      for prog in newsindex plain_tantivy; do
        read -r w r a < <(ingest $prog "$work/index-$prog" "$file")
        walls[$prog]="${walls[$prog]:-} $w"
        [ "$r" -gt "${rss[$prog]:-0}" ] && rss[$prog]=$r
        [ "$a" -gt "${anon[$prog]:-0}" ] && anon[$prog]=$a
        if [ $prog = newsindex ]; then # the first query after an ingest, before any other
          first[newsindex]=$(python3 -c 'import subprocess, sys, time; t = time.perf_counter(); subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(f"{(time.perf_counter() - t) * 1000:.1f}")' \
            "$ni" --index "$work/index-newsindex" query economy --facets --json)
        fi
      done
    done
    list[newsindex]=$(ms_of "$ni" --index "$work/index-newsindex" list -n 10)
    # query processes: each query Q times per program, the programs alternating
    time_queries
    declare -A paras=()
    for prog in newsindex plain_tantivy; do
      paras[$prog]=$(paragraphs_of $prog)
      row "$n" $prog "${paras[$prog]}" "$(printf '%s\n' ${walls[$prog]} | median)"
    done
    if [ -n "$delete_pct" ]; then
      # every (100/PCT)th article of the corpus leaves newsindex's index; the baseline's
      # index is unchanged (it has no delete), its queries timed again beside
      python3 -c '
import json, sys
step = round(100 / float(sys.argv[2]))
for i, line in enumerate(open(sys.argv[1])):
    if i % step == 0:
        print(json.loads(line)["id"])' "$file" "$delete_pct" > "$work/gone.txt"
      "$ni" --index "$work/index-newsindex" delete - < "$work/gone.txt" > /dev/null
      list[newsindex]=$(ms_of "$ni" --index "$work/index-newsindex" list -n 10)
      first[newsindex]=
      time_queries
      for prog in newsindex plain_tantivy; do
        row "$n-del$delete_pct%" $prog "$(paragraphs_of $prog)" "$(printf '%s\n' ${walls[$prog]} | median)"
      done
    fi
  done
done

python3 - "$out" <<'PY'
import csv, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(f"{out}/results.csv")))
by = {}
for r in rows:
    by.setdefault((r["corpus"], r["copies"]), {})[r["program"]] = r
lines = ["| corpus | copies | MB | paragraphs | ingest s, median (newsindex / plain) | ratio | MB/s | peak RSS MB | peak private MB | index MB (ratio) | query ms (ratio) | first query ms | list -n 10 ms |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
for (c, n), d in by.items():
    a, b = d.get("newsindex"), d.get("plain_tantivy")
    if not a or not b:
        continue
    f = float
    lines.append(f"| {c} | {n} | {int(a['bytes'])/1e6:.0f} | {a['paragraphs']} | {a['ingest_s']} / {b['ingest_s']} | "
                 f"{f(a['ingest_s'])/f(b['ingest_s']):.2f} | {a['mb_s']} / {b['mb_s']} | {a['peak_rss_mb']} / {b['peak_rss_mb']} | "
                 f"{a['peak_anon_mb']} / {b['peak_anon_mb']} | "
                 f"{a['index_mb']} / {b['index_mb']} ({f(a['index_mb'])/f(b['index_mb']):.2f}) | "
                 f"{a['query_ms_median']} / {b['query_ms_median']} ({f(a['query_ms_median'])/max(f(b['query_ms_median']),1):.2f}) | "
                 f"{a.get('first_query_ms') or '-'} | {a.get('list_ms') or '-'} |")
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
    pts = sorted((int(r["paragraphs"]), float(r["ingest_s"]), float(r["index_mb"])) for r in rows
                 if r["program"] == prog and "del" not in r["copies"])
    if prog == "plain_tantivy":  # plot against the same paragraph counts as newsindex
        pts = sorted((int(a["paragraphs"]), float(d["plain_tantivy"]["ingest_s"]), float(d["plain_tantivy"]["index_mb"]))
                     for (_, n), d in by.items() for a in [d.get("newsindex")]
                     if a and "plain_tantivy" in d and "del" not in n)
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
