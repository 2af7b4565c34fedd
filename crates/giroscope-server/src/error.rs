//! Every error the server answers is JSON with a stable code and a German and an English
//! message — also the ones produced by layers (body limit, timeout, panic) and by axum's own
//! extractors, which would otherwise answer in plain text.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use giroscope::error::Error;
use giroscope::i18n::Lang;

/// An error answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    de: String,
    en: String,
    lang: Lang,
    retry_after: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
    messages: Messages<'a>,
}

#[derive(Serialize)]
struct Messages<'a> {
    de: &'a str,
    en: &'a str,
}

impl ApiError {
    /// An error with its status, code and messages.
    pub fn new(
        status: StatusCode,
        code: &'static str,
        de: impl Into<String>,
        en: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            de: de.into(),
            en: en.into(),
            lang: Lang::De,
            retry_after: None,
        }
    }

    /// In `lang`.
    pub fn in_lang(mut self, lang: Lang) -> ApiError {
        self.lang = lang;
        self
    }

    /// All workers are busy: try again shortly.
    pub fn busy(seconds: u64) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVER-BUSY",
            "Der Dienst ist gerade ausgelastet. Bitte versuchen Sie es in wenigen Sekunden erneut.",
            "The service is busy right now. Please try again in a few seconds.",
        );
        error.retry_after = Some(seconds);
        error
    }

    /// This client already has as many checks in flight as one client may.
    pub fn client_busy(seconds: u64) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "CLIENT-BUSY",
            "Von Ihrer Adresse laufen schon mehrere Prüfungen. Bitte warten Sie, bis sie fertig sind.",
            "Several checks from your address are still running. Please wait until they are done.",
        );
        error.retry_after = Some(seconds);
        error
    }

    /// The body arrived too slowly (see `server::body`).
    pub fn too_slow() -> ApiError {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "BODY-TOO-SLOW",
            "Die Datei kam zu langsam an. Bitte versuchen Sie es mit einer besseren Verbindung erneut.",
            "The upload arrived too slowly. Please try again on a better connection.",
        )
    }

    /// The check took longer than the request may; it was cancelled.
    pub fn timeout() -> ApiError {
        ApiError::for_status(StatusCode::GATEWAY_TIMEOUT, 0)
    }

    /// The server is shutting down and cancelled the check.
    pub fn shutting_down() -> ApiError {
        let mut error = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVER-SHUTTING-DOWN",
            "Der Dienst startet gerade neu. Bitte versuchen Sie es in wenigen Sekunden erneut.",
            "The service is restarting. Please try again in a few seconds.",
        );
        error.retry_after = Some(1);
        error
    }

    /// Something went wrong on our side; no details, they may quote input.
    pub fn internal() -> ApiError {
        ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR, 0)
    }

    /// The request held nothing to check.
    pub fn no_input() -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "INPUT-MISSING",
            "Es kam kein Foto, keine Datei und kein Text an. Wählen Sie ein Foto oder fügen Sie den Text des Codes ein.",
            "No photo, file or text arrived. Choose a photo or paste the text of the code.",
        )
    }

    /// The request's head (request line and header fields) is larger than the server reads.
    pub fn head_too_large() -> ApiError {
        let (fields, kib) = (super::head::MAX_HEADERS, super::head::MAX_HEAD_BYTES / 1024);
        ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "HEADERS-TOO-LARGE",
            format!(
                "Die Anfrage hat zu viele oder zu lange Kopfzeilen (höchstens {fields} Kopfzeilen und {kib} KiB)."
            ),
            format!(
                "The request has too many or too long header fields (at most {fields} fields and {kib} KiB)."
            ),
        )
    }

    /// The request body is larger than the server takes.
    pub fn too_large(limit: usize) -> ApiError {
        let size = |lang| giroscope::error::size_in_words(limit as u64, lang);
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "INPUT-TOO-LARGE",
            format!("Die Datei ist zu groß (höchstens {}).", size(Lang::De)),
            format!("The file is too large (at most {}).", size(Lang::En)),
        )
    }

    /// A library error: the input could not be checked.
    pub fn from_library(error: &Error, lang: Lang) -> ApiError {
        let status = match error {
            Error::TooLarge { .. }
            | Error::TooManyPixels { .. }
            | Error::TooManyPdfPixels { .. }
            | Error::TooManyPages { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Unsupported { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::TimedOut { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Cancelled => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError::new(
            status,
            error.code(),
            error.message(Lang::De),
            error.message(Lang::En),
        )
        .in_lang(lang)
    }

    /// Seconds after which to try again, for busy answers.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The message in the chosen language.
    pub fn message(&self) -> &str {
        match self.lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }

    /// The error as a page in its language, for the form without JavaScript.
    pub fn into_page(self, frame: giroscope::render::html::Frame<'_>) -> Response {
        let page = giroscope::render::html::error_page(self.code, self.message(), self.lang, frame);
        let mut response = (self.status, axum::response::Html(page)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }

    /// The generic answer for a status that some layer produced without a body of ours;
    /// `limit` is the largest body the server takes.
    fn for_status(status: StatusCode, limit: usize) -> ApiError {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::too_large(limit);
        }
        if status == StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE {
            return ApiError::head_too_large();
        }
        let (code, de, en) = match status {
            StatusCode::GATEWAY_TIMEOUT | StatusCode::REQUEST_TIMEOUT => (
                "REQUEST-TIMEOUT",
                "Die Prüfung hat zu lange gedauert. Versuchen Sie es mit einem schärferen Foto, auf dem der Code größer zu sehen ist.",
                "Checking took too long. Try a sharper photo that shows the code larger.",
            ),
            StatusCode::NOT_FOUND => (
                "NOT-FOUND",
                "Diese Adresse gibt es nicht.",
                "There is no such address.",
            ),
            StatusCode::METHOD_NOT_ALLOWED => (
                "METHOD-NOT-ALLOWED",
                "Diese Methode ist hier nicht erlaubt.",
                "This method is not allowed here.",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                "UNSUPPORTED-MEDIA-TYPE",
                "Dieser Inhaltstyp wird nicht unterstützt.",
                "This content type is not supported.",
            ),
            status if status.is_client_error() => (
                "BAD-REQUEST",
                "Die Anfrage ist fehlerhaft.",
                "The request is malformed.",
            ),
            _ => (
                "SERVER-ERROR",
                "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es erneut.",
                "An internal error occurred. Please try again.",
            ),
        };
        ApiError::new(status, code, de, en)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner {
                code: self.code,
                message: self.message(),
                messages: Messages {
                    de: &self.de,
                    en: &self.en,
                },
            },
        };
        let json = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Rewrites error answers that do not come as JSON — axum's plain-text rejections, the body
/// limit's 413, the timeout's 504 — into our JSON shape, in the request's language; for the
/// page's form without JavaScript (`POST /check`) into a page. Answers a request whose head
/// `head` refused (431, or 400 for a malformed one) the same way, without running it.
pub(super) async fn unify(
    State(state): State<super::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let lang = super::lang::of_request(request.uri().query(), request.headers());
    let form = request.uri().path() == "/check";
    let site = &state.site;
    if let Some(refused) = request.headers().get(super::head::REFUSED) {
        // The head the client sent was replaced by this one; nothing else of it was read.
        let error = match super::head::Refusal::of(refused.as_bytes()) {
            super::head::Refusal::TooLarge => {
                state.metrics.refused("head_too_large");
                ApiError::head_too_large()
            }
            super::head::Refusal::Malformed => {
                state.metrics.refused("bad_request");
                ApiError::for_status(StatusCode::BAD_REQUEST, 0)
            }
        }
        .in_lang(lang);
        return if form {
            error.into_page(site.frame(lang))
        } else {
            error.into_response()
        };
    }
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            // The body limit layer refused a declared length before any handler ran.
            state.metrics.refused("body_too_large");
        }
        let error = ApiError::for_status(status, site.max_body_bytes).in_lang(lang);
        return if form {
            error.into_page(site.frame(lang))
        } else {
            error.into_response()
        };
    }
    response
}

/// A panic anywhere in a request becomes a JSON 500 without details: the panic message may
/// quote input.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("request handler panicked");
    ApiError::for_status(StatusCode::INTERNAL_SERVER_ERROR, 0).into_response()
}
