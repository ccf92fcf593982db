//! Articles and the readers that turn files into them.
//!
//! Supported inputs: plain text (`.txt`), Markdown (`.md`), JSON Lines (`.jsonl`, `.ndjson`,
//! one article per line, streamed) and JSON (`.json`, one object or an array of objects).
//! Directories are walked recursively in name order. What cannot be read is reported as a
//! [`Problem`] naming `path[:line]` and the reason, and reading goes on with the next record.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One news article, as read from an input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// The input's own id, if it had one.
    pub id: Option<String>,
    pub title: Option<String>,
    /// Publication time, seconds since the Unix epoch (UTC).
    pub date: Option<i64>,
    pub url: Option<String>,
    /// Where the article came from: the input's `source` field, else the file path.
    pub source: Option<String>,
    pub body: String,
}

impl Article {
    /// The id used in the index: the input's id, else a stable hash of the normalized body,
    /// so the same text always gets the same id.
    pub fn article_id(&self) -> String {
        match &self.id {
            Some(id) if id.len() > MAX_ID_BYTES => long_id_key(id),
            Some(id) => id.clone(),
            None => body_hash(&self.body),
        }
    }

    /// The input's id when it was too long to be the key itself (see [`MAX_ID_BYTES`]).
    pub fn long_id(&self) -> Option<&str> {
        self.id.as_deref().filter(|id| id.len() > MAX_ID_BYTES)
    }
}

/// Ids longer than this many bytes are replaced by a fixed-size key (the index cannot hold
/// a term over 65,530 bytes, and a key is typed and shown); the id itself is kept.
pub const MAX_ID_BYTES: usize = 256;

/// The key of a long id: its first 64 bytes (to a character boundary), "…", and 32 hex
/// digits of FNV-1a 128 over the whole id. At most 99 bytes; the same id, the same key.
pub fn long_id_key(id: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let hash = id
        .bytes()
        .fold(OFFSET, |h, b| (h ^ u128::from(b)).wrapping_mul(PRIME));
    let mut cut = 64.min(id.len());
    while !id.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…{hash:032x}", &id[..cut])
}

/// 16 hex digits of FNV-1a 64 over the body with whitespace runs collapsed to one space.
/// FNV is fixed by its specification, so ids stay the same across builds and platforms.
pub fn body_hash(body: &str) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut first = true;
    for word in body.split_whitespace() {
        if !first {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(PRIME);
        }
        first = false;
        for &b in word.as_bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Jsonl,
    Json,
}

impl Format {
    /// The format a file name implies, if it is one we read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// The bytes the inputs will read, when that is known before reading: every input is a
/// regular file or a directory (walked as [`Inputs`] walks it, counting the files of a
/// format it reads). `None` for standard input, a pipe, or a tree of more than a million
/// entries.
pub fn total_bytes(inputs: &[Input]) -> Option<u64> {
    const MAX_ENTRIES: usize = 1_000_000;
    let mut total = 0u64;
    let mut seen = 0usize;
    let mut visited = HashSet::new();
    let mut stack: Vec<(PathBuf, bool)> = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin(_) => return None,
            Input::Path(p) => stack.push((p.clone(), false)),
            Input::Found(p) => stack.push((p.clone(), true)),
        }
    }
    while let Some((path, found)) = stack.pop() {
        seen += 1;
        if seen > MAX_ENTRIES {
            return None;
        }
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !visited.insert(canonical) {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&path) else {
                continue;
            };
            for entry in entries.flatten() {
                let hidden = entry
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with('.'));
                if !hidden {
                    stack.push((entry.path(), true));
                }
            }
        } else if meta.is_file() {
            if Format::from_path(&path).is_some() {
                total += meta.len();
            }
        } else if !found {
            return None; // a pipe or device named by the user: its size is unknown
        }
    }
    Some(total)
}

/// Something in the input that was not indexed, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `path` or `path:line`.
    pub location: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// What a reader yields.
