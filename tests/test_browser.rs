//! The search page in headless Chromium, driven over WebDriver (chromedriver): hits and
//! facet lists render, a facet click filters, the URL holds the state, and an article
//! carrying script payloads shows them as text and runs nothing.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the test says so and
//! passes, unless NEWSINDEX_REQUIRE_BROWSER=1 (as `.ci/run` sets), when it fails.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{agent, get, Server, SCRIPT_ARTICLE};
use common::Env;
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session; both end when dropped.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let http = agent();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = http
                .get(format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|b| serde_json::from_str::<Value>(&b).ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            http,
            _profile: profile,
        };
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .iter()
        .map(|a| a.to_string())
        .chain([format!(
            "--user-data-dir={}",
            browser._profile.path().display()
        )])
        .collect::<Vec<_>>();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
        }}});
        let answer = browser.call("POST", "/session", Some(caps));
        browser.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        browser
    }

    /// One WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let mut response = match (method, body) {
            ("GET", _) => self.http.get(&url).call(),
            ("DELETE", _) => self.http.delete(&url).call(),
            (_, body) => self
                .http
                .post(&url)
                .header("Content-Type", "application/json")
                .send(body.unwrap_or(json!({})).to_string()),
        }
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let text = response
            .body_mut()
            .read_to_string()
            .expect("webdriver reply");
        let value: Value = serde_json::from_str(&text).expect("webdriver JSON");
        assert!(
            response.status().is_success(),
            "{method} {path}: {}",
            value["value"]
        );
        value["value"].clone()
    }

    fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn script(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn elements(&self, css: &str) -> Vec<String> {
        self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .expect("elements")
        .iter()
        .map(|e| {
            e[ELEMENT]
                .as_str()
                .unwrap_or_else(|| panic!("element id in {e}"))
                .to_string()
        })
        .collect()
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn click(&self, element: &str) {
        self.call("POST", &format!("/element/{element}/click"), None);
    }

    fn press(&self, key: &str) {
        self.call(
            "POST",
            "/actions",
            Some(
                json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]}),
            ),
        );
    }

    /// Waits until `script` returns something truthy; returns it.
    fn wait(&self, what: &str, script: &str) -> Value {
        let started = Instant::now();
        loop {
            let value = self.script(script);
            if !matches!(value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("")
            {
                return value;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; page says: {}",
                self.script("return document.body.innerText")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The paragraph numbers of the hits shown, as "article ¶N" pairs, sorted.
    fn shown_hits(&self) -> Vec<String> {
        let mut hits: Vec<String> = self
            .script(
                "return [...document.querySelectorAll('#hits > li')].map(li => \
                 li.querySelector('h3 a').getAttribute('href'))",
            )
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| hit_key(h.as_str().expect("href")))
            .collect();
        hits.sort();
        hits
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .http
                .delete(format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// "article ¶p" from a hit's link (`/?...&article=ID&p=N`).
fn hit_key(href: &str) -> String {
    let query = href.split_once('?').map_or("", |(_, q)| q);
    let get = |key: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .unwrap_or("")
            .to_string()
    };
    format!("{} ¶{}", get("article"), get("p"))
}

/// The same keys from an API answer.
fn api_hits(result: &Value) -> Vec<String> {
    let mut hits: Vec<String> = result["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            format!(
                "{} ¶{}",
                h["article_id"].as_str().expect("id"),
                h["paragraph"]
            )
        })
        .collect();
    hits.sort();
    hits
}

fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var("NEWSINDEX_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "NEWSINDEX_REQUIRE_BROWSER=1 but {CHROMIUM} or {CHROMEDRIVER} is missing \
             (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "\n*** SKIPPED the browser test: {CHROMIUM} or {CHROMEDRIVER} is missing \
             (apt-get install chromium chromium-driver) ***\n"
        );
    }
    present
}

#[test]
fn search_page_in_headless_chromium() {
    if !browser_available() {
        return;
    }
    let env = Env::with_sample();
    let run = env.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(SCRIPT_ARTICLE));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let server = Server::start(&env.index());
    let api = |path: &str| get(&agent(), &format!("{}{path}", server.url)).json();
    let browser = Browser::start();

    // the landing page: counts, help and the top names
    browser.open(&format!("{}/", server.url));
    browser.wait(
        "the counts",
        "return document.getElementById('summary').textContent.includes('2 articles')",
    );
    assert_eq!(
        browser.script("return document.getElementById('help').hidden"),
        json!(false)
    );
    browser.wait(
        "the top names",
        "return document.querySelectorAll('#facets li').length",
    );

    // hits and facet lists render, as the API has them
    browser.open(&format!("{}/?q=hostages", server.url));
    browser.wait(
        "the hits",
        "return document.querySelectorAll('#hits > li').length",
    );
    assert_eq!(
        browser.script("return document.getElementById('help').hidden"),
        json!(true)
    );
    let expected = api("/api/search?q=hostages&facets=true&group=true");
    assert_eq!(browser.shown_hits(), api_hits(&expected));
    let summary = browser.text(&browser.elements("#summary")[0]);
    assert!(
        summary.starts_with(&format!("{} paragraphs", expected["total"])),
        "{summary}"
    );
    let marked = browser.script(
        "return [...document.querySelectorAll('#hits mark')].map(m => m.textContent.toLowerCase())",
    );
    assert!(
        marked
            .as_array()
            .expect("marks")
            .iter()
            .all(|m| m.as_str().expect("mark").starts_with("hostage")),
        "{marked}"
    );
    let people = browser.script(
        "return [...document.querySelectorAll('#facets ul[data-kind=person] .facet-name')].map(n => n.textContent)",
    );
    assert!(
        people
            .as_array()
            .expect("people")
            .contains(&json!("Benjamin Netanyahu")),
        "{people}"
    );
    for kind in ["place", "org"] {
        let shown = browser
            .elements(&format!("#facets ul[data-kind={kind}] li"))
            .len();
        assert_eq!(
            shown,
            expected["facets"][kind].as_array().expect("facet").len(),
            "{kind}"
        );
    }

    // a facet click adds a chip, filters the hits and goes into the URL
    let burns = browser
        .elements("#facets ul[data-kind=person] button")
        .into_iter()
        .find(|b| browser.text(b).starts_with("William J. Burns"))
        .expect("a William J. Burns facet");
    browser.click(&burns);
    browser.wait(
        "the chip",
        "return document.querySelectorAll('#chips .chip').length",
    );
    let filtered = api("/api/search?q=hostages&person=William%20J.%20Burns&group=true");
    browser.wait(
        "the filtered hits",
        &format!(
            "return document.querySelectorAll('#hits > li').length === {}",
            filtered["hits"].as_array().expect("hits").len()
        ),
    );
    assert_eq!(browser.shown_hits(), api_hits(&filtered));
    let url = browser.script("return location.search");
    assert!(
        url.as_str()
            .expect("url")
            .contains("person=William+J.+Burns"),
        "{url}"
    );

    // the back button returns to the unfiltered search
    browser.call("POST", "/back", None);
    browser.wait(
        "no chip",
        "return document.querySelectorAll('#chips .chip').length === 0",
    );
    browser.wait(
        "all the hits again",
        &format!(
            "return document.querySelectorAll('#hits > li').length === {}",
            expected["hits"].as_array().expect("hits").len()
        ),
    );

    // dates from the form go into the URL and the search
    browser.open(&format!("{}/?q=hostages", server.url));
    browser.wait(
        "the hits",
        "return document.querySelectorAll('#hits > li').length",
    );
    browser.script("document.getElementById('since').value = '2024-01-01'");
    browser.click(&browser.elements("#search button")[0]);
    browser.wait(
        "the dated search",
        "return location.search.includes('since=2024-01-01')",
    );
    let dated = api("/api/search?q=hostages&since=2024-01-01&group=true");
    browser.wait(
        "the dated hits",
        &format!(
            "return document.querySelectorAll('#hits > li').length === {}",
            dated["hits"].as_array().expect("hits").len()
        ),
    );
    assert_eq!(browser.shown_hits(), api_hits(&dated));
    // one hit for the article, and its other matching paragraph a click away
    assert_eq!(browser.shown_hits(), ["evil ¶1"]);
    browser.click(&browser.elements("#hits button.more")[0]);
    let more = browser.wait(
        "the article's other paragraph",
        "const a = [...document.querySelectorAll('.more-hits a')].map(a => a.textContent); return a.length && a",
    );
    assert_eq!(more, json!(["¶2"]));

    // a shared link with a surname filter shows that person's paragraphs
    browser.open(&format!("{}/?person=Burns&group=0", server.url));
    browser.wait(
        "the Burns hits",
        "return document.querySelectorAll('#hits > li').length",
    );
    assert_eq!(
        browser.script("return document.getElementById('group').checked"),
        json!(false),
        "group=0 shows every paragraph"
    );
    let by_surname = api("/api/search?person=Burns");
    assert_eq!(browser.shown_hits(), api_hits(&by_surname));
    let sample_paragraphs: Vec<String> = api_hits(&by_surname)
        .into_iter()
        .filter(|h| !h.starts_with("evil"))
        .collect();
    assert_eq!(sample_paragraphs.len(), 3, "{sample_paragraphs:?}");
    for (key, n) in sample_paragraphs.iter().zip([1, 2, 4]) {
        assert!(key.ends_with(&format!("¶{n}")), "{sample_paragraphs:?}");
    }

    // `/` focuses the search box
    browser.press("/");
    assert_eq!(
        browser.script("return document.activeElement.id"),
        json!("q")
    );

    // the payload article: shown as text, nothing runs, no element from it exists
    browser.open(&format!("{}/?q=freed&article=evil&p=2", server.url));
    browser.wait(
        "the reader",
        "return document.getElementById('article-title').textContent",
    );
    browser.wait(
        "the hits",
        "return document.querySelectorAll('#hits > li').length",
    );
    std::thread::sleep(Duration::from_millis(300));
    let title = browser.text(&browser.elements("#article-title")[0]);
    assert!(
        title.starts_with("<script>window.PWNED=1</script><img"),
        "{title}"
    );
    let body = browser.text(&browser.elements("#article-body")[0]);
    assert!(
        body.contains("<iframe src=javascript:window.PWNED=5></iframe>"),
        "{body}"
    );
    assert_eq!(
        browser.script("return window.PWNED === undefined"),
        json!(true)
    );
    assert_eq!(
        browser.script(
            "return [...document.querySelectorAll('script, img, iframe, svg, b')]\
             .filter(e => !e.closest('#timeline')).length"
        ),
        json!(1),
        "only the page's own script element (and its timeline) may exist"
    );
    let current = browser.script("return document.querySelector('#article-body .current').id");
    assert_eq!(current, json!("p2"));
    // the search's words are marked in the article too
    let marks = browser.wait(
        "marks in the article",
        "const m = [...document.querySelectorAll('#article-body mark')].map(m => m.textContent); return m.length && m",
    );
    assert_eq!(marks, json!(["freed"]));

    // a surname two people share: the summary says so and a click narrows to one
    let film = r#"{"id":"film","title":"Documentary","text":"The film maker Ken Burns released a documentary about jazz on Monday."}"#;
    let run = env.run_with_stdin(&["ingest", "--format", "jsonl", "-"], Some(film));
    assert_eq!(run.code, 0, "{}", run.stderr);
    browser.open(&format!("{}/?person=Burns", server.url));
    browser.wait(
        "the choices",
        "return document.querySelectorAll('.resolution button').length === 2",
    );
    let choice = browser
        .elements(".resolution button")
        .into_iter()
        .find(|b| browser.text(b) == "Ken Burns")
        .expect("a Ken Burns choice");
    browser.click(&choice);
    browser.wait(
        "the narrowed filter",
        "return location.search === '?person=Ken+Burns' && document.querySelectorAll('#hits > li').length === 1",
    );
    assert_eq!(browser.shown_hits(), ["film ¶1"]);
}

