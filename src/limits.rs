//! Limits on what giroscope reads, as one value passed explicitly.

/// Size limits. Every limit is checked before the data it guards is read or allocated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The largest input file, in bytes. Default 50 MiB: room for a phone photo or a PDF.
    pub max_input_bytes: u64,
    /// The largest input read as payload text, in bytes. Default 64 KiB: a GiroCode payload
    /// has at most 331 bytes, so anything much larger is not a payload, but a too-long one
    /// still gets its findings.
    pub max_text_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 50 * 1024 * 1024,
            max_text_bytes: 64 * 1024,
        }
    }
}