#[derive(Debug)]
pub enum Record {
    /// An article to index, with the location it came from (`path` or `path:line`).
    Article(Article, String),
    /// Input that was skipped.
    Skipped(Problem),
    /// The article is indexed, but something in it was dropped or repaired.
    Warning(Problem),
    /// Input with nothing to index (an empty file or body): not an error.
    Empty(Problem),
}

/// Why an input holds no article: reasons that make a [`Record::Empty`], not a skip.
const EMPTY_FILE: &str = "empty file";
const EMPTY_BODY: &str = "empty body";
const NO_TEXT: &str = "no text";

/// Where to read from: a path, or standard input (`-`) in a given format.
#[derive(Debug, Clone)]
pub enum Input {
    /// A path named by the user: a file, a directory, or anything that reads like a file
    /// (a pipe such as `<(zcat x.jsonl.gz)`).
    Path(PathBuf),
    Stdin(Option<Format>),
    /// A path found in a directory: read only if it is a regular file (a named pipe there
    /// would wait forever for a writer, a device could read forever).
    Found(PathBuf),
}

/// Reads every input in order, one record at a time.
///
/// Files are opened lazily and JSON Lines are streamed, so memory does not grow with the
/// size of the input. The total byte size of the files read so far is in [`Inputs::bytes_read`].
pub struct Inputs {
    pending: Vec<Input>,
    current: Option<Box<dyn Iterator<Item = Record>>>,
    visited_dirs: HashSet<PathBuf>,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl Inputs {
    pub fn new(inputs: Vec<Input>) -> Inputs {
        let mut pending = inputs;
        pending.reverse();
        Inputs {
            pending,
            current: None,
            visited_dirs: HashSet::new(),
            bytes: Default::default(),
        }
    }

    /// Bytes of input consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes.get()
    }

    /// A handle on the count of bytes consumed, that stays valid while the inputs are read.
    pub fn byte_counter(&self) -> std::rc::Rc<std::cell::Cell<u64>> {
        self.bytes.clone()
    }

    /// Opens the next input; returns a record when opening it already gives one (a problem,
    /// or nothing to read).
    fn open_next(&mut self, input: Input) -> Option<Record> {
        match input {
            Input::Stdin(format) => {
                let reader = BufReader::new(std::io::stdin());
                self.current = Some(open_reader("-", reader, format, self.bytes.clone()));
                None
            }
            Input::Path(path) => self.open_path(path, false),
            Input::Found(path) => self.open_path(path, true),
        }
    }

    fn open_path(&mut self, path: PathBuf, found: bool) -> Option<Record> {
        let shown = path.display().to_string();
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return Some(skip(&shown, io_reason(&e))),
        };
        if meta.is_dir() {
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !self.visited_dirs.insert(canonical) {
                return Some(skip(
                    &shown,
                    "directory already read (symlink loop?)".into(),
                ));
            }
            let mut entries: Vec<PathBuf> = match std::fs::read_dir(&path) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => return Some(skip(&shown, io_reason(&e))),
            };
            entries.retain(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
            });
            entries.sort();
            for entry in entries.into_iter().rev() {
                self.pending.push(Input::Found(entry));
            }
            return None;
        }
        if found && !meta.is_file() {
            return Some(skip(
                &shown,
                "not a regular file (a pipe, socket or device in a directory is not read)".into(),
            ));
        }
        let Some(format) = Format::from_path(&path) else {
            return Some(skip(
                &shown,
                "unsupported file type (expected .txt, .md, .jsonl, .ndjson or .json)".into(),
            ));
        };
        match File::open(&path) {
            Ok(file) => {
                let reader = BufReader::with_capacity(1 << 16, file);
                self.current = Some(open_reader(
                    &shown,
                    reader,
                    Some(format),
                    self.bytes.clone(),
                ));
                None
            }
            Err(e) => Some(skip(&shown, io_reason(&e))),
        }
    }
}

impl Iterator for Inputs {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(record) = current.next() {
                    return Some(record);
                }
                self.current = None;
            }
            let input = self.pending.pop()?;
            if let Some(record) = self.open_next(input) {
                return Some(record);
            }
        }
    }
}