#[test]
fn chronology_grouping_and_names_to_follow_in_headless_chromium() {
    if !browser_available() {
        return;
    }
    let env = Env::with_fixture("dated.jsonl");
    let server = Server::start(&env.index());
    let api = |path: &str| get(&agent(), &format!("{}{path}", server.url)).json();
    let browser = Browser::start();

    // grouped hits, as the API groups them: no article twice, the wire copy folded
    browser.open(&format!("{}/?q=strike", server.url));
    browser.wait(
        "the hits",
        "return document.querySelectorAll('#hits > li').length",
    );
    let grouped = api("/api/search?q=strike&group=true&histogram=auto&facets=true");
    assert_eq!(browser.shown_hits(), api_hits(&grouped));
    let articles: Vec<String> = browser
        .shown_hits()
        .iter()
        .map(|h| h.split(' ').next().unwrap_or("").to_string())
        .collect();
    let unique: std::collections::BTreeSet<&String> = articles.iter().collect();
    assert_eq!(unique.len(), articles.len(), "{articles:?}");
    let also = browser
        .script("return [...document.querySelectorAll('#hits .also a')].map(a => a.textContent)");
    assert_eq!(also, json!(["wire-copy"]));
    // dates read as dates
    let metas: Vec<String> = browser
        .elements("#hits > li .meta")
        .iter()
        .map(|m| browser.text(m))
        .collect();
    assert!(
        metas.iter().any(|m| m.contains("Feb 2023"))
            && !metas
                .iter()
                .any(|m| m.contains("2023-") || m.contains("2024-")),
        "readable dates: {metas:?}"
    );

    // the timeline: its bars hold every dated match, and a click on one sets the dates
    let bars = browser.wait(
        "the timeline",
        "const b = [...document.querySelectorAll('#timeline .slot')]; return b.length && b.map(r => Number(r.dataset.count))",
    );
    let sum: u64 = bars
        .as_array()
        .expect("bars")
        .iter()
        .map(|c| c.as_u64().expect("count"))
        .sum();
    assert_eq!(
        sum + grouped["undated"].as_u64().expect("undated"),
        grouped["total"].as_u64().expect("total")
    );
    browser.script(
        "const g = [...document.querySelectorAll('#timeline .bucket')]\
         .find(g => g.querySelector('.slot').dataset.start === '2023-02-01');\
         g.dispatchEvent(new MouseEvent('mousedown', {bubbles: true}));\
         g.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));",
    );
    browser.wait(
        "the month's dates in the URL",
        "return location.search.includes('since=2023-02-01') && location.search.includes('until=2023-02-28')",
    );
    let february = api("/api/search?q=strike&since=2023-02-01&until=2023-02-28&group=true");
    browser.wait(
        "February's hits",
        &format!(
            "return document.querySelectorAll('#hits > li').length === {}",
            february["hits"].as_array().expect("hits").len()
        ),
    );
    assert_eq!(browser.shown_hits(), api_hits(&february));

    // a name in a hit adds its filter
    browser.open(&format!("{}/?q=strike", server.url));
    browser.wait(
        "the names",
        "return document.querySelectorAll('#hits .entities button.name').length",
    );
    let lyon = browser
        .elements("#hits .entities button.name")
        .into_iter()
        .find(|b| browser.text(b) == "Lyon")
        .expect("a Lyon link");
    browser.click(&lyon);
    browser.wait(
        "the Lyon filter",
        "return location.search.includes('place=Lyon') && document.querySelectorAll('#chips .chip').length === 1",
    );

    // a facet value left out: a "not" chip, and no hit names it
    browser.open(&format!("{}/?q=strike", server.url));
    browser.wait(
        "the place facets",
        "return document.querySelectorAll('#facets ul[data-kind=place] li').length",
    );
    browser.script(
        "[...document.querySelectorAll('#facets ul[data-kind=place] li')]\
         .find(li => li.querySelector('.facet-name').textContent === 'Lyon')\
         .querySelector('button.exclude').click()",
    );
    browser.wait(
        "the left-out place",
        "return location.search.includes('-place=Lyon') && document.querySelector('#chips .chip.not')",
    );
    let without = api("/api/search?q=strike&-place=Lyon&group=true");
    browser.wait(
        "the hits without Lyon",
        &format!(
            "return document.querySelectorAll('#hits > li').length === {}",
            without["hits"].as_array().expect("hits").len()
        ),
    );
    assert_eq!(browser.shown_hits(), api_hits(&without));

    // the download links carry the search
    let csv = browser.script("return document.getElementById('csv').getAttribute('href')");
    let href = csv.as_str().expect("href");
    assert!(
        href.contains("format=csv") && href.contains("-place=Lyon"),
        "{href}"
    );
    let download = get(&agent(), &format!("{}{href}", server.url));
    assert!(
        download.body.starts_with("\"article_id\""),
        "{}",
        download.body
    );
    assert_eq!(
        download.body.lines().count(),
        1 + without["total"].as_u64().expect("total") as usize
    );

    // keys: j moves to the first hit, Enter opens it, Esc closes it
    browser.script("document.activeElement.blur()");
    browser.press("j");
    browser.wait(
        "a focused hit",
        "return document.activeElement.matches('#hits > li')",
    );
    browser.press("\u{E007}");
    browser.wait(
        "the reader",
        "return !document.getElementById('reader').hidden && location.search.includes('article=')",
    );
    browser.press("\u{E00C}");
    browser.wait(
        "the reader closed",
        "return document.getElementById('reader').hidden",
    );

    // a syntax error in the user's terms, and an empty result with what to try
    browser.open(&format!("{}/?q=%22unclosed", server.url));
    let error = browser.wait(
        "the error",
        "const e = document.getElementById('error'); return !e.hidden && e.textContent",
    );
    assert!(
        error
            .as_str()
            .expect("text")
            .contains("quote is not closed"),
        "{error}"
    );
    browser.open(&format!("{}/?q=strikr&place=Lyon", server.url));
    let suggest = browser.wait(
        "suggestions",
        "const e = document.getElementById('suggest'); return !e.hidden && e.textContent",
    );
    let suggest = suggest.as_str().expect("text");
    assert!(
        suggest.contains("without place Lyon") && suggest.contains("strikr~1"),
        "{suggest}"
    );
}

