//! Publication-date bounds as users type them (`--since`, `--until`, `since=`, `until=`).

use anyhow::{Context, Result};

use crate::ingest::article::{parse_date, MAX_DATE_SECS, MIN_DATE_SECS};

/// Parses the bounds: a date, or an RFC 3339 time. `until` is inclusive of the whole day
/// when only a date is given; the result is an exclusive bound, in seconds. Bounds beyond
/// the dates an index can hold are brought within them (`since 2300-01-01` matches
/// nothing, `until 1600-01-01` nothing either). `flag` names the bounds in errors
/// (`--` for the command line, nothing for the HTTP API).
pub fn bounds(
    since: Option<&str>,
    until: Option<&str>,
    flag: &str,
) -> Result<(Option<i64>, Option<i64>)> {
    let (since, until) = typed(since, until, flag)?;
    let empty = Ok((Some(MIN_DATE_SECS), Some(MIN_DATE_SECS)));
    if since.is_some_and(|s| s > MAX_DATE_SECS) || until.is_some_and(|u| u <= MIN_DATE_SECS) {
        return empty;
    }
    if let (Some(s), Some(u)) = (since, until) {
        if s >= u {
            return empty;
        }
    }
    Ok((
        since.map(|s| s.max(MIN_DATE_SECS)),
        until.map(|u| u.min(MAX_DATE_SECS)),
    ))
}

/// The bounds as typed, in seconds (`until` exclusive).
fn typed(
    since: Option<&str>,
    until: Option<&str>,
    flag: &str,
) -> Result<(Option<i64>, Option<i64>)> {
    let parse = |s: &str, name: &str| {
        parse_date(s)
            .with_context(|| format!("{flag}{name} {s:?}: expected YYYY-MM-DD or an RFC 3339 time"))
    };
    let since = since.map(|s| parse(s, "since")).transpose()?;
    let until = match until {
        None => None,
        Some(s) => {
            let t = parse(s, "until")?;
            let date_only = s.trim().len() == 10;
            Some(if date_only { t + 86_400 } else { t + 1 })
        }
    };
    Ok((since, until))
}