/// The record for input that cannot be indexed: skipped, or empty (nothing to index).
fn skip(location: &str, reason: String) -> Record {
    let problem = Problem {
        location: location.to_string(),
        reason,
    };
    if [EMPTY_FILE, EMPTY_BODY, NO_TEXT].contains(&problem.reason.as_str()) {
        Record::Empty(problem)
    } else {
        Record::Skipped(problem)
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Counts the bytes that pass through a reader.
struct Counting<R> {
    inner: R,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

fn open_reader<R: Read + 'static>(
    location: &str,
    reader: R,
    format: Option<Format>,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
) -> Box<dyn Iterator<Item = Record>> {
    let mut reader = BufReader::with_capacity(
        1 << 16,
        Counting {
            inner: reader,
            bytes,
        },
    );
    let format = match format {
        Some(f) => f,
        None => match sniff(&mut reader) {
            Ok(f) => f,
            Err(e) => return Box::new(std::iter::once(skip(location, io_reason(&e)))),
        },
    };
    match format {
        Format::Jsonl => Box::new(JsonLines::new(location.to_string(), reader)),
        Format::Json | Format::Text | Format::Markdown => {
            Box::new(read_whole(location, reader, format).into_iter())
        }
    }
}

/// Guesses the format of standard input from its first non-blank byte.
fn sniff<R: BufRead>(reader: &mut R) -> std::io::Result<Format> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(Format::Text);
        }
        let skip_bom = if buf.starts_with(b"\xef\xbb\xbf") {
            3
        } else {
            0
        };
        match buf[skip_bom..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
        {
            Some(i) => {
                return Ok(match buf[skip_bom + i] {
                    b'{' => Format::Jsonl,
                    b'[' => Format::Json,
                    _ => Format::Text,
                })
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// Files read whole (text, Markdown, JSON) larger than this are skipped; JSON Lines are
/// streamed and have no such limit.
/// (One article holds its text about four times over while it is split, recognized and
/// indexed, so this bounds the memory one article can take.)
pub const MAX_WHOLE_FILE_BYTES: u64 = 64 << 20;
/// A JSON Lines record longer than this is skipped.
pub const MAX_LINE_BYTES: usize = 64 << 20;

/// Windows-1252's characters for bytes 0x80-0x9F (the rest is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
];

/// Decodes bytes as Windows-1252 (a superset of Latin-1 that old news archives use).
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Decodes bytes as UTF-8, or as Windows-1252 when they are not UTF-8 (with the reason as
/// a warning). Strips a byte-order mark.
fn decode_text(bytes: Vec<u8>) -> (String, Option<String>) {
    let (mut text, warning) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = decode_cp1252(e.as_bytes());
            let warning = format!(
                "not valid UTF-8 (first bad byte at offset {offset}), read as Windows-1252"
            );
            (text, Some(warning))
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    (text, warning)
}

/// Checks and decodes a whole input: the text and a warning, or the reason to skip it.
fn decode(bytes: Vec<u8>) -> Result<(String, Option<String>), String> {
    if bytes.is_empty() {
        return Err(EMPTY_FILE.into());
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    Ok(decode_text(bytes))
}

fn read_whole<R: Read>(location: &str, reader: R, format: Format) -> Vec<Record> {
    let mut bytes = Vec::new();
    if let Err(e) = reader
        .take(MAX_WHOLE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
    {
        return vec![skip(location, io_reason(&e))];
    }
    if bytes.len() as u64 > MAX_WHOLE_FILE_BYTES {
        return vec![skip(
            location,
            format!(
                "larger than {} MB, the limit for files read whole; convert it to JSON Lines",
                MAX_WHOLE_FILE_BYTES >> 20
            ),
        )];
    }
    let (text, warning) = match decode(bytes) {
        Ok(t) => t,
        Err(reason) => return vec![skip(location, reason)],
    };
    let mut out: Vec<Record> = warning
        .map(|reason| {
            Record::Warning(Problem {
                location: location.to_string(),
                reason,
            })
        })
        .into_iter()
        .collect();
    match format {
        Format::Json => out.extend(read_json(location, &text)),
        Format::Jsonl => unreachable!("JSON Lines are streamed"),
        Format::Text | Format::Markdown => {
            let mut article = parse_text(&text, format == Format::Markdown);
            if article.body.trim().is_empty() {
                return vec![skip(location, NO_TEXT.into())];
            }
            if location != "-" {
                article.source = Some(location.to_string());
            }
            out.push(Record::Article(article, location.to_string()));
        }
    }
    out
}

/// Parses a plain text or Markdown article. A short first line with no final punctuation,
/// followed by a blank line or the end, is the title (a Markdown `#` heading always is).
pub fn parse_text(text: &str, markdown: bool) -> Article {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start_matches(['\n', '\r', ' ', '\t']);
    let (first, rest) = match trimmed.find('\n') {
        Some(i) => (&trimmed[..i], &trimmed[i + 1..]),
        None => (trimmed, ""),
    };
    let first_line = first.trim();
    let heading = markdown && first_line.starts_with('#');
    let next_blank = rest.split('\n').next().is_none_or(|l| l.trim().is_empty());
    let looks_like_title = first_line.chars().count() <= 120
        && !first_line.ends_with(['.', '!', '?', ',', ';', ':', '"', '\u{201d}', '\''])
        && next_blank
        && !rest.trim().is_empty();
    if heading || looks_like_title {
        let title = first_line.trim_start_matches('#').trim().to_string();
        Article {
            title: (!title.is_empty()).then_some(title),
            body: rest.to_string(),
            ..Article::default()
        }
    } else {
        Article {
            body: text.to_string(),
            ..Article::default()
        }
    }
}

fn read_json(location: &str, text: &str) -> Vec<Record> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return vec![skip(
                &format!("{location}:{}", e.line()),
                format!("invalid JSON: {e}"),
            )]
        }
    };
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .flat_map(|(i, item)| article_records(&format!("{location}[{i}]"), item))
            .collect(),
        other => article_records(location, other),
    }
}

/// Turns one JSON object into records: the article, preceded by a warning when a field
/// had to be dropped; or the reason it was skipped.
fn article_records(location: &str, value: Value) -> Vec<Record> {
    match article_from_json(value) {
        Ok((article, None)) => vec![Record::Article(article, location.to_string())],
        Ok((article, Some(reason))) => vec![
            Record::Warning(Problem {
                location: location.to_string(),
                reason,
            }),
            Record::Article(article, location.to_string()),
        ],
        Err(reason) => vec![skip(location, reason)],
    }
}

fn string_field(obj: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The article in a JSON object, and a warning for fields that were dropped.
fn article_from_json(value: Value) -> Result<(Article, Option<String>), String> {
    let Value::Object(obj) = value else {
        return Err("not a JSON object".into());
    };
    let body = match (obj.get("body"), obj.get("text")) {
        (Some(Value::String(b)), _) | (None | Some(Value::Null), Some(Value::String(b))) => {
            b.clone()
        }
        _ => return Err("no \"body\" or \"text\" string".into()),
    };
    if body.trim().is_empty() {
        return Err(EMPTY_BODY.into());
    }
    let mut warning = None;
    let date = match obj.get("date") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => match parse_date(s) {
            Some(d) if storable_date(d) => Some(d),
            Some(_) => {
                warning = Some(format!(
                    "date {s:?} is outside the dates the index can store (1677-09-21 to \
                     2262-04-11), indexed without a date"
                ));
                None
            }
            None => {
                warning = Some(format!("unrecognized date {s:?}, indexed without a date"));
                None
            }
        },
        Some(other) => {
            warning = Some(format!("unrecognized date {other}, indexed without a date"));
            None
        }
    };
    let article = Article {
        id: string_field(&obj, "id"),
        title: string_field(&obj, "title"),
        date,
        url: string_field(&obj, "url"),
        source: string_field(&obj, "source"),
        body,
    };
    Ok((article, warning))
}

/// The earliest date the index can store, in seconds since the epoch (1677-09-21): tantivy
/// keeps a date as nanoseconds since 1970 in an i64.
pub const MIN_DATE_SECS: i64 = i64::MIN / 1_000_000_000;
/// The latest date the index can store (2262-04-11).
pub const MAX_DATE_SECS: i64 = i64::MAX / 1_000_000_000;

/// Whether the index can store a date (see [`MIN_DATE_SECS`]).
pub fn storable_date(secs: i64) -> bool {
    (MIN_DATE_SECS..=MAX_DATE_SECS).contains(&secs)
}

/// Parses a date: `YYYY-MM-DD`, RFC 3339, or `YYYY-MM-DDTHH:MM:SS` (taken as UTC).
/// Returns seconds since the Unix epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    use time::{Date, OffsetDateTime, PrimitiveDateTime};
    let s = s.trim();
    if let Ok(dt) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(dt.unix_timestamp());
    }
    let naive = s.replace(' ', "T");
    let naive = naive.split('.').next().unwrap_or(&naive);
    if let Ok(dt) = PrimitiveDateTime::parse(
        naive,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
    ) {
        return Some(dt.assume_utc().unix_timestamp());
    }
    if let Ok(d) = Date::parse(s, format_description!("[year]-[month]-[day]")) {
        return Some(d.midnight().assume_utc().unix_timestamp());
    }
    None
}

