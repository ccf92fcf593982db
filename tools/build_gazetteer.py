#!/usr/bin/env python3
"""Builds data/gazetteer/places.tsv from the shared GeoNames-derived gazetteers.

Usage: tools/build_gazetteer.py SHARED_GAZETTEER_DIR OUT_DIR [WORD_LIST] [ISO_3166_3_JSON]

Output rows: kind<TAB>canonical<TAB>alias<TAB>alias...  (the same format as a --names file),
in priority order: when two rows claim the same alias, the recognizer keeps the first.
kind is `place`, or `place:weak` for a smaller city that needs context at the start of a
sentence, or `place:word` for a city whose name is also a common lower-case English word
("Mobile", "Reading", "Bank"; WORD_LIST, default /usr/share/dict/american-english from
Debian's wamerican package): those need a preposition such as "in" before them. Also writes given_names.txt (one name a line, given 1,000+ times), cities.txt (the capitals
and the cities of a million people or more, one canonical name a line: which places are
cities, for telling a club from its city; the recognizer's automaton does not read it) and
former_countries.txt (countries that no longer exist, "Zaire", "Yugoslavia", which archives
of older news name, from ISO 3166-3 as Debian's iso-codes package ships it, LGPL-2.1;
ISO_3166_3_JSON, default /usr/share/iso-codes/json/iso_3166-3.json: the archive's kind vote
reads them, the recognizer's automaton does not, so the model's features stay as trained).
"""
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

# A few canonical names read better in news copy than GeoNames' own.
RENAME = {"Palestinian Territory": "Palestinian territories"}
# Single words that are also common function words or that news copy uses for other things.
STOP = {"of", "as", "is", "at", "by", "to", "in", "on", "an", "or", "he", "she", "we", "us",
        "it", "so", "do", "no", "be", "man", "police", "university", "union", "federal",
        "national", "university", "independence", "liberty", "victoria", "enterprise"}
STRONG_POPULATION = 1_000_000


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def latin_alias(a):
    return re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", fold(a).replace("ʼ", "'")) is not None


def read(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def former_countries(path):
    """Countries of ISO 3166-3 (withdrawn codes) as (canonical, aliases): the name before its
    first comma, and the full name after it when that is one ("USSR", "Union of Soviet
    Socialist Republics"), not a fragment ("Upper Volta, Republic of")."""
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)["3166-3"]
    out = []
    for e in entries:
        head, _, rest = e["name"].partition(",")
        head, rest = head.strip(), rest.strip()
        if "(" in head:
            continue
        full = rest and " " in rest and not rest.endswith(" of") and "(" not in rest and "," not in rest
        out.append((head, [rest] if full else []))
    return out


def main(src, out, words="/usr/share/dict/american-english", former="/usr/share/iso-codes/json/iso_3166-3.json"):
    src, out = Path(src), Path(out)
    with open(words, encoding="utf-8") as f:
        common = {w.strip() for w in f if w.strip() and w.strip().islower()}
    rows = []  # (kind, canonical, [aliases])
    countries = read(src / "countries.tsv")
    demonyms = {}
    for d in read(src / "demonyms.tsv"):
        demonyms.setdefault(d["country"], []).append(d["demonym"])
    for c in sorted(countries, key=lambda c: -int(c["population"] or 0)):
        name = c["name"]
        aliases = [a for a in c["aliases"].split("|") if a and "," not in a and latin_alias(a)]
        for dem in demonyms.get(name, []):
            aliases.append(dem)
            if not re.search(r"(ese|s|sh|ch|i)$", dem):
                aliases.append(dem + "s")
            elif dem.endswith("i"):
                aliases.append(dem + "s")  # Israeli -> Israelis, Qatari -> Qataris
        rows.append(("place", RENAME.get(name, name), aliases))
    # names the hand-written regions.tsv gives already ("USSR" of the Soviet Union)
    with open(out / "regions.tsv", encoding="utf-8") as f:
        written = {fold(a) for line in f if not line.startswith("#") for a in line.rstrip("\n").split("\t")[1:]}
    taken = {fold(c["name"]) for c in countries} | written
    former_rows = [(n, a) for n, a in former_countries(former) if fold(n) not in taken]
    places = read(src / "places.tsv")
    for kind in ("us_state", "continent", "capital"):
        for p in sorted((p for p in places if p["kind"] == kind), key=lambda p: -int(p["population"] or 0)):
            rows.append(("place", p["name"], []))
    big = [p["name"] for p in places if p["kind"] == "capital"]
    aliases_by_id = {}
    for a in read(src / "city_aliases_pop100k.tsv"):
        alias, name = a["alias"], a["name"]
        if not latin_alias(alias) or alias == alias.lower() or len(alias) < 4:
            continue
        if len(alias.split()) > 4 or fold(alias)[:3] != fold(name)[:3]:
            continue
        aliases_by_id.setdefault(a["geonameid"], []).append(alias)
    cities = sorted((p for p in places if p["kind"] == "city"), key=lambda p: -int(p["population"] or 0))
    for p in cities:
        if fold(p["name"]) in STOP or len(p["name"]) < 3:
            continue
        kind = "place" if int(p["population"] or 0) >= STRONG_POPULATION else "place:weak"
        if kind == "place":
            big.append(p["name"])
        if kind == "place:weak" and fold(p["name"]) in common:
            kind = "place:word"
        rows.append((kind, p["name"], aliases_by_id.get(p["geonameid"], [])))
    seen = set()
    with open(out / "places.tsv", "w", encoding="utf-8") as f:
        f.write("# Generated by tools/build_gazetteer.py from GeoNames data (CC BY 4.0); see SOURCES.md\n")
        for kind, canonical, aliases in rows:
            keep = []
            for a in [canonical] + aliases:
                key = fold(a)
                if a != canonical and kind.startswith("place:") and key in common:
                    continue
                if key in seen or key in STOP:
                    continue
                seen.add(key)
                keep.append(a)
            if keep:
                f.write("\t".join([kind, canonical] + [a for a in keep if a != canonical]) + "\n")
    with open(out / "cities.txt", "w", encoding="utf-8") as f:
        f.write("# Capitals and cities of 1,000,000 people or more, by GeoNames (CC BY 4.0); see SOURCES.md\n")
        f.write("\n".join(sorted(set(big))) + "\n")
    with open(out / "former_countries.tsv", "w", encoding="utf-8") as f:
        f.write("# Countries of ISO 3166-3 (withdrawn), from Debian's iso-codes (LGPL-2.1); see SOURCES.md\n")
        for name, aliases in former_rows:
            f.write("\t".join(["place", name] + aliases) + "\n")
    names = read(src / "given_names.tsv")
    given = sorted({n["name"] for n in names if int(n["count_1880_2023"]) >= 1000})
    with open(out / "given_names.txt", "w", encoding="utf-8") as f:
        f.write("# US Social Security Administration baby names given 1,000+ times (public domain)\n")
        f.write("\n".join(given) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
