// The newsindex search page. Everything shown comes from the JSON API; every piece of
// article text, title or name goes into the page as a text node, never as markup.
"use strict";

const KINDS = ["person", "place", "org"];
const HEADINGS = { person: "people", place: "places", org: "organizations" };
const PAGE = 10;
const FACETS = 10;
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c);
  }
  return node;
}

/** An SVG element with attributes. */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c);
  return node;
}

/** The state of the page, read from the URL. */
function state() {
  const p = new URLSearchParams(location.search);
  const s = {
    q: p.get("q") || "", since: p.get("since") || "", until: p.get("until") || "",
    offset: Number(p.get("offset")) || 0, article: p.get("article"), p: p.get("p"),
    sort: p.get("sort") || "", flat: p.get("group") === "0", entity: p.get("entity"),
  };
  for (const k of KINDS) {
    s[k] = p.getAll(k);
    s["-" + k] = p.getAll("-" + k);
  }
  return s;
}

/** The search itself: words, entity filters, dates, order (what the page and the API share). */
function searchParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const k of KINDS) {
    for (const v of s[k]) p.append(k, v);
    for (const v of s["-" + k]) p.append("-" + k, v);
  }
  if (s.since) p.set("since", s.since);
  if (s.until) p.set("until", s.until);
  if (s.sort) p.set("sort", s.sort);
  return p;
}

function urlOf(s) {
  const p = searchParams(s);
  if (s.flat) p.set("group", "0");
  if (s.offset) p.set("offset", String(s.offset));
  if (s.article) {
    p.set("article", s.article);
    if (s.p) p.set("p", String(s.p));
  }
  if (s.entity) p.set("entity", s.entity);
  const query = p.toString();
  return query ? "/?" + query : "/";
}

function go(s) {
  history.pushState(null, "", urlOf(s));
  render();
}

/** The state with a filter on a name added (and the page and the article closed). */
function withFilter(s, kind, name, exclude = false) {
  const key = exclude ? "-" + kind : kind;
  const list = s[key].includes(name) ? s[key] : [...s[key], name];
  return { ...s, [key]: list, offset: 0, article: null, p: null, entity: null };
}

/** The state with an entity's profile open. */
function withProfile(s, kind, name) {
  return { ...s, entity: `${kind}:${name}`, article: null, p: null };
}

/** The snippet (HTML-escaped, with <b> around matches) as nodes: text and <mark>. */
function snippetNodes(html) {
  const unescape = (t) =>
    t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  const out = [];
  let marked = false;
  for (const part of html.split(/(<b>|<\/b>)/)) {
    if (part === "<b>") marked = true;
    else if (part === "</b>") marked = false;
    else if (part) out.push(marked ? el("mark", {}, unescape(part)) : unescape(part));
  }
  return out;
}

/** An API error in the user's terms. */
function plainError(message) {
  if (/missing delimiter "/i.test(message) || /unclosed|unterminated/i.test(message)) {
    return "A quote is not closed: add the closing \" or remove the opening one.";
  }
  if (/syntax error/i.test(message)) {
    return "This search could not be read. Check its quotes, brackets and field:value parts, or search for plain words.";
  }
  return message;
}

let loads = 0;
async function api(path) {
  loads += 1;
  $("loading").hidden = false;
  try {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok) throw new Error(plainError(body.error || response.statusText));
    return body;
  } finally {
    loads -= 1;
    if (!loads) $("loading").hidden = true;
  }
}

function searchPath(s) {
  const p = searchParams(s);
  p.set("limit", String(PAGE));
  p.set("offset", String(s.offset));
  p.set("facets", "true");
  p.set("histogram", "auto");
  if (!s.flat) p.set("group", "true");
  return "/api/search?" + p.toString();
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "1987-03-31T06:56:30Z" as "31 Mar 1987, 06:56 UTC"; a date alone as "31 Mar 1987". */
function readableDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso || "");
  if (!m) return iso || "";
  const day = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  return m[4] && !(m[4] === "00" && m[5] === "00") ? `${day}, ${m[4]}:${m[5]} UTC` : day;
}

