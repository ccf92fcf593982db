// The newsindex search page. Everything shown comes from the JSON API; every piece of
// article text, title or name goes into the page as a text node, never as markup.
"use strict";

const KINDS = ["person", "place", "org"];
const HEADINGS = { person: "people", place: "places", org: "organizations" };
const PAGE = 10;
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

/** The state of the page, read from the URL. */
function state() {
  const p = new URLSearchParams(location.search);
  const s = {
    q: p.get("q") || "", since: p.get("since") || "", until: p.get("until") || "",
    offset: Number(p.get("offset")) || 0, article: p.get("article"), p: p.get("p"),
  };
  for (const k of KINDS) s[k] = p.getAll(k);
  return s;
}

/** The search itself: words, entity filters, dates (what the page and the API share). */
function searchParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const k of KINDS) for (const v of s[k]) p.append(k, v);
  if (s.since) p.set("since", s.since);
  if (s.until) p.set("until", s.until);
  return p;
}

function urlOf(s) {
  const p = searchParams(s);
  if (s.offset) p.set("offset", String(s.offset));
  if (s.article) {
    p.set("article", s.article);
    if (s.p) p.set("p", String(s.p));
  }
  const query = p.toString();
  return query ? "/?" + query : "/";
}

function go(s) {
  history.pushState(null, "", urlOf(s));
  render();
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

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function searchPath(s) {
  const p = searchParams(s);
  p.set("limit", String(PAGE));
  p.set("offset", String(s.offset));
  p.set("facets", "true");
  return "/api/search?" + p.toString();
}

function entityLine(hit) {
  const parts = [];
  for (const k of KINDS) {
    if (hit[k] && hit[k].length) {
      parts.push(el("span", {}, k + ": ", el("span", { class: "name" }, hit[k].join(", "))));
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

function renderHits(s, result) {
  const hits = $("hits");
  hits.replaceChildren();
  const shown = result.hits.length;
  let words = s.q ? `matching “${s.q}”` : "selected";
  if (s.since || s.until) words += `, published ${s.since ? "from " + s.since : ""}${s.since && s.until ? " " : ""}${s.until ? "until " + s.until : ""}`;
  $("summary").textContent = result.total
    ? `${result.total.toLocaleString()} paragraph${result.total === 1 ? "" : "s"} ${words}, showing ${s.offset + 1}–${s.offset + shown}`
    : `No paragraph ${words}.`;
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
  for (const hit of result.hits) {
    const open = (event) => {
      event.preventDefault();
      go({ ...state(), article: hit.article_id, p: hit.paragraph });
    };
    const meta = [`¶${hit.paragraph}`];
    if (hit.date) meta.push(hit.date);
    if (hit.title && hit.source) meta.push(hit.source);
    hits.append(
      el("li", { class: "hit" },
        el("h3", {}, el("a", { href: urlOf({ ...s, article: hit.article_id, p: hit.paragraph }), onclick: open }, label(hit))),
        el("p", { class: "meta" }, meta.join(" · ")),
        el("p", { class: "snippet" }, ...snippetNodes(hit.snippet)),
        entityLine(hit)));
  }
  const pages = $("pages");
  pages.replaceChildren();
  if (result.total > PAGE) {
    const prev = el("button", { type: "button", onclick: () => go({ ...s, offset: Math.max(0, s.offset - PAGE) }) }, "← Previous");
    const next = el("button", { type: "button", onclick: () => go({ ...s, offset: s.offset + PAGE }) }, "Next →");
    prev.disabled = s.offset === 0;
    next.disabled = s.offset + PAGE >= result.total;
    const page = Math.floor(s.offset / PAGE) + 1;
    pages.append(prev, `page ${page} of ${Math.ceil(result.total / PAGE)}`, next);
  }
}

function renderFacets(s, result) {
  const aside = $("facets");
  aside.replaceChildren();
  const facets = result.facets || {};
  for (const kind of KINDS) {
    const values = (facets[kind] || []).filter((v) => !s[kind].includes(v.name));
    if (!values.length) continue;
    const list = el("ul", { "data-kind": kind });
    for (const v of values) {
      const add = () => go({ ...s, [kind]: [...s[kind], v.name], offset: 0, article: null });
      list.append(el("li", {}, el("button", { type: "button", onclick: add, title: `Only paragraphs naming ${v.name}` },
        el("span", { class: "facet-name" }, v.name), el("span", { class: "count" }, String(v.count)))));
    }
    aside.append(el("h4", {}, HEADINGS[kind]), list);
  }
}

function renderChips(s) {
  const chips = $("chips");
  chips.replaceChildren();
  for (const kind of KINDS) {
    for (const name of s[kind]) {
      const remove = () => go({ ...s, [kind]: s[kind].filter((n) => n !== name), offset: 0 });
      chips.append(el("span", { class: "chip", "data-kind": kind },
        el("span", { class: "kind" }, kind), name,
        el("button", { type: "button", onclick: remove, "aria-label": `Remove ${kind} ${name}` }, "×")));
    }
  }
}

async function renderArticle(s) {
  const reader = $("reader");
  if (!s.article) {
    reader.hidden = true;
    return;
  }
  reader.hidden = false;
  const body = $("article-body");
  body.replaceChildren();
  try {
    const article = await api("/api/articles/" + encodeURIComponent(s.article));
    $("article-title").textContent = label(article);
    $("article-meta").textContent = [article.date, article.source, article.url].filter(Boolean).join(" · ");
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
        el("div", {}, el("p", {}, ...text), entityLine(p)));
      if (isCurrent) current = node;
      body.append(node);
    }
    if (current) current.scrollIntoView({ block: "center" });
  } catch (e) {
    $("article-title").textContent = "Article not found";
    $("article-meta").textContent = e.message;
  }
}

let rendering = 0;
async function render() {
  const s = state();
  const mine = ++rendering;
  $("q").value = s.q;
  $("since").value = s.since;
  $("until").value = s.until;
  renderChips(s);
  renderArticle(s);
  const hasSearch = s.q || s.since || s.until || KINDS.some((k) => s[k].length);
  $("error").hidden = true;
  $("help").hidden = Boolean(hasSearch);
  if (!hasSearch) {
    $("hits").replaceChildren();
    $("facets").replaceChildren();
    $("pages").replaceChildren();
    $("summary").textContent = "Search the paragraphs of the archive, or pick a name.";
    const stats = await api("/api/stats").catch(() => null);
    if (stats && mine === rendering) {
      $("summary").textContent = `${stats.articles.toLocaleString()} articles, ${stats.paragraphs.toLocaleString()} paragraphs. Search them, or pick a name.`;
      const all = await api("/api/search?limit=0&facets=true").catch(() => null);
      if (all && mine === rendering) renderFacets(s, all);
    }
    return;
  }
  document.title = (s.q || KINDS.flatMap((k) => s[k]).join(", ")) + " – newsindex";
  try {
    const result = await api(searchPath(s));
    if (mine !== rendering) return;
    renderHits(s, result);
    renderFacets(s, result);
  } catch (e) {
    if (mine !== rendering) return;
    $("hits").replaceChildren();
    $("facets").replaceChildren();
    $("pages").replaceChildren();
    $("summary").textContent = "";
    $("error").textContent = e.message;
    $("error").hidden = false;
  }
}

$("search").addEventListener("submit", (event) => {
  event.preventDefault();
  go({ ...state(), q: $("q").value.trim(), since: $("since").value, until: $("until").value, offset: 0, article: null });
});
$("close").addEventListener("click", () => go({ ...state(), article: null, p: null }));
$("reader").addEventListener("click", (event) => {
  if (event.target === $("reader")) go({ ...state(), article: null, p: null });
});
document.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (event.key === "/" && !typing) {
    event.preventDefault();
    $("q").focus();
    $("q").select();
  } else if (event.key === "Escape" && !$("reader").hidden) {
    go({ ...state(), article: null, p: null });
  }
});
window.addEventListener("popstate", render);
render();
