//! Short handlers: the request in, a place for it, its body, the check (`worker`), the report
//! out.

use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use super::admission::Client;
use super::body::{Paced, ReadError};
use super::error::ApiError;
use giroscope::i18n::Lang;
use giroscope::{SourceReport, render};

/// Multipart fields beyond this many are refused: a form has three.
const MAX_FIELDS: usize = 16;

/// What was uploaded, and under which name to report it.
struct Upload {
    name: String,
    bytes: Bytes,
}

/// `GET /`: the page.
pub async fn index(State(state): State<AppState>, request: Request) -> Response {
    let lang = super::lang::of_request(request.uri().query(), request.headers());
    super::cache::asset(
        request.headers(),
        &[
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_LANGUAGE, lang.code()),
            (header::VARY, "Accept-Language"),
            (header::CONTENT_SECURITY_POLICY, super::assets::CSP),
        ],
        state.site.page(lang),
    )
}

/// `GET /{file}`: a file beside the page (script, style, worker, service worker, manifest,
/// icons, the browser module).
pub async fn file(
    State(state): State<AppState>,
    Path(path): Path<String>,
    request: Request,
) -> Response {
    match state.site.file(&path) {
        Some(file) => super::cache::asset(
            request.headers(),
            &[(header::CONTENT_TYPE, file.content_type)],
            file,
        ),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /healthz`: liveness. Answers while the process serves, also when every worker is busy
/// and while shutting down: restarting a busy server would not help anyone.
pub async fn health() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"status":"ok"}"#,
    )
        .into_response()
}

/// `GET /readyz`: readiness, i.e. whether a load balancer should send this instance new
/// checks. Ready unless it is shutting down or saturated: more checks waiting for a worker
/// than there are workers, so a new one would likely wait out its queue time and get 503.
pub async fn ready(State(state): State<AppState>) -> Response {
    let admission = &state.admission;
    let (workers, busy, waiting) = (
        admission.workers(),
        admission.busy_workers(),
        admission.waiting(),
    );
    let status = if state.lifecycle.is_draining() {
        "draining"
    } else if waiting >= workers {
        "saturated"
    } else {
        "ready"
    };
    let code = if status == "ready" {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        code,
        [(header::CONTENT_TYPE, "application/json")],
        format!(r#"{{"status":"{status}","workers":{workers},"busy":{busy},"waiting":{waiting}}}"#),
    )
        .into_response()
}

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], super::OPENAPI).into_response()
}

/// `GET /api/v1/rules`: the rule catalogue.
pub async fn rules(request: Request) -> Response {
    let lang = super::lang::of_request(request.uri().query(), request.headers());
    let mut out = Vec::new();
    if render::json::write_rules(&mut out, giroscope::rules::ALL, lang).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([(header::CONTENT_TYPE, "application/json")], out).into_response()
}

/// `POST /api/v1/check`: multipart (`file`, `payload` or `text`) or a raw body → the report as
/// JSON.
pub async fn check_json(State(state): State<AppState>, request: Request) -> Response {
    let (lang, result) = check(&state, request, false).await;
    let result = result.and_then(|report| {
        let mut out = Vec::new();
        render::json::write_report(&mut out, std::slice::from_ref(&report), lang, None)
            .map_err(|_| ApiError::internal())?;
        Ok(out)
    });
    match result {
        Ok(out) => ([(header::CONTENT_TYPE, "application/json")], out).into_response(),
        Err(error) => error.in_lang(lang).into_response(),
    }
}

/// `POST /check`: the page's form without JavaScript → the report as an HTML page. Errors are
/// pages too, with the status code of the JSON API.
pub async fn check_html(State(state): State<AppState>, request: Request) -> Response {
    let (lang, result) = check(&state, request, true).await;
    match result {
        Ok(report) => Html(render::html::report_page(
            &report,
            lang,
            state.site.frame(lang),
        ))
        .into_response(),
        Err(error) => error.in_lang(lang).into_page(state.site.frame(lang)),
    }
}

/// One check request: a place for it (or a refusal before its body is read), the body
/// (which must keep arriving), the check. The place is held until the answer, so bodies in
/// memory stay bounded. Returns the language to answer in: the request's, or for the form the
/// form's own `lang` field.
async fn check(
    state: &AppState,
    request: Request,
    form: bool,
) -> (Lang, Result<SourceReport, ApiError>) {
    let mut lang = super::lang::of_request(request.uri().query(), request.headers());
    let client = Client::of(&request, state.config.trust_forwarded_for);
    let ticket = match state.admission.admit(client) {
        Ok(ticket) => ticket,
        Err(refusal) => {
            state.metrics.refused(refusal.reason());
            return (lang, Err(refusal.answer()));
        }
    };
    let (grace, rate) = (state.config.body_timeout, state.config.min_body_rate);
    let request = request.map(|body| Body::new(Paced::new(body, grace, rate)));
    let read = async {
        if form {
            read_form(state, request).await
        } else {
            read_upload(state, request)
                .await
                .map(|upload| (upload, None))
        }
    };
    let read = tokio::select! {
        read = read => read,
        () = state.lifecycle.cancelled() => Err(ApiError::shutting_down()),
    };
    let upload = match read {
        Ok((upload, form_lang)) => {
            lang = form_lang.unwrap_or(lang);
            upload
        }
        Err(error) => {
            match error.code() {
                "BODY-TOO-SLOW" => state.metrics.refused("body_too_slow"),
                "INPUT-TOO-LARGE" => state.metrics.refused("body_too_large"),
                _ => {}
            }
            return (lang, Err(error));
        }
    };
    let deadline = tokio::time::Instant::now() + state.config.request_timeout;
    let started = Instant::now();
    let Upload { name, bytes } = upload;
    let size = bytes.len();
    let outcome = super::worker::run(state, &ticket, bytes, lang, deadline).await;
    let elapsed_ms = started.elapsed().as_millis();
    // Outcomes and timings only, never content.
    match &outcome {
        Ok(verified) => {
            let codes: Vec<&str> = verified
                .findings
                .iter()
                .chain(verified.codes.iter().flat_map(|c| &c.findings))
                .map(|f| f.rule.code)
                .collect();
            tracing::info!(bytes = size, symbols = verified.codes.len(), valid = verified.valid(), findings = %codes.join(","), elapsed_ms, "checked");
        }
        Err(error) => {
            tracing::info!(
                bytes = size,
                error = error.code(),
                elapsed_ms,
                "not checked"
            );
        }
    }
    let report = outcome.map(|verified| SourceReport {
        source: name,
        outcome: Ok(verified),
    });
    (lang, report)
}

async fn read_upload(state: &AppState, request: Request) -> Result<Upload, ApiError> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        return read_form(state, request).await.map(|(upload, _)| upload);
    }
    let bytes = super::body::read(request.into_body(), state.config.max_body_bytes)
        .await
        .map_err(|error| match error {
            ReadError::Failed(error) if super::body::is_too_slow(&error) => ApiError::too_slow(),
            _ => ApiError::too_large(state.config.max_body_bytes),
        })?;
    if bytes.is_empty() {
        return Err(ApiError::no_input());
    }
    Ok(Upload {
        name: "body".into(),
        bytes,
    })
}

/// Reads a multipart form: the first non-empty `file`, else `payload` (bytes) or `text`
/// (Unicode, encoded per line 3); `lang` if given. Any other field is refused, as the OpenAPI
/// description says.
async fn read_form(state: &AppState, request: Request) -> Result<(Upload, Option<Lang>), ApiError> {
    let mut multipart = Multipart::from_request(request, state).await.map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "BAD-MULTIPART",
            "Das Formular ist fehlerhaft (multipart/form-data erwartet).",
            "The form is malformed (multipart/form-data expected).",
        )
    })?;
    let (mut file, mut payload, mut lang) = (None, None, None);
    let mut fields = 0;
    let limit = state.config.max_body_bytes;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(e, limit))?
    {
        fields += 1;
        if fields > MAX_FIELDS {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "BAD-MULTIPART",
                "Das Formular hat zu viele Felder.",
                "The form has too many fields.",
            ));
        }
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|e| multipart_error(e, limit))?;
        match name.as_str() {
            "file" if !bytes.is_empty() && file.is_none() => {
                file = Some(Upload {
                    name: file_name.unwrap_or_else(|| "upload".into()),
                    bytes,
                });
            }
            "payload" if !bytes.is_empty() && payload.is_none() => {
                payload = Some(Upload {
                    name: "payload".into(),
                    bytes,
                });
            }
            // Text that went through Unicode (a text box, a browser's barcode detector) is
            // encoded as the code holds it, in the charset its line 3 declares.
            "text" if !bytes.is_empty() && payload.is_none() => {
                let text = std::str::from_utf8(&bytes).map_err(|_| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "BAD-MULTIPART",
                        "Der Text ist nicht lesbar (UTF-8 erwartet).",
                        "The text cannot be read (UTF-8 expected).",
                    )
                })?;
                payload = Some(Upload {
                    name: "text".into(),
                    bytes: giroscope::payload::from_text(text).into(),
                });
            }
            "lang" => {
                lang = std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|l| l.trim().parse().ok())
            }
            "file" | "payload" | "text" => {}
            other => {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "BAD-MULTIPART",
                    format!(
                        "Das Formular enthält das unbekannte Feld „{}“; erlaubt sind file, payload, text und lang.",
                        other.escape_debug()
                    ),
                    format!(
                        "The form has an unknown field \"{}\"; allowed are file, payload, text and lang.",
                        other.escape_debug()
                    ),
                ));
            }
        }
    }
    file.or(payload)
        .map(|upload| (upload, lang))
        .ok_or_else(ApiError::no_input)
}

fn multipart_error(error: axum::extract::multipart::MultipartError, limit: usize) -> ApiError {
    if super::body::is_too_slow(&error) {
        return ApiError::too_slow();
    }
    // A body cut off by the size limit while streaming surfaces as a parse error; the limit
    // shows only in the error's sources.
    let mut cause: Option<&dyn std::error::Error> = Some(&error);
    let mut limited = false;
    while let Some(error) = cause {
        limited |= error.to_string().contains("length limit");
        cause = error.source();
    }
    if limited || error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::too_large(limit)
    } else {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "BAD-MULTIPART",
            "Das Formular ist fehlerhaft.",
            "The form is malformed.",
        )
    }
}