/** A name that adds its filter when clicked. */
function nameLink(s, kind, name) {
  return el("button", { type: "button", class: "link name", "data-kind": kind, title: `Only paragraphs naming ${name}`,
    onclick: (event) => { event.stopPropagation(); go(withFilter(state(), kind, name)); } }, name);
}

function entityLine(s, hit) {
  const parts = [];
  for (const k of KINDS) {
    if (hit[k] && hit[k].length) {
      const names = [];
      hit[k].forEach((n, i) => names.push(...(i ? [", "] : []), nameLink(s, k, n)));
      parts.push(el("span", {}, k + ": ", ...names));
    }
  }
  if (!parts.length) return null;
  const line = el("p", { class: "entities" });
  parts.forEach((part, i) => line.append(...(i ? [" · ", part] : [part])));
  return line;
}

function label(hit) {
  if (hit.title) return hit.title;
  if (hit.source) return hit.source.split("/").pop();
  return hit.article_id;
}

/** The search of one article's paragraphs, or null when its id cannot be quoted. */
function inArticle(s, id) {
  if (/["\\]/.test(id)) return null;
  const p = searchParams(s);
  p.set("q", `${s.q ? "(" + s.q + ") AND " : ""}article_id:"${id}"`);
  p.delete("sort");
  return p;
}

function summaryText(s, result) {
  const shown = result.hits.length;
  let words = s.q ? `matching “${s.q}”` : "selected";
  if (s.since || s.until) words += `, published ${s.since ? "from " + readableDate(s.since) : ""}${s.since && s.until ? " " : ""}${s.until ? "until " + readableDate(s.until) : ""}`;
  if (!result.total) return `No paragraph ${words}.`;
  const paragraphs = `${result.total.toLocaleString()} paragraph${result.total === 1 ? "" : "s"} ${words}`;
  if (s.flat) return `${paragraphs}, showing ${s.offset + 1}–${s.offset + shown}`;
  const articles = result.articles != null ? ` in ${result.articles.toLocaleString()} article${result.articles === 1 ? "" : "s"}` : "";
  return `${paragraphs}${articles}, showing articles ${s.offset + 1}–${s.offset + shown}`;
}

function renderHits(s, result) {
  const hits = $("hits");
  hits.replaceChildren();
  $("summary").textContent = summaryText(s, result);
  for (const f of result.filters || []) {
    if (f.matches.length === 1 && f.matches[0].name === f.asked) continue;
    const line = el("span", { class: "resolution" }, `${f.kind} “${f.asked}” `);
    if (!f.matches.length) line.append("matches no name in the index");
    else line.append(f.matches.length === 1 ? "is " : "matched ");
    f.matches.forEach((m, i) => {
      const count = `${m.count.toLocaleString()} paragraph${m.count === 1 ? "" : "s"}, by ${m.how}`;
      // with several fits, a click narrows the filter to one of them
      const name = f.matches.length > 1 && m.name !== f.asked
        ? el("button", { type: "button", class: "link", title: `Only ${m.name}`,
            onclick: () => go({ ...s, [f.kind]: s[f.kind].map((n) => (n === f.asked ? m.name : n)), offset: 0 }) }, m.name)
        : m.name;
      line.append(...(i ? ["; "] : []), name, ` (${count})`);
    });
    $("summary").append(el("br"), line);
  }
  for (const warning of result.warnings || []) $("summary").append(el("br"), warning);
  for (const hit of result.hits) hits.append(hitItem(s, hit));
  renderSuggestions(s, result);
  const pages = $("pages");
  pages.replaceChildren();
  const hasNext = s.flat ? s.offset + PAGE < result.total : result.more_articles;
  if (s.offset > 0 || hasNext) {
    const prev = el("button", { type: "button", onclick: () => go({ ...s, offset: Math.max(0, s.offset - PAGE) }) }, "← Previous");
    const next = el("button", { type: "button", onclick: () => go({ ...s, offset: s.offset + PAGE }) }, "Next →");
    prev.disabled = s.offset === 0;
    next.disabled = !hasNext;
    const page = Math.floor(s.offset / PAGE) + 1;
    const of = s.flat ? result.total : result.articles;
    pages.append(prev, of != null ? `page ${page} of ${Math.ceil(of / PAGE)}` : `page ${page}`, next);
  }
}

function hitItem(s, hit) {
  const open = (event) => {
    event.preventDefault();
    go({ ...state(), article: hit.article_id, p: hit.paragraph });
  };
  const meta = [`¶${hit.paragraph}`];
  if (hit.date) meta.push(readableDate(hit.date));
  if (hit.title && hit.source) meta.push(hit.source);
  const item = el("li", { class: "hit", tabindex: "-1" },
    el("h3", {}, el("a", { href: urlOf({ ...s, article: hit.article_id, p: hit.paragraph }), onclick: open }, label(hit))),
    el("p", { class: "meta" }, meta.join(" · ")),
    el("p", { class: "snippet" }, ...snippetNodes(hit.snippet)),
    entityLine(s, hit));
  if (hit.also_in && hit.also_in.length) {
    const line = el("p", { class: "also" }, `also word for word in ${hit.also_in.length} other article${hit.also_in.length === 1 ? "" : "s"}: `);
    hit.also_in.forEach((id, i) => line.append(...(i ? [", "] : []),
      el("a", { href: urlOf({ ...s, article: id, p: null }), onclick: (e) => { e.preventDefault(); go({ ...state(), article: id, p: null }); } }, id)));
    item.append(line);
  }
  const search = inArticle(s, hit.article_id);
  if (hit.more && search) {
    const list = el("ol", { class: "more-hits" });
    const button = el("button", { type: "button", class: "link more" }, `+${hit.more} more matching paragraph${hit.more === 1 ? "" : "s"} in this article`);
    button.addEventListener("click", async () => {
      button.disabled = true;
      search.set("limit", "100");
      const found = await api("/api/search?" + search.toString()).catch(() => null);
      button.remove();
      for (const other of (found && found.hits) || []) {
        if (other.paragraph === hit.paragraph) continue;
        list.append(el("li", {},
          el("a", { href: urlOf({ ...s, article: hit.article_id, p: other.paragraph }),
            onclick: (e) => { e.preventDefault(); go({ ...state(), article: hit.article_id, p: other.paragraph }); } }, `¶${other.paragraph}`),
          " ", ...snippetNodes(other.snippet)));
      }
    });
    item.append(button, list);
  }
  return item;
}

/** With no result: each filter to drop, and a search that forgives a typo. */
function renderSuggestions(s, result) {
  const box = $("suggest");
  box.replaceChildren();
  box.hidden = result.total > 0;
  if (result.total > 0) return;
  const tries = [];
  if (result.did_you_mean) {
    tries.push(el("button", { type: "button", class: "link did-you-mean", onclick: () => go({ ...s, q: result.did_you_mean, offset: 0 }) }, result.did_you_mean));
  }
  for (const k of KINDS) {
    for (const name of s[k]) tries.push(el("button", { type: "button", class: "link", onclick: () => go({ ...s, [k]: s[k].filter((n) => n !== name), offset: 0 }) }, `without ${k} ${name}`));
  }
  if (s.since || s.until) tries.push(el("button", { type: "button", class: "link", onclick: () => go({ ...s, since: "", until: "", offset: 0 }) }, "any date"));
  const words = s.q.split(/\s+/).filter((w) => /^[\p{L}\p{N}]{4,}$/u.test(w));
  if (words.length && words.length === s.q.split(/\s+/).length) {
    const fuzzy = words.map((w) => w + "~1").join(" ");
    tries.push(el("button", { type: "button", class: "link", onclick: () => go({ ...s, q: fuzzy, offset: 0 }) }, `${fuzzy} (allowing a typo in each word)`));
  }
  if (!tries.length) {
    box.append("Try fewer or other words.");
    return;
  }
  box.append("Try: ");
  tries.forEach((t, i) => box.append(...(i ? [" · "] : []), t));
}

/** The matches over time in `figure`, as bars; a click on a bar, or a drag over several,
 *  calls `choose(since, until)`. */
function drawTimeline(figure, h, interval, undated, choose) {
  figure.replaceChildren();
  const dated = h ? h.reduce((n, b) => n + b.count, 0) : 0;
  figure.hidden = !dated;
  if (!dated) return;
  // every bucket from the first to the last, empty ones too, so time runs evenly
  const next = (start) => {
    const d = new Date(start + "T00:00:00Z");
    if (interval === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (interval === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
    return d.toISOString().slice(0, 10);
  };
  const counts = new Map(h.map((b) => [b.start, b.count]));
  const buckets = [];
  for (let start = h[0].start; start <= h[h.length - 1].start && buckets.length < 2000; start = next(start)) {
    buckets.push({ start, end: next(start), count: counts.get(start) || 0 });
  }
  const name = (b) => interval === "year" ? b.start.slice(0, 4)
    : interval === "month" ? `${MONTHS[Number(b.start.slice(5, 7)) - 1]} ${b.start.slice(0, 4)}` : readableDate(b.start);
  const lastDay = (b) => { const d = new Date(b.end + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() - 1); return d.toISOString().slice(0, 10); };
  const W = 600, H = 80, max = Math.max(...buckets.map((b) => b.count));
  const step = W / buckets.length;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img",
    "aria-label": `Matches by ${interval}` });
  let from = null;
  const pick = (a, b) => {
    const [first, last] = a <= b ? [a, b] : [b, a];
    choose(buckets[first].start, lastDay(buckets[last]));
  };
  buckets.forEach((b, i) => {
    const height = b.count ? Math.max(2, (b.count / max) * (H - 4)) : 0;
    const bar = svg("rect", { x: i * step, y: 0, width: step, height: H, class: "slot", "data-start": b.start, "data-count": b.count },
      svg("title", {}, `${name(b)}: ${b.count.toLocaleString()}`));
    const fill = svg("rect", { x: i * step + step * 0.1, y: H - height, width: Math.max(step * 0.8, 1), height, class: "bar" });
    const g = svg("g", { class: "bucket" }, bar, fill);
    g.addEventListener("mousedown", (e) => { e.preventDefault(); from = i; });
    g.addEventListener("mouseup", () => { if (from !== null) pick(from, i); from = null; });
    chart.append(g);
  });
  chart.addEventListener("mouseleave", () => { from = null; });
  const legend = el("figcaption", {},
    `${name(buckets[0])} – ${name(buckets[buckets.length - 1])} · ${dated.toLocaleString()} dated by ${interval}` +
    (undated ? `, ${undated.toLocaleString()} undated` : "") + " · click a bar or drag across bars to set the dates");
  figure.append(chart, legend);
}

function renderTimeline(s, result) {
  drawTimeline($("timeline"), result.histogram, result.interval, result.undated,
    (since, until) => go({ ...state(), since, until, offset: 0, article: null }));
}

function renderFacets(s, result) {
  const aside = $("facets");
  aside.replaceChildren();
  const facets = result.facets || {};
  for (const kind of KINDS) {
    const values = (facets[kind] || []).filter((v) => !s[kind].includes(v.name) && !s["-" + kind].includes(v.name));
    if (!values.length) continue;
    const list = el("ul", { "data-kind": kind });
    for (const v of values) list.append(facetItem(s, kind, v));
    const section = el("section", { class: "facet" }, el("h4", {}, HEADINGS[kind]), list);
    if ((facets[kind] || []).length >= FACETS) {
      section.append(el("button", { type: "button", class: "link more", onclick: () => moreFacets(s, kind, section) }, `more ${HEADINGS[kind]}…`));
    }
    aside.append(section);
  }
}

function facetItem(s, kind, v) {
  const add = () => go(withFilter(s, kind, v.name));
  const drop = () => go(withFilter(s, kind, v.name, true));
  return el("li", {},
    el("button", { type: "button", class: "add", onclick: add, title: `Only paragraphs naming ${v.name}` },
      el("span", { class: "facet-name" }, v.name), el("span", { class: "count" }, v.count.toLocaleString())),
    el("button", { type: "button", class: "exclude", onclick: drop, title: `Leave out paragraphs naming ${v.name}`, "aria-label": `Leave out ${v.name}` }, "−"),
    el("button", { type: "button", class: "profile", onclick: () => go(withProfile(s, kind, v.name)), title: `Profile of ${v.name}`, "aria-label": `Profile of ${v.name}` }, "ⓘ"));
}

/** Up to 200 names of a kind, with a box to find one among them. */
async function moreFacets(s, kind, section) {
  const p = searchParams(s);
  p.set("kind", kind);
  p.set("limit", "200");
  const found = await api("/api/entities?" + p.toString()).catch(() => null);
  const values = ((found && found[kind]) || []).filter((v) => !s[kind].includes(v.name) && !s["-" + kind].includes(v.name));
  const list = el("ul", { "data-kind": kind });
  const fill = (needle) => {
    list.replaceChildren(...values.filter((v) => v.name.toLowerCase().includes(needle.toLowerCase())).map((v) => facetItem(s, kind, v)));
  };
  const box = el("input", { type: "search", class: "facet-filter", placeholder: `Find among ${values.length} ${HEADINGS[kind]}`, "aria-label": `Find ${HEADINGS[kind]}` });
  box.addEventListener("input", () => fill(box.value));
  fill("");
  section.replaceChildren(el("h4", {}, HEADINGS[kind]), box, list);
  box.focus();
}

function renderChips(s) {
  const chips = $("chips");
  chips.replaceChildren();
  for (const kind of KINDS) {
    for (const exclude of [false, true]) {
      const key = exclude ? "-" + kind : kind;
      for (const name of s[key]) {
        const remove = () => go({ ...s, [key]: s[key].filter((n) => n !== name), offset: 0 });
        chips.append(el("span", { class: "chip" + (exclude ? " not" : ""), "data-kind": kind },
          el("span", { class: "kind" }, exclude ? "not " + kind : kind),
          el("button", { type: "button", class: "chip-name", title: `Profile of ${name}`, onclick: () => go(withProfile(s, kind, name)) }, name),
          el("button", { type: "button", onclick: remove, "aria-label": `Remove ${exclude ? "not " : ""}${kind} ${name}` }, "×")));
      }
    }
  }
}

function renderToolbar(s, shown) {
  $("toolbar").hidden = !shown;
  $("sort").value = s.sort;
  $("group").checked = !s.flat;
  for (const format of ["csv", "jsonl"]) {
    const p = searchParams(s);
    p.set("format", format);
    $(format).href = "/api/search?" + p.toString();
    $(format).setAttribute("download", "newsindex." + format);
  }
}

async function renderArticle(s) {
  const reader = $("reader");
  if (!s.article && !s.entity) {
    reader.hidden = true;
    return;
  }
  reader.hidden = false;
  const body = $("article-body");
  body.replaceChildren();
  body.classList.remove("profile-view");
  if (!s.article) {
    await renderProfile(s);
    return;
  }
  try {
    const article = await api("/api/articles/" + encodeURIComponent(s.article));
    $("article-title").textContent = label(article);
    $("article-meta").textContent = [article.date && readableDate(article.date), article.source, article.url].filter(Boolean).join(" · ");
    // the search's words, marked in every paragraph of the article that matches them
    const marked = new Map();
    if (s.q && !/["\\]/.test(s.article)) {
      const q = `(${s.q}) AND article_id:"${s.article}"`;
      const found = await api(`/api/search?q=${encodeURIComponent(q)}&full=true&limit=1000`).catch(() => null);
      for (const hit of (found && found.hits) || []) marked.set(hit.paragraph, hit.snippet);
    }
    let current = null;
    for (const p of article.paragraphs) {
      const isCurrent = String(p.paragraph) === String(s.p);
      const text = marked.has(p.paragraph) ? snippetNodes(marked.get(p.paragraph)) : [p.text];
      const node = el("div", { class: "para" + (isCurrent ? " current" : ""), id: "p" + p.paragraph },
        el("span", { class: "n" }, "¶" + p.paragraph),
        el("div", {}, el("p", {}, ...text), entityLine(s, p)));
      if (isCurrent) current = node;
      body.append(node);
    }
    if (current) current.scrollIntoView({ block: "center" });
  } catch (e) {
    $("article-title").textContent = "Article not found";
    $("article-meta").textContent = e.message;
  }
}

/** An entity's profile in the reader: variants, mentions over time, the names it appears
 *  with (a graph and lists), and its first paragraphs. */
async function renderProfile(s) {
  const at = s.entity.indexOf(":");
  const kind = s.entity.slice(0, at), name = s.entity.slice(at + 1);
  const body = $("article-body");
  $("article-title").textContent = name;
  $("article-meta").textContent = kind;
  let p;
  try {
    p = await api(`/api/entity?kind=${encodeURIComponent(kind)}&name=${encodeURIComponent(name)}&related=10&limit=8`);
  } catch (e) {
    $("article-meta").textContent = e.message;
    return;
  }
  $("article-title").textContent = p.name;
  const search = el("button", { type: "button", class: "link", onclick: () => go({ ...withFilter({ ...state(), entity: null }, p.kind, p.name) }) }, "search its paragraphs");
  $("article-meta").replaceChildren(`${p.kind} · named in ${p.count.toLocaleString()} paragraph${p.count === 1 ? "" : "s"} · `, search);
  body.classList.add("profile-view");
  const section = (title, ...content) => el("section", { class: "profile-part" }, el("h4", {}, title), ...content);
  if (p.variants.length) {
    body.append(section("written as", el("p", { class: "variants" },
      ...p.variants.flatMap((v, i) => [...(i ? [" · "] : []), `${v.name} `, el("span", { class: "count" }, v.count.toLocaleString())]))));
  }
  const figure = el("figure", { class: "profile-timeline" });
  drawTimeline(figure, p.histogram, p.interval, p.undated,
    (since, until) => go({ ...withFilter({ ...state(), entity: null }, p.kind, p.name), since, until }));
  if (!figure.hidden) body.append(section("mentions over time", figure));
  const related = KINDS.flatMap((k) => ((p.related || {})[k] || []).map((v) => ({ kind: k, ...v })));
  if (related.length) {
    const lists = el("div", { class: "related" });
    for (const k of KINDS) {
      const values = (p.related || {})[k] || [];
      if (!values.length) continue;
      lists.append(el("div", {}, el("h5", {}, HEADINGS[k]), el("ul", { "data-kind": k },
        ...values.map((v) => el("li", {}, el("button", { type: "button", class: "link", onclick: () => go(withProfile(state(), k, v.name)) }, v.name), " ", el("span", { class: "count" }, v.count.toLocaleString()))))));
    }
    body.append(section("appears with", coGraph(p, related.sort((a, b) => b.count - a.count).slice(0, 12)), lists));
  }
  if (p.paragraphs.length) {
    const list = el("ol", { class: "profile-paragraphs" });
    for (const hit of p.paragraphs) {
      list.append(el("li", {},
        el("a", { href: urlOf({ ...state(), entity: null, article: hit.article_id, p: hit.paragraph }),
          onclick: (e) => { e.preventDefault(); go({ ...state(), entity: null, article: hit.article_id, p: hit.paragraph }); } }, label(hit)),
        hit.date ? ` · ${readableDate(hit.date)}` : "", el("p", {}, ...snippetNodes(hit.snippet))));
    }
    body.append(section("paragraphs", list));
  }
  if (editable) body.append(editControls(p));
  if (p.others && p.others.length) {
    body.append(section("the name also fits", el("p", {}, ...p.others.flatMap((m, i) => [...(i ? [" · "] : []),
      el("button", { type: "button", class: "link", onclick: () => go(withProfile(state(), p.kind, m.name)) }, m.name), ` (${m.count})`]))));
  }
}

/** The entity in the middle and the names it appears with most around it; a line's width
 *  is how many paragraphs name both. A click opens that name's profile. */
function coGraph(p, related) {
  const W = 440, H = 300, cx = W / 2, cy = H / 2, r = 115;
  const max = Math.max(...related.map((v) => v.count));
  const graph = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "cograph", role: "img", "aria-label": `Names that appear with ${p.name}` });
  const nodes = svg("g", {});
  related.forEach((v, i) => {
    const angle = (2 * Math.PI * i) / related.length - Math.PI / 2;
    const x = cx + r * Math.cos(angle), y = cy + r * 0.9 * Math.sin(angle);
    graph.append(svg("line", { x1: cx, y1: cy, x2: x, y2: y, class: "edge", "stroke-width": 1 + (5 * v.count) / max }));
    const node = svg("g", { class: "node", "data-kind": v.kind, tabindex: "0" },
      svg("circle", { cx: x, cy: y, r: 6 + (6 * v.count) / max }),
      svg("text", { x, y: y + (y < cy ? -14 : 22), "text-anchor": "middle" }, v.name),
      svg("title", {}, `${v.name} (${v.kind}): ${v.count} paragraph${v.count === 1 ? "" : "s"} with ${p.name}`));
    node.addEventListener("click", () => go(withProfile(state(), v.kind, v.name)));
    nodes.append(node);
  });
  graph.append(nodes, svg("g", { class: "node center", "data-kind": p.kind },
    svg("circle", { cx, cy, r: 14 }), svg("text", { x: cx, y: cy + 30, "text-anchor": "middle" }, p.name)));
  return graph;
}

/** The landing page: the archive's counts, its top names, and searches to start from. */
async function renderLanding(s, mine) {
  $("hits").replaceChildren();
  $("facets").replaceChildren();
  $("pages").replaceChildren();
  $("timeline").hidden = true;
  $("suggest").hidden = true;
  $("summary").textContent = "Search the paragraphs of the archive, or pick a name.";
  const stats = await api("/api/stats").catch(() => null);
  if (!stats || mine !== rendering) return;
  $("summary").textContent = `${stats.articles.toLocaleString()} articles, ${stats.paragraphs.toLocaleString()} paragraphs. Search them, or pick a name.`;
  const all = await api("/api/search?limit=0&facets=true&histogram=auto").catch(() => null);
  if (!all || mine !== rendering) return;
  renderFacets(s, all);
  renderTimeline(s, all);
  const examples = $("examples");
  examples.replaceChildren();
  const tops = KINDS.map((k) => [k, ((all.facets || {})[k] || [])[0]]).filter(([, v]) => v);
  if (tops.length) {
    examples.append("In this archive: ");
    tops.forEach(([k, v], i) => examples.append(...(i ? [" · "] : []), el("a", { href: urlOf({ ...s, [k]: [v.name] }),
      onclick: (e) => { e.preventDefault(); go(withFilter(s, k, v.name)); } }, `${k}: ${v.name}`)));
  }
}

/** Sends a correction (`serve --edit`); throws with the server's reason. */
async function edit(correction) {
  const response = await fetch("/api/edit", {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(correction),
  });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

/** The corrections a reader can make to an entity, where the server takes them. */
function editControls(p) {
  const status = el("p", { class: "edit-status", role: "status" });
  const run = async (correction, after) => {
    status.textContent = "saving…";
    try {
      await edit({ kind: p.kind, name: p.name, ...correction });
      status.textContent = "saved; it applies again after every ingest";
      after();
    } catch (e) {
      status.textContent = e.message;
    }
  };
  const field = (placeholder) => el("input", { type: "text", placeholder, "aria-label": placeholder });
  const renameTo = field("new name"), mergeInto = field("name to merge into");
  const kinds = el("select", { "aria-label": "new kind" }, ...KINDS.filter((k) => k !== p.kind).map((k) => el("option", { value: k }, k)));
  const reopen = (kind, name) => () => go(withProfile(state(), kind, name));
  const buttons = el("div", { class: "edit-controls" },
    el("button", { type: "button", class: "hide-entity", onclick: () => run({ action: "hide" }, () => go({ ...dropFilters(state(), p.kind, p.name), entity: null })) }, `Hide ${p.name}`),
    el("span", {}, renameTo, el("button", { type: "button", onclick: () => renameTo.value.trim() && run({ action: "rename", to: renameTo.value.trim() }, reopen(p.kind, renameTo.value.trim())) }, "Rename")),
    el("span", {}, mergeInto, el("button", { type: "button", onclick: () => mergeInto.value.trim() && run({ action: "merge", to: mergeInto.value.trim() }, reopen(p.kind, mergeInto.value.trim())) }, "Merge into")),
    el("span", {}, kinds, el("button", { type: "button", onclick: () => run({ action: "retype", to: kinds.value }, reopen(kinds.value, p.name)) }, "Retype")));
  const splits = p.variants.length > 1 ? el("p", { class: "splits" }, "Split a variant off: ",
    ...p.variants.flatMap((v, i) => [...(i ? [" · "] : []), el("button", { type: "button", class: "link", onclick: () => run({ action: "split", name: v.name }, () => go(state())) }, v.name)])) : null;
  return el("section", { class: "profile-part edit" }, el("h4", {}, "correct this entity"), buttons, splits, status);
}

/** The state without filters on a name (after it was hidden). */
function dropFilters(s, kind, name) {
  return { ...s, [kind]: s[kind].filter((n) => n !== name), ["-" + kind]: s["-" + kind].filter((n) => n !== name) };
}

let rendering = 0;
let dated = null;
let editable = false;
async function render() {
  const s = state();
  const mine = ++rendering;
  $("q").value = s.q;
  $("since").value = s.since;
  $("until").value = s.until;
  document.body.classList.remove("show-facets");
  // once: whether the archive has dates, and whether this server takes edits
  if (dated === null) {
    const [stats, editing] = await Promise.all([api("/api/stats").catch(() => null), api("/api/edit").catch(() => null)]);
    dated = stats ? stats.dated > 0 : true;
    editable = Boolean(editing && editing.editable);
    if (mine !== rendering) return;
  }
  renderChips(s);
  renderArticle(s);
  $("dates").hidden = !dated && !s.since && !s.until;
  const hasSearch = s.q || s.since || s.until || KINDS.some((k) => s[k].length || s["-" + k].length);
  $("error").hidden = true;
  $("help").hidden = Boolean(hasSearch);
  renderToolbar(s, Boolean(hasSearch));
  if (!hasSearch) {
    document.title = "newsindex";
    await renderLanding(s, mine);
    return;
  }
  document.title = (s.q || KINDS.flatMap((k) => s[k]).join(", ") || "search") + " – newsindex";
  try {
    const result = await api(searchPath(s));
    if (mine !== rendering) return;
    renderHits(s, result);
    renderTimeline(s, result);
    renderFacets(s, result);
  } catch (e) {
    if (mine !== rendering) return;
    $("hits").replaceChildren();
    $("facets").replaceChildren();
    $("pages").replaceChildren();
    $("timeline").hidden = true;
    $("suggest").hidden = true;
    $("summary").textContent = "";
    $("error").textContent = e.message;
    $("error").hidden = false;
  }
}

$("search").addEventListener("submit", (event) => {
  event.preventDefault();
  go({ ...state(), q: $("q").value.trim(), since: $("since").value, until: $("until").value, offset: 0, article: null });
});
$("sort").addEventListener("change", () => go({ ...state(), sort: $("sort").value, offset: 0 }));
$("group").addEventListener("change", () => go({ ...state(), flat: !$("group").checked, offset: 0 }));
$("show-facets").addEventListener("click", () => document.body.classList.toggle("show-facets"));
$("close").addEventListener("click", () => go({ ...state(), article: null, p: null, entity: null }));
$("reader").addEventListener("click", (event) => {
  if (event.target === $("reader")) go({ ...state(), article: null, p: null, entity: null });
});

/** Moves the keyboard's place among the hits by `by` (j: 1, k: -1). */
function moveHit(by) {
  const hits = [...document.querySelectorAll("#hits > li")];
  if (!hits.length) return;
  const at = hits.indexOf(document.activeElement.closest && document.activeElement.closest("#hits > li"));
  const next = hits[Math.min(hits.length - 1, Math.max(0, at < 0 ? 0 : at + by))];
  hits.forEach((h) => h.classList.toggle("focused", h === next));
  next.focus();
  next.scrollIntoView({ block: "nearest" });
}

document.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
  if (event.key === "Escape" && !$("reader").hidden) {
    go({ ...state(), article: null, p: null, entity: null });
  } else if (typing || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  } else if (event.key === "/") {
    event.preventDefault();
    $("q").focus();
    $("q").select();
  } else if ((event.key === "j" || event.key === "k") && $("reader").hidden) {
    event.preventDefault();
    moveHit(event.key === "j" ? 1 : -1);
  } else if (event.key === "Enter" && document.activeElement.matches("#hits > li")) {
    event.preventDefault();
    document.activeElement.querySelector("h3 a").click();
  }
});
window.addEventListener("popstate", render);
render();
