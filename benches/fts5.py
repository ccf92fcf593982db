#!/usr/bin/env python3
"""The SQLite FTS5 baseline: the same paragraphs in an FTS5 table, timed like newsindex.

    newsindex extract --json CORPUS.jsonl > paragraphs.jsonl     # newsindex's own split
    benches/fts5.py ingest paragraphs.jsonl DB                   # prints seconds and MB
    benches/fts5.py latency DB [RUNS]                            # p50 / p99 per query

The table has title and text columns with the porter stemmer over unicode61 (diacritics
removed), like newsindex's analyzer; the paragraphs go in in one transaction. Titles come
from the corpus through `--titles CORPUS.jsonl` when given (extract does not print them).
`latency` runs, on one open connection, the text queries of benches/support/query_set.rs:
the top 10 by bm25 (title weighted 0.5) and the count of all matches, as newsindex does.
"""
import json
import os
import sqlite3
import statistics
import sys
import time

QUERIES = [("word", "oil"), ("two words", "oil prices"), ("phrase", '"interest rates"')]


def ingest(paragraphs, db, titles_from=None):
    titles = {}
    if titles_from:
        with open(titles_from, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                titles[str(d.get("id"))] = d.get("title") or ""
    if os.path.exists(db):
        os.remove(db)
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE p USING fts5(title, text, article_id UNINDEXED, "
        "paragraph UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    rows = 0
    with con, open(paragraphs, encoding="utf-8") as f:
        batch = []
        for line in f:
            d = json.loads(line)
            batch.append((titles.get(d["article_id"], ""), d["text"], d["article_id"], d["paragraph"]))
            if len(batch) == 10_000:
                con.executemany("INSERT INTO p VALUES (?, ?, ?, ?)", batch)
                rows += len(batch)
                batch.clear()
        con.executemany("INSERT INTO p VALUES (?, ?, ?, ?)", batch)
        rows += len(batch)
    con.execute("INSERT INTO p(p) VALUES ('optimize')")
    con.commit()
    con.close()
    seconds = time.perf_counter() - started
    print(f"{rows} paragraphs in {seconds:.2f} s, {os.path.getsize(db) / 1e6:.1f} MB")


def latency(db, runs=300):
    con = sqlite3.connect(db)
    print(f"{'query':<24} {'hits':>8} {'p50':>10} {'p99':>10}")
    for name, q in QUERIES:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            top = con.execute(
                "SELECT article_id, paragraph FROM p WHERE p MATCH ? ORDER BY bm25(p, 0.5, 1.0) LIMIT 10",
                (q,),
            ).fetchall()
            (total,) = con.execute("SELECT count(*) FROM p WHERE p MATCH ?", (q,)).fetchone()
            times.append(time.perf_counter() - started)
        times.sort()
        p50 = statistics.median(times) * 1000
        p99 = times[int(len(times) * 0.99) - 1] * 1000
        print(f"{name:<24} {total:>8} {p50:>8.2f}ms {p99:>8.2f}ms")
        assert len(top) == min(10, total)


def main():
    args = sys.argv[1:]
    if len(args) >= 3 and args[0] == "ingest":
        titles = args[args.index("--titles") + 1] if "--titles" in args else None
        ingest(args[1], args[2], titles)
    elif len(args) >= 2 and args[0] == "latency":
        latency(args[1], int(args[2]) if len(args) > 2 else 300)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