/// How [`read_line`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEnd {
    /// Nothing left to read.
    Eof,
    /// A line (with or without its line break, at the end of the input).
    Line,
    /// A line longer than the limit: what was kept of it is not the whole line.
    TooLong,
}

/// Reads one line into `buf`, without its ending: "\n", "\r\n", or a lone "\r" (files from
/// old Macs). Keeps at most `max` bytes; the rest of a longer line is read and dropped, so
/// memory stays bounded. (JSON strings cannot hold a raw line break, so a "\r" always
/// ends a JSON Lines record.)
fn read_line<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<LineEnd> {
    let mut any = false;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (any, too_long) {
                (false, _) => LineEnd::Eof,
                (true, false) => LineEnd::Line,
                (true, true) => LineEnd::TooLong,
            });
        }
        any = true;
        let end = available.iter().position(|&b| b == b'\n' || b == b'\r');
        let piece = &available[..end.unwrap_or(available.len())];
        let room = max.saturating_sub(buf.len());
        if piece.len() > room {
            too_long = true;
        }
        buf.extend_from_slice(&piece[..piece.len().min(room)]);
        match end {
            None => {
                let n = available.len();
                reader.consume(n);
            }
            Some(i) => {
                let carriage_return = available[i] == b'\r';
                reader.consume(i + 1);
                if carriage_return && reader.fill_buf()?.first() == Some(&b'\n') {
                    reader.consume(1);
                }
                return Ok(if too_long {
                    LineEnd::TooLong
                } else {
                    LineEnd::Line
                });
            }
        }
    }
}

