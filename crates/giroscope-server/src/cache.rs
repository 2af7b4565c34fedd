//! Caching the embedded page: a validator per file, so a returning browser gets a 304 instead
//! of the file again.
//!
//! The files are not served under content-hashed names (the page links plain `app.js`), so
//! a long `max-age` would keep an old script next to a new page after an upgrade. Instead
//! every answer says `Cache-Control: no-cache` (keep it, but ask first) with a weak ETag
//! (weak, because compression changes the bytes but not the meaning) from a hash of the
//! content: the same in every replica of one build.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A site file with its validator, or 304 when the request's `If-None-Match` already has it.
pub fn asset(
    request: &HeaderMap,
    headers: &[(header::HeaderName, &'static str)],
    file: &crate::assets::SiteFile,
) -> Response {
    let etag = &file.etag;
    let cached = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag == etag.trim_start_matches("W/"));
    let mut response = if cached {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        file.bytes.clone().into_response()
    };
    let out = response.headers_mut();
    for (name, value) in headers {
        out.insert(name.clone(), HeaderValue::from_static(value));
    }
    if let Ok(value) = HeaderValue::from_str(etag) {
        out.insert(header::ETAG, value);
    }
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if cached {
        out.remove(header::CONTENT_TYPE);
    }
    response
}

/// A weak ETag from the 64-bit FNV-1a hash of `body`: stable across builds and machines.
pub fn etag(body: &[u8]) -> String {
    let hash = body.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("W/\"{hash:016x}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matching_validator_gets_304_and_any_other_the_file() {
        let file = crate::assets::SiteFile::new("style.css", "text/css", "body");
        let tag = file.etag.clone();
        // (If-None-Match, status)
        let cases = [
            (None, StatusCode::OK),
            (Some(tag.clone()), StatusCode::NOT_MODIFIED),
            (
                Some(tag.trim_start_matches("W/").to_owned()),
                StatusCode::NOT_MODIFIED,
            ),
            (Some(format!("W/\"0\", {tag}")), StatusCode::NOT_MODIFIED),
            (Some("*".to_owned()), StatusCode::NOT_MODIFIED),
            (Some("W/\"0\"".to_owned()), StatusCode::OK),
        ];
        for (if_none_match, status) in cases {
            let mut request = HeaderMap::new();
            if let Some(value) = &if_none_match {
                request.insert(header::IF_NONE_MATCH, value.parse().expect("header"));
            }
            let response = asset(&request, &[(header::CONTENT_TYPE, "text/css")], &file);
            assert_eq!(response.status(), status, "{if_none_match:?}");
            assert_eq!(response.headers()[header::ETAG], tag.as_str());
            assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        }
        assert_ne!(etag(b"body"), etag(b"Body"));
    }
}
