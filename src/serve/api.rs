//! The JSON API: the documents `query --json`, `entities --json`, `stats --json` and
//! `show --json` print, built by the same library calls (see [`crate::search::json`]).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::archive::Archive;
use crate::entities::Kind;
use crate::search::budget::TimedOut;
use crate::search::histogram::Histogram;
use crate::search::{export, json as docs, BadQuery, SearchRequest, Sort};

/// The most hits one request returns.
pub const MAX_LIMIT: usize = 1_000;
/// The deepest page a request may start at.
pub const MAX_OFFSET: usize = 100_000;
/// The longest query, in bytes.
pub const MAX_QUERY_BYTES: usize = 4_096;
/// The most values of one entity filter.
pub const MAX_FILTERS: usize = 20;
/// The most paragraphs of context around a hit.
pub const MAX_CONTEXT: usize = 10;

/// An error as the API answers it: `{"error": "...", "status": N}` with that status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            message: message.into(),
        }
    }

    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::CONFLICT,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl From<anyhow::Error> for ApiError {
    /// A query the parser refused is the client's error; anything else is the server's.
    fn from(e: anyhow::Error) -> ApiError {
        let status = if e.downcast_ref::<BadQuery>().is_some() {
            StatusCode::BAD_REQUEST
        } else if e.downcast_ref::<TimedOut>().is_some() {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        ApiError {
            status,
            message: format!("{e:#}"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.message, "status": self.status.as_u16() });
        (self.status, Json(body)).into_response()
    }
}

pub(super) type ApiResult = Result<Json<Value>, ApiError>;

/// The parameters of a request, in order, repeatable (`person=A&person=B`).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>) -> Params {
        Params(
            form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The last non-empty value of `key`.
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, key: &str) -> Result<Vec<String>, ApiError> {
        let values: Vec<String> = self
            .0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect();
        if values.len() > MAX_FILTERS {
            return Err(ApiError::bad_request(format!(
                "{key}: at most {MAX_FILTERS} values"
            )));
        }
        Ok(values)
    }

    fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(text) = self.get(key) else {
            return Ok(default);
        };
        match text.trim().parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            Ok(_) => Err(ApiError::bad_request(format!("{key}: at most {max}"))),
            Err(_) => Err(ApiError::bad_request(format!(
                "{key}: {text:?} is not a number"
            ))),
        }
    }

    fn flag(&self, key: &str) -> bool {
        self.get(key)
            .is_some_and(|v| matches!(v.trim(), "true" | "1" | "yes" | "on"))
    }

    /// `q`, the entity filters and the dates, checked.
    fn request(&self) -> Result<SearchRequest, ApiError> {
        let query = self.get("q").map(str::to_string);
        if query.as_ref().is_some_and(|q| q.len() > MAX_QUERY_BYTES) {
            return Err(ApiError::bad_request(format!(
                "q: at most {MAX_QUERY_BYTES} bytes"
            )));
        }
        let mut filters = Vec::new();
        let mut exclude = Vec::new();
        for kind in Kind::ALL {
            for name in self.all(kind.as_str())? {
                filters.push((kind, name));
            }
            for name in self.all(&format!("-{}", kind.as_str()))? {
                exclude.push((kind, name));
            }
        }
        let (since, until) = crate::search::dates::bounds(self.get("since"), self.get("until"), "")
            .map_err(|e| ApiError::bad_request(format!("{e:#}")))?;
        Ok(SearchRequest {
            query,
            filters,
            exclude,
            since,
            until,
            ..SearchRequest::default()
        })
    }
}

/// Runs blocking index work off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::from(anyhow::anyhow!("search task failed: {e}")))?
}

/// Runs a search's blocking work, after waiting for a heavy slot when its query is heavy.
async fn searching<T: Send + 'static>(
    archive: &Archive,
    query: Option<&str>,
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let heavy = query.is_some_and(|q| crate::search::parse::cost_of(q).is_heavy());
    let _slot = if heavy {
        Some(
            Arc::clone(&archive.heavy)
                .acquire_owned()
                .await
                .map_err(|e| ApiError::from(anyhow::anyhow!("waiting for a search slot: {e}")))?,
        )
    } else {
        None
    };
    blocking(f).await
}

/// `GET /api/search?q=&person=&place=&org=&-person=&-place=&-org=&since=&until=&sort=&group=&histogram=&limit=&offset=&facets=&facet_limit=&context=&full=&format=`
///
/// With `format=csv` or `format=jsonl`, every match up to [`MAX_EXPORT`] (no page, no
/// grouping) as a file to download, the rows of `query --csv` and `query --jsonl`.
pub async fn search(
    State(archive): State<Arc<Archive>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw);
    let context = params.number("context", 0, MAX_CONTEXT)?;
    let sort = match params.get("sort") {
        None => Sort::Score,
        Some(s) => Sort::parse(s).ok_or_else(|| {
            ApiError::bad_request(format!("sort: {s:?} is not score, date or -date"))
        })?,
    };
    let histogram = match params.get("histogram") {
        None => None,
        Some(h) => Some(Histogram::parse(h).ok_or_else(|| {
            ApiError::bad_request(format!("histogram: {h:?} is not day, month, year or auto"))
        })?),
    };
    let format = params.get("format").map(str::trim);
    if let Some(format) = format.filter(|f| *f != "json") {
        let csv = match format {
            "csv" => true,
            "jsonl" => false,
            other => {
                return Err(ApiError::bad_request(format!(
                    "format: {other:?} is not json, csv or jsonl"
                )))
            }
        };
        let request = SearchRequest {
            limit: MAX_EXPORT,
            sort,
            ..params.request()?
        };
        return export(archive, request, csv).await;
    }
    let request = SearchRequest {
        limit: params.number("limit", 10, MAX_LIMIT)?,
        offset: params.number("offset", 0, MAX_OFFSET)?,
        sort,
        group: params.flag("group"),
        histogram,
        facets: params
            .flag("facets")
            .then(|| params.number("facet_limit", 10, 100))
            .transpose()?,
        full: params.flag("full"),
        context: context as u64,
        ..params.request()?
    };
    let query = request.query.clone();
    let shared = Arc::clone(&archive);
    searching(&archive, query.as_deref(), move || {
        let result = shared.with(|s| s.search(&request))?;
        Ok(Json(docs::query_json(request.query.as_deref(), &result)).into_response())
    })
    .await
}

