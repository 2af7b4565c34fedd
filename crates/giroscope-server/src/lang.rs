//! The language of a request, chosen in one place for the handlers and the error layer alike.

use axum::http::{HeaderMap, header};

use giroscope::i18n::Lang;

/// The language of a request: `?lang=de|en`, else `Accept-Language`, else German.
pub fn of_request(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let asked = query.and_then(|q| {
        q.split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .and_then(|value| value.parse::<Lang>().ok())
    });
    asked.unwrap_or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::De, Lang::negotiate)
    })
}
