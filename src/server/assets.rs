//! The page, embedded in the binary: no CDN, no third-party code.

/// `index.html`.
pub const INDEX: &str = include_str!("assets/index.html");
/// `app.js`.
pub const SCRIPT: &str = include_str!("assets/app.js");
/// `style.css`.
pub const STYLE: &str = include_str!("assets/style.css");