/// The most rows of an export.
pub const MAX_EXPORT: usize = 10_000;

/// A search's matches as a CSV or JSON Lines file.
async fn export(
    archive: Arc<Archive>,
    request: SearchRequest,
    csv: bool,
) -> Result<Response, ApiError> {
    let query = request.query.clone();
    let shared = Arc::clone(&archive);
    let body = searching(&archive, query.as_deref(), move || {
        let result = shared.with(|s| s.search(&request))?;
        let mut body = Vec::new();
        let written: std::io::Result<()> = (|| {
            if csv {
                export::csv_header(&mut body)?;
            }
            for hit in &result.hits {
                if csv {
                    export::csv_hit(&mut body, hit)?;
                } else {
                    export::jsonl_hit(&mut body, hit)?;
                }
            }
            Ok(())
        })();
        written.map_err(anyhow::Error::from)?;
        Ok(body)
    })
    .await?;
    let (kind, name) = if csv {
        ("text/csv; charset=utf-8", "newsindex.csv")
    } else {
        ("application/x-ndjson", "newsindex.jsonl")
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// `GET /api/entities?kind=&q=&limit=` (and the filters of a search).
pub async fn entities(State(archive): State<Arc<Archive>>, RawQuery(raw): RawQuery) -> ApiResult {
    let params = Params::parse(raw);
    let kind = match params.get("kind") {
        None => None,
        Some(k) => Some(Kind::parse(k).ok_or_else(|| {
            ApiError::bad_request(format!("kind: {k:?} is not person, place or org"))
        })?),
    };
    let request = SearchRequest {
        facets: Some(params.number("limit", 20, MAX_LIMIT)?),
        facet_variants: true,
        ..params.request()?
    };
    let query = request.query.clone();
    let shared = Arc::clone(&archive);
    searching(&archive, query.as_deref(), move || {
        let result = shared.with(|s| s.search(&request))?;
        let mut facets = result.facets.unwrap_or_default();
        if let Some(kind) = kind {
            facets.retain(|k, _| *k == kind);
        }
        Ok(Json(docs::entities_json(
            request.query.as_deref(),
            &facets,
            result.total,
        )))
    })
    .await
}

/// `GET /api/entity?kind=&name=&related=&limit=`: an entity's profile.
pub async fn entity(State(archive): State<Arc<Archive>>, RawQuery(raw): RawQuery) -> ApiResult {
    let params = Params::parse(raw);
    let kind = params
        .get("kind")
        .ok_or_else(|| ApiError::bad_request("kind: person, place or org is needed"))?;
    let kind = Kind::parse(kind).ok_or_else(|| {
        ApiError::bad_request(format!("kind: {kind:?} is not person, place or org"))
    })?;
    let name = params
        .get("name")
        .ok_or_else(|| ApiError::bad_request("name: a name is needed"))?
        .to_string();
    if name.len() > MAX_QUERY_BYTES {
        return Err(ApiError::bad_request(format!(
            "name: at most {MAX_QUERY_BYTES} bytes"
        )));
    }
    let related = params.number("related", 12, 100)?;
    let limit = params.number("limit", 5, 100)?;
    blocking(
        move || match archive.with(|s| s.profile(kind, &name, related, limit))? {
            Some(profile) => Ok(Json(docs::profile_json(&profile))),
            None => Err(ApiError::not_found(format!(
                "no {kind} {name:?} in the index"
            ))),
        },
    )
    .await
}

/// `GET /api/stats`
pub async fn stats(State(archive): State<Arc<Archive>>) -> ApiResult {
    blocking(move || {
        let stats = archive.with(|s| s.stats())?;
        Ok(Json(
            serde_json::to_value(stats).map_err(anyhow::Error::from)?,
        ))
    })
    .await
}

/// `GET /api/articles/{id}`: every paragraph of an article, with its entities.
pub async fn article(State(archive): State<Arc<Archive>>, Path(id): Path<String>) -> ApiResult {
    blocking(move || match archive.with(|s| s.article(&id))? {
        Some(paragraphs) => Ok(Json(docs::article_json(&paragraphs))),
        None => Err(ApiError::not_found(format!("no article {id:?}"))),
    })
    .await
}

/// Any other `/api/...` path.
pub async fn unknown() -> ApiError {
    ApiError::not_found(
        "no such endpoint; there are /api/search, /api/entities, /api/entity, /api/stats and /api/articles/{id}",
    )
}
