//! Corrections from the search page (`serve --edit`): `GET /api/edit` says whether the
//! server takes them, `POST /api/edit` applies one through the same code as `names apply`.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::Json;
use serde_json::{json, Value};

use super::api::{blocking, ApiError, ApiResult};
use super::archive::Archive;
use crate::entities::Kind;

/// `GET /api/edit`: whether this server takes edits (`serve --edit`).
pub async fn status(State(archive): State<Arc<Archive>>) -> Json<Value> {
    Json(json!({ "editable": archive.editable }))
}

/// A correction from the search page (`POST /api/edit`, JSON).
#[derive(Debug, serde::Deserialize)]
pub struct EditRequest {
    /// `hide`, `rename`, `merge`, `retype` or `split`.
    action: String,
    kind: String,
    name: String,
    /// The new name (`rename`), the name to merge into (`merge`), the new kind (`retype`).
    #[serde(default)]
    to: Option<String>,
}

/// `POST /api/edit`: applies one correction, as `names apply` does, when the server was
/// started with `--edit` (else 403). Only a JSON body is taken, and a browser's `Origin`
/// must be this server's, so that a page elsewhere cannot post a form here.
pub async fn edit(
    State(archive): State<Arc<Archive>>,
    peer: Option<axum::Extension<super::Peer>>,
    headers: axum::http::HeaderMap,
    body: Result<Json<EditRequest>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    if !archive.editable {
        return Err(ApiError::forbidden(
            "this server does not take edits; start it with `newsindex serve --edit`",
        ));
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let from_here = origin
            .split_once("://")
            .is_some_and(|(_, rest)| Some(rest) == host);
        if !from_here {
            return Err(ApiError::forbidden(format!(
                "edits are taken only from this server's own page, not from {origin:?}"
            )));
        }
    }
    let Json(request) = body.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let line = correction_line(&request)?;
    let kind = Kind::parse(&request.kind).expect("checked by correction_line");
    let who = peer.map_or_else(|| "unknown".to_string(), |p| p.0 .0.to_string());
    let when = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    blocking(move || {
        let known = archive.with(|s| {
            let catalog = s.catalog()?;
            Ok(!crate::archive::lookup::find(&catalog, kind, &request.name).is_empty())
        })?;
        if !known {
            return Err(ApiError::not_found(format!(
                "no {kind} {:?} in the index",
                request.name
            )));
        }
        archive
            .apply(&line, &format!("edit from {who} at {when}"))
            .map_err(|e| {
                let busy = e.chain().any(|c| {
                    matches!(
                        c.downcast_ref::<tantivy::TantivyError>(),
                        Some(tantivy::TantivyError::LockFailure(..))
                    )
                });
                if busy {
                    ApiError::conflict("an ingest is writing the index; try again when it is done")
                } else {
                    ApiError::from(e)
                }
            })?;
        Ok(Json(json!({ "applied": line, "by": who, "at": when })))
    })
    .await
}

/// The corrections-file line of an edit, checked as `names apply` checks its files.
fn correction_line(r: &EditRequest) -> Result<String, ApiError> {
    let clean = |what: &str, s: &str| -> Result<String, ApiError> {
        let s = s.trim();
        if s.is_empty() || s.chars().any(char::is_control) {
            return Err(ApiError::bad_request(format!(
                "{what}: a name without tabs, line breaks or control characters is needed"
            )));
        }
        Ok(s.to_string())
    };
    let kind = Kind::parse(&r.kind).ok_or_else(|| {
        ApiError::bad_request(format!("kind: {:?} is not person, place or org", r.kind))
    })?;
    let name = clean("name", &r.name)?;
    let to = || clean("to", r.to.as_deref().unwrap_or(""));
    let line = match r.action.as_str() {
        "hide" | "split" => format!("{}\t{kind}\t{name}", r.action),
        "rename" | "merge" => format!("{}\t{kind}\t{name}\t{}", r.action, to()?),
        "retype" => {
            let to = to()?;
            Kind::parse(&to).ok_or_else(|| {
                ApiError::bad_request(format!("to: {to:?} is not person, place or org"))
            })?;
            format!("retype\t{kind}\t{name}\t{to}")
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "action: {other:?} is not hide, rename, merge, retype or split"
            )))
        }
    };
    crate::archive::Corrections::parse(&line, "edit")
        .map_err(|e| ApiError::bad_request(format!("{e:#}")))?;
    Ok(line)
}