#[test]
fn an_entity_profile_in_headless_chromium() {
    if !browser_available() {
        return;
    }
    let env = Env::with_fixture("dated.jsonl");
    let server = Server::start(&env.index());
    let api = |path: &str| get(&agent(), &format!("{}{path}", server.url)).json();
    let browser = Browser::start();

    // from a facet's profile button to the profile: graph, lists and paragraphs
    browser.open(&format!("{}/?q=strike", server.url));
    browser.wait(
        "the place facets",
        "return document.querySelectorAll('#facets ul[data-kind=place] li').length",
    );
    browser.script(
        "[...document.querySelectorAll('#facets ul[data-kind=place] li')]\
         .find(li => li.querySelector('.facet-name').textContent === 'Rotterdam')\
         .querySelector('button.profile').click()",
    );
    browser.wait(
        "the profile",
        "return location.search.includes('entity=place%3ARotterdam') && document.querySelectorAll('.cograph .node').length",
    );
    let profile = api("/api/entity?kind=place&name=Rotterdam&related=10&limit=8");
    let related: usize = ["person", "place", "org"]
        .iter()
        .map(|k| profile["related"][k].as_array().expect("related").len())
        .sum();
    let nodes =
        browser.script("return document.querySelectorAll('.cograph .node:not(.center)').length");
    assert_eq!(nodes, json!(related.min(12)));
    let shown = browser.script("return document.querySelectorAll('.profile-paragraphs li').length");
    assert_eq!(
        shown,
        json!(profile["paragraphs"].as_array().expect("paragraphs").len())
    );
    // a node opens that name's profile
    browser.script(
        "[...document.querySelectorAll('.cograph .node:not(.center)')]\
         .find(n => n.querySelector('text').textContent === 'Lyon')\
         .dispatchEvent(new MouseEvent('click', {bubbles: true}))",
    );
    browser.wait(
        "Lyon's profile",
        "return location.search.includes('entity=place%3ALyon') && document.getElementById('article-title').textContent === 'Lyon'",
    );
    // and "search its paragraphs" filters by it
    browser.script("document.querySelector('#article-meta button').click()");
    browser.wait(
        "the Lyon search",
        "return location.search.includes('place=Lyon') && !location.search.includes('entity') && document.getElementById('reader').hidden",
    );
    // this server takes no edits: the profile offers none
    browser.open(&format!("{}/?q=strike&entity=place%3ALyon", server.url));
    browser.wait(
        "the profile",
        "return document.querySelectorAll('.cograph .node').length",
    );
    assert_eq!(
        browser.script("return document.querySelectorAll('.edit-controls').length"),
        json!(0)
    );
    drop(server);

    // with --edit: hiding Lyon from its profile removes it from the facets at once
    let server = Server::start_editing(&env.index());
    browser.open(&format!("{}/?q=strike&entity=place%3ALyon", server.url));
    browser.wait(
        "the edit controls",
        "return document.querySelectorAll('.edit-controls .hide-entity').length",
    );
    browser.click(&browser.elements(".edit-controls .hide-entity")[0]);
    browser.wait(
        "the facets without Lyon",
        "return document.getElementById('reader').hidden && document.querySelectorAll('#facets ul[data-kind=place] li').length          && ![...document.querySelectorAll('#facets .facet-name')].some(n => n.textContent === 'Lyon')",
    );
    let log = env.run(&["names", "log"]);
    assert!(log.stdout.contains("hide\tplace\tLyon"), "{}", log.stdout);
}
