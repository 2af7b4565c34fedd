//! Which pages of a document must carry a code, when no manifest says so: `--code-pages`.
//! Two-page notices (a cover letter, then the payment slip) have a code on every second page.

use std::fmt;
use std::str::FromStr;

/// A set of pages, as `--code-pages` writes it: `all`, `odd`, `even`, `last`, a page `2`, a
/// range `2-4`, an open range `2-` or `2-last`, or a comma list of these (`1,3-5,last`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodePages {
    items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    All,
    Odd,
    Even,
    Last,
    /// Pages `from..=to` (counted from 1); `to: None` runs to the last page.
    Range {
        from: usize,
        to: Option<usize>,
    },
}

impl Default for CodePages {
    fn default() -> CodePages {
        CodePages {
            items: vec![Item::All],
        }
    }
}

impl CodePages {
    /// Whether page `page` (from 1) of a document of `pages` pages must carry a code.
    pub fn contains(&self, page: usize, pages: usize) -> bool {
        self.items.iter().any(|item| match *item {
            Item::All => true,
            Item::Odd => !page.is_multiple_of(2),
            Item::Even => page.is_multiple_of(2),
            Item::Last => page == pages,
            Item::Range { from, to } => page >= from && to.is_none_or(|to| page <= to),
        })
    }

    /// Whether every page must carry a code (the default).
    pub fn is_all(&self) -> bool {
        self.items.contains(&Item::All)
    }
}

/// A `--code-pages` value that is not a page set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{part:?} is not a page set; write all, odd, even, last, a page (2), a range (2-4, 2-, 2-last) or a comma list (1,3-5)"
)]
pub struct CodePagesError {
    /// The part that could not be read.
    pub part: String,
}

impl FromStr for CodePages {
    type Err = CodePagesError;

    fn from_str(text: &str) -> Result<CodePages, CodePagesError> {
        let page = |text: &str| text.trim().parse::<usize>().ok().filter(|&p| p >= 1);
        let items = text
            .split(',')
            .map(|part| {
                let error = || CodePagesError {
                    part: part.trim().to_owned(),
                };
                match part.trim().to_ascii_lowercase().as_str() {
                    "all" => Ok(Item::All),
                    "odd" => Ok(Item::Odd),
                    "even" => Ok(Item::Even),
                    "last" => Ok(Item::Last),
                    other => match other.split_once('-') {
                        None => page(other)
                            .map(|p| Item::Range {
                                from: p,
                                to: Some(p),
                            })
                            .ok_or_else(error),
                        Some((from, to)) => {
                            let from = page(from).ok_or_else(error)?;
                            let to = match to.trim() {
                                "" | "last" => None,
                                to => Some(page(to).filter(|&to| to >= from).ok_or_else(error)?),
                            };
                            Ok(Item::Range { from, to })
                        }
                    },
                }
            })
            .collect::<Result<Vec<Item>, CodePagesError>>()?;
        Ok(CodePages { items })
    }
}

impl fmt::Display for CodePages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .items
            .iter()
            .map(|item| match *item {
                Item::All => "all".into(),
                Item::Odd => "odd".into(),
                Item::Even => "even".into(),
                Item::Last => "last".into(),
                Item::Range { from, to: None } => format!("{from}-"),
                Item::Range { from, to: Some(to) } if to == from => from.to_string(),
                Item::Range { from, to: Some(to) } => format!("{from}-{to}"),
            })
            .collect();
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sets_as_written() {
        // Pages 1 to 6 of a six-page document that must carry a code.
        for (text, expected) in [
            ("all", [true, true, true, true, true, true]),
            ("odd", [true, false, true, false, true, false]),
            ("even", [false, true, false, true, false, true]),
            ("1", [true, false, false, false, false, false]),
            ("2-", [false, true, true, true, true, true]),
            ("2-last", [false, true, true, true, true, true]),
            ("last", [false, false, false, false, false, true]),
            ("2-3,last", [false, true, true, false, false, true]),
            (" 1 , 4 ", [true, false, false, true, false, false]),
            ("ODD", [true, false, true, false, true, false]),
        ] {
            let pages: CodePages = text.parse().expect(text);
            let got: Vec<bool> = (1..=6).map(|p| pages.contains(p, 6)).collect();
            assert_eq!(got, expected, "{text}");
        }
        for bad in ["", "0", "3-2", "first", "1;2", "-3", "2-x"] {
            assert!(bad.parse::<CodePages>().is_err(), "{bad:?}");
        }
        assert_eq!(
            "2-3,last,5-"
                .parse::<CodePages>()
                .expect("valid")
                .to_string(),
            "2-3,last,5-"
        );
        assert!(CodePages::default().is_all());
    }
}