/// Streams a JSON Lines input, one article per line.
struct JsonLines<R> {
    location: String,
    reader: R,
    line_no: usize,
    buf: Vec<u8>,
    /// Records of the current line still to hand out, in reverse order.
    pending: Vec<Record>,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    fn new(location: String, reader: R) -> Self {
        JsonLines {
            location,
            reader,
            line_no: 0,
            buf: Vec::new(),
            pending: Vec::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if let Some(record) = self.pending.pop() {
            return Some(record);
        }
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            let end = match read_line(&mut self.reader, &mut self.buf, MAX_LINE_BYTES) {
                Ok(LineEnd::Eof) => {
                    self.done = true;
                    return None;
                }
                Ok(end) => end,
                Err(e) => {
                    self.done = true;
                    return Some(skip(&self.location, io_reason(&e)));
                }
            };
            self.line_no += 1;
            let here = format!("{}:{}", self.location, self.line_no);
            if end == LineEnd::TooLong {
                let reason = format!("record longer than {} MB", MAX_LINE_BYTES >> 20);
                return Some(skip(&here, reason));
            }
            let mut line: &[u8] = &self.buf;
            if self.line_no == 1 {
                line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
            }
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            let (text, warning) = decode_text(line.to_vec());
            let value: Value = match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => return Some(skip(&here, format!("invalid JSON: {e}"))),
            };
            if let Some(reason) = warning {
                self.pending.push(Record::Warning(Problem {
                    location: here.clone(),
                    reason,
                }));
            }
            let records = article_records(&here, value);
            self.pending.extend(records);
            self.pending.reverse();
            return self.pending.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn jsonl(text: &str) -> Vec<Record> {
        JsonLines::new("in.jsonl".into(), Cursor::new(text.as_bytes().to_vec())).collect()
    }

    #[test]
    fn body_hash_ignores_whitespace_layout() {
        assert_eq!(body_hash("a  b\r\n\nc"), body_hash("a b c"));
        assert_ne!(body_hash("a b c"), body_hash("a b d"));
        assert_eq!(body_hash("").len(), 16);
    }

    #[test]
    fn text_title_rules() {
        let rows: &[(&str, bool, Option<&str>)] = &[
            (
                "Gaza talks resume\n\nBody here.",
                false,
                Some("Gaza talks resume"),
            ),
            ("A full sentence.\n\nBody here.", false, None),
            ("Only one line", false, None),
            ("Short line\nwrapped body continues.", false, None),
            ("# Heading\n\nBody.", true, Some("Heading")),
            (
                "\u{feff}Title with BOM\r\n\r\nBody.",
                false,
                Some("Title with BOM"),
            ),
        ];
        for (text, md, want) in rows {
            let a = parse_text(text, *md);
            assert_eq!(a.title.as_deref(), *want, "text {text:?}");
            assert!(!a.body.is_empty());
        }
    }

    #[test]
    fn jsonl_reads_fields_and_reports_bad_lines() {
        let input = "\u{feff}{\"id\":\"a1\",\"title\":\"T\",\"date\":\"2024-01-25\",\"body\":\"One.\\n\\nTwo.\"}\n\
             \n\
             {broken\n\
             {\"id\":7,\"text\":\"Body via text.\"}\r\n\
             {\"id\":\"nobody\"}\n\
             [1,2]\n\
             {\"id\":\"e\",\"body\":\"  \"}\n";
        let records = jsonl(input);
        let mut articles = Vec::new();
        let mut skipped = Vec::new();
        let mut empty = Vec::new();
        for r in records {
            match r {
                Record::Article(a, loc) => articles.push((a, loc)),
                Record::Skipped(p) => skipped.push(p.to_string()),
                Record::Empty(p) => empty.push(p.to_string()),
                Record::Warning(p) => panic!("unexpected warning {p}"),
            }
        }
        assert_eq!(empty, vec!["in.jsonl:7: empty body".to_string()]);
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].0.id.as_deref(), Some("a1"));
        assert_eq!(articles[0].0.date, Some(1_706_140_800));
        assert_eq!(articles[0].1, "in.jsonl:1");
        assert_eq!(articles[1].0.id.as_deref(), Some("7"));
        assert_eq!(articles[1].0.body, "Body via text.");
        assert_eq!(skipped.len(), 3);
        assert!(
            skipped[0].starts_with("in.jsonl:3: invalid JSON"),
            "{}",
            skipped[0]
        );
        assert!(
            skipped[1].starts_with("in.jsonl:5: no \"body\""),
            "{}",
            skipped[1]
        );
        assert!(
            skipped[2].starts_with("in.jsonl:6: not a JSON object"),
            "{}",
            skipped[2]
        );
    }

    #[test]
    fn jsonl_bad_date_warns_and_keeps_the_article() {
        let records = jsonl("{\"body\":\"x\",\"date\":\"someday\"}\n");
        assert_eq!(records.len(), 2);
        assert!(matches!(&records[0], Record::Warning(p) if p.location == "in.jsonl:1"));
        assert!(matches!(&records[1], Record::Article(a, _) if a.date.is_none()));
    }

    #[test]
    fn json_object_and_array() {
        let one = read_json("a.json", r#"{"id":"x","body":"B."}"#);
        assert!(matches!(&one[..], [Record::Article(a, _)] if a.id.as_deref() == Some("x")));
        let many = read_json("b.json", r#"[{"body":"B1"},{"nobody":1},{"text":"B3"}]"#);
        assert_eq!(many.len(), 3);
        assert!(matches!(&many[1], Record::Skipped(p) if p.location == "b.json[1]"));
        let bad = read_json("c.json", "{\n\"body\": ");
        assert!(matches!(&bad[..], [Record::Skipped(p)] if p.location == "c.json:2"));
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-02"), Some(86_400));
        assert_eq!(parse_date("1987-02-26T15:01:01"), Some(541_350_061));
        assert_eq!(parse_date("1987-02-26 15:01:01.79"), Some(541_350_061));
        assert_eq!(parse_date("2024-01-25T10:00:00+02:00"), Some(1_706_169_600));
        assert_eq!(parse_date("January 25"), None);
    }

    #[test]
    fn decode_rejects_binary_and_empty_and_reads_windows_1252() {
        assert_eq!(decode(vec![]), Err("empty file".into()));
        assert!(decode(b"ab\0c".to_vec()).unwrap_err().starts_with("binary"));
        let (text, warning) = decode(b"caf\xe9 \x93quoted\x94 \x80".to_vec()).unwrap();
        assert_eq!(text, "café “quoted” €");
        assert!(warning.unwrap().contains("offset 3"));
        assert_eq!(decode(b"\xef\xbb\xbfhi".to_vec()), Ok(("hi".into(), None)));
    }

    #[test]
    fn jsonl_in_windows_1252_is_read_with_a_warning() {
        let records = JsonLines::new(
            "w.jsonl".into(),
            Cursor::new(b"{\"body\":\"caf\xe9\"}\n".to_vec()),
        )
        .collect::<Vec<_>>();
        assert_eq!(records.len(), 2);
        assert!(
            matches!(&records[0], Record::Warning(p) if p.location == "w.jsonl:1" && p.reason.contains("Windows-1252"))
        );
        assert!(matches!(&records[1], Record::Article(a, _) if a.body == "café"));
    }

    #[test]
    fn lines_end_at_any_line_break_and_long_ones_are_cut() {
        let mut reader = Cursor::new(b"a\nbb\r\nccc\rdd\r\rtoolongline\nlast".to_vec());
        let mut got = Vec::new();
        loop {
            let mut buf = Vec::new();
            match read_line(&mut reader, &mut buf, 5).unwrap() {
                LineEnd::Eof => break,
                end => got.push((String::from_utf8(buf).unwrap(), end)),
            }
        }
        let want = [
            ("a", LineEnd::Line),
            ("bb", LineEnd::Line),
            ("ccc", LineEnd::Line),
            ("dd", LineEnd::Line),
            ("", LineEnd::Line),
            ("toolo", LineEnd::TooLong),
            ("last", LineEnd::Line),
        ];
        let want: Vec<(String, LineEnd)> = want.iter().map(|(s, e)| (s.to_string(), *e)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn long_ids_get_a_short_stable_key() {
        let long = "é".repeat(200);
        let key = long_id_key(&long);
        assert!(key.len() <= 99 && key.starts_with("éé"), "{key}");
        assert_eq!(key, long_id_key(&long));
        assert_ne!(key, long_id_key(&format!("{long}x")));
        let article = Article {
            id: Some(long.clone()),
            ..Article::default()
        };
        assert_eq!(article.article_id(), key);
        assert_eq!(article.long_id(), Some(long.as_str()));
        let short = Article {
            id: Some("a1".into()),
            ..Article::default()
        };
        assert_eq!((short.article_id().as_str(), short.long_id()), ("a1", None));
    }
}
