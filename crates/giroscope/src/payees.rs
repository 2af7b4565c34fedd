//! Trusted payees: the accounts a town (or whoever runs the check) really pays into.
//!
//! Fake QR stickers on parking notices and meters are a known fraud: the code is a perfectly
//! valid GiroCode, only to someone else's account. A list of the operator's own accounts turns
//! that into a finding: `PAYEE-CONFIRMED` (information) for a code paying a listed IBAN,
//! `PAYEE-UNKNOWN` (error) for one paying elsewhere. It does not replace the bank's own
//! Verification of Payee, which compares the name with the account holder.
//!
//! Since October 2025 every bank in the euro area compares the beneficiary name of a
//! transfer with the account holder's (Verification of Payee) and shows the payer a warning
//! when they differ. The list names each account's holder, so a code paying a listed account
//! is compared the way banks compare ([`compare_names`]): the same name says nothing more, a
//! close one (`PAYEE-NAME-CLOSE`) and a different one (`PAYEE-NAME-MISMATCH`) warn the issuer
//! that citizens will see the bank's warning, and which name to use. Banks' own rules vary;
//! these are the common ones.
//!
//! The list is CSV, one account a line: `iban,name,note` (the note is optional, a header line
//! `iban,name,note` may come first, lines starting with `#` are comments). IBANs may be written
//! with spaces and in lower case. It may be at most [`Payees::MAX_BYTES`] long and list at
//! most [`Payees::MAX_ENTRIES`] accounts.

use std::collections::HashMap;

use crate::Verified;
use crate::finding::{Field, Finding, Severity};
use crate::report::CodeKind;
use crate::rules;

/// One of the operator's own accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payee {
    /// The IBAN in electronic format (no spaces, upper case).
    pub iban: String,
    /// Whose account it is, as citizens should read it: `Stadtkasse Musterstadt`.
    pub name: String,
    /// What the account is for, e.g. `Parkgebühren`.
    pub note: Option<String>,
}

impl Payee {
    /// The name with its note, as the page shows it: `Stadtkasse Musterstadt (Parkgebühren)`.
    pub fn label(&self) -> String {
        match &self.note {
            Some(note) => format!("{} ({note})", self.name),
            None => self.name.clone(),
        }
    }
}

/// A list of trusted payees, looked up by IBAN.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Payees {
    by_iban: HashMap<String, Payee>,
}

/// A payee list that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PayeesError {
    /// A line that is not an account (or not text).
    #[error("payee list line {line}: {message}")]
    Line {
        /// Line in the file, counted from 1.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The list is longer than [`Payees::MAX_BYTES`].
    #[error(
        "the payee list is larger than {limit} bytes (1 MiB); it lists the operator's own accounts, at most {}",
        Payees::MAX_ENTRIES
    )]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The list holds more than [`Payees::MAX_ENTRIES`] accounts.
    #[error(
        "payee list line {line}: more than {limit} accounts; the list holds the operator's own accounts only"
    )]
    TooMany {
        /// The line of the first account over the limit, counted from 1.
        line: u64,
        /// The limit.
        limit: usize,
    },
    /// The list could not be read.
    #[error("the payee list cannot be read: {detail}")]
    Read {
        /// What the system said.
        detail: String,
    },
}

impl Payees {
    /// The largest payee list, in bytes: 1 MiB. A town pays into a few dozen accounts of its
    /// own, a city's offices into a few hundred; [`Payees::MAX_ENTRIES`] lines of IBAN, a
    /// 70-character name and a note fit in 1 MiB. The list is held in memory for the life of
    /// a server, so its size is bounded like every other input (a 33 MB list took 445 MB).
    pub const MAX_BYTES: u64 = 1024 * 1024;
    /// The most accounts a payee list may hold: 10,000, far more than any operator's own
    /// accounts. At the limit the list takes about 3 MB of memory.
    pub const MAX_ENTRIES: usize = 10_000;

    /// Reads a payee list, stopping after [`Payees::MAX_BYTES`]: a file too large is refused
    /// without reading it whole.
    ///
    /// # Errors
    /// As [`Payees::parse`]; [`PayeesError::Read`] when reading fails, and
    /// [`PayeesError::Line`] for bytes that are not UTF-8.
    pub fn read(reader: impl std::io::Read) -> Result<Payees, PayeesError> {
        use std::io::Read;
        let mut bytes = Vec::new();
        reader
            .take(Payees::MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| PayeesError::Read {
                detail: error.to_string(),
            })?;
        if bytes.len() as u64 > Payees::MAX_BYTES {
            return Err(PayeesError::TooLarge {
                limit: Payees::MAX_BYTES,
            });
        }
        let text = String::from_utf8(bytes).map_err(|error| {
            let before = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            PayeesError::Line {
                line: before.iter().filter(|&&b| b == b'\n').count() as u64 + 1,
                message: "not UTF-8 text".into(),
            }
        })?;
        Payees::parse(&text)
    }

    /// Parses a payee list.
    ///
    /// # Errors
    /// A [`PayeesError`] for the first line that is not `iban,name[,note]` with a valid IBAN
    /// and a name, for an IBAN listed twice, for a list without any account, and for a list
    /// over [`Payees::MAX_BYTES`] or [`Payees::MAX_ENTRIES`].
    pub fn parse(text: &str) -> Result<Payees, PayeesError> {
        if text.len() as u64 > Payees::MAX_BYTES {
            return Err(PayeesError::TooLarge {
                limit: Payees::MAX_BYTES,
            });
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut by_iban = HashMap::new();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|error| PayeesError::Line {
                line: error.position().map_or(index as u64 + 1, |p| p.line()),
                message: error.to_string(),
            })?;
            let line = record.position().map_or(index as u64 + 1, |p| p.line());
            let fail = |message: String| PayeesError::Line { line, message };
            let cell = |i: usize| record.get(i).filter(|c| !c.is_empty());
            if by_iban.is_empty() && cell(0).is_some_and(|c| c.eq_ignore_ascii_case("iban")) {
                continue;
            }
            if record.len() > 3 {
                return Err(fail(format!(
                    "{} columns; expected iban,name and an optional note",
                    record.len()
                )));
            }
            let written = cell(0).ok_or_else(|| fail("the IBAN is empty".into()))?;
            let iban: String = written
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_uppercase())
                .collect();
            if let Err(error) = iban.parse::<iban::Iban>() {
                let written = crate::finding::echo(written);
                return Err(fail(format!("{written:?} is not a valid IBAN ({error})")));
            }
            let name = cell(1).ok_or_else(|| fail("the name is empty".into()))?;
            let payee = Payee {
                iban: iban.clone(),
                name: name.to_owned(),
                note: cell(2).map(str::to_owned),
            };
            if by_iban.len() == Payees::MAX_ENTRIES && !by_iban.contains_key(&iban) {
                return Err(PayeesError::TooMany {
                    line,
                    limit: Payees::MAX_ENTRIES,
                });
            }
            if by_iban.insert(iban.clone(), payee).is_some() {
                return Err(fail(format!("{iban} is listed twice")));
            }
        }
        if by_iban.is_empty() {
            return Err(PayeesError::Line {
                line: 1,
                message: "the list holds no account".into(),
            });
        }
        Ok(Payees { by_iban })
    }

    /// The payee an IBAN (electronic format) belongs to.
    pub fn get(&self, iban: &str) -> Option<&Payee> {
        self.by_iban.get(iban)
    }

    /// How many accounts the list holds.
    pub fn len(&self) -> usize {
        self.by_iban.len()
    }

    /// Whether the list holds no account (never true for a parsed list).
    pub fn is_empty(&self) -> bool {
        self.by_iban.is_empty()
    }

    /// Adds to every GiroCode in `verified` whether it pays a listed account. A code whose
    /// IBAN is already wrong gets no second finding about it.
    pub fn check(&self, verified: &mut Verified) {
        for code in &mut verified.codes {
            if code.kind != CodeKind::GiroCode {
                continue;
            }
            let iban_failed = code
                .findings
                .iter()
                .any(|f| f.rule.field == Field::Iban && f.rule.severity == Severity::Error);
            let Some(iban) = code.fields.iban.clone() else {
                continue;
            };
            if iban_failed {
                continue;
            }
            let on_line = |finding: Finding, number: usize| match code.lines.get(number - 1) {
                Some(line) => {
                    let span = line.spans.first().map_or(0, |s| s.start)
                        ..line.spans.last().map_or(0, |s| s.end);
                    finding.at(number, span)
                }
                None => finding,
            };
            let mut findings = Vec::new();
            match self.get(&iban) {
                Some(payee) => {
                    // On the IBAN's line, where the other IBAN findings are.
                    findings.push(on_line(
                        Finding::new(&rules::PAYEE_CONFIRMED).with("payee", payee.label()),
                        7,
                    ));
                    let name = code.fields.name.as_deref().unwrap_or_default();
                    let rule = match compare_names(name, &payee.name) {
                        NameMatch::Exact => None,
                        NameMatch::Close => Some(&rules::PAYEE_NAME_CLOSE),
                        NameMatch::Different => Some(&rules::PAYEE_NAME_MISMATCH),
                    };
                    if let Some(rule) = rule
                        && !name.is_empty()
                    {
                        findings.push(on_line(
                            Finding::new(rule)
                                .with("name", name)
                                .with("holder", &payee.name),
                            6,
                        ));
                    }
                }
                None => findings.push(on_line(
                    Finding::new(&rules::PAYEE_UNKNOWN)
                        .with("iban", crate::render::human::group_by_four(&iban)),
                    7,
                )),
            }
            code.add_findings(findings);
        }
    }
}

/// How a beneficiary name compares with an account holder's, as banks' Verification of Payee
/// tells the payer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// The same name: the bank says nothing.
    Exact,
    /// The same name but for case, spaces, punctuation, umlauts written out (ü/ue, ß/ss),
    /// accents, or a legal-form word (GmbH, e. V., AöR, …): the bank shows the holder's name
    /// and asks the payer to confirm.
    Close,
    /// Another name: the bank warns that the account may not belong to the beneficiary.
    Different,
}

/// Legal-form words banks leave out when they compare names.
const LEGAL_FORMS: [&str; 16] = [
    "gmbh",
    "mbh",
    "ggmbh",
    "ag",
    "kg",
    "ohg",
    "ug",
    "haftungsbeschrankt",
    "ev",
    "eg",
    "kdor",
    "aor",
    "se",
    "co",
    "gbr",
    "mbb",
];

/// Compares a code's beneficiary name with the account holder's.
pub fn compare_names(name: &str, holder: &str) -> NameMatch {
    if name.trim() == holder.trim() {
        return NameMatch::Exact;
    }
    if comparable(name) == comparable(holder) {
        NameMatch::Close
    } else {
        NameMatch::Different
    }
}

/// A name as banks compare it: lower case, umlauts and ß written out, accents dropped,
/// punctuation a space, legal-form words left out, words single-spaced.
fn comparable(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'æ' => plain.push_str("ae"),
            'ö' | 'ø' | 'œ' => plain.push_str("oe"),
            'ü' => plain.push_str("ue"),
            'ß' => plain.push_str("ss"),
            'à' | 'á' | 'â' | 'ã' | 'å' => plain.push('a'),
            'ç' => plain.push('c'),
            'è' | 'é' | 'ê' | 'ë' => plain.push('e'),
            'ì' | 'í' | 'î' | 'ï' => plain.push('i'),
            'ñ' => plain.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' => plain.push('o'),
            'ù' | 'ú' | 'û' => plain.push('u'),
            'ý' | 'ÿ' => plain.push('y'),
            // "e. V.", "G.m.b.H.": the dots go, the letters stay together.
            '.' => {}
            c if c.is_alphanumeric() => plain.push(c),
            _ => plain.push(' '),
        }
    }
    // Letters standing alone ("e V", "G m b H") are one abbreviation.
    let mut words: Vec<String> = Vec::new();
    let mut single = false;
    for word in plain.split_whitespace() {
        let letter = word.chars().count() == 1;
        match words.last_mut() {
            Some(last) if letter && single => last.push_str(word),
            _ => words.push(word.to_string()),
        }
        single = letter;
    }
    words
        .iter()
        .filter(|word| {
            // "haftungsbeschränkt" is written out before the legal forms are compared.
            let bare = word
                .replace("ae", "a")
                .replace("oe", "o")
                .replace("ue", "u");
            !LEGAL_FORMS.contains(&bare.as_str()) && !LEGAL_FORMS.contains(&word.as_str())
        })
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "iban,name,note\n\
        # the town's accounts\n\
        de02 1203 0000 0000 2020 51,Stadtkasse Musterstadt,Parkgebühren\n\
        DE89370400440532013000, Stadtwerke Musterstadt\n";

    #[test]
    fn names_compare_as_banks_verification_of_payee_does() {
        use NameMatch::{Close, Different, Exact};
        for (name, holder, expected) in [
            ("Stadtkasse Düren", "Stadtkasse Düren", Exact),
            (" Stadtkasse Düren ", "Stadtkasse Düren", Exact),
            ("STADTKASSE DÜREN", "Stadtkasse Düren", Close),
            ("Stadtkasse Dueren", "Stadtkasse Düren", Close),
            ("Stadtkasse  Düren", "Stadtkasse Düren", Close),
            ("Stadtkasse Düren.", "Stadtkasse Düren", Close),
            (
                "Stadtwerke Musterstadt",
                "Stadtwerke Musterstadt GmbH",
                Close,
            ),
            (
                "Förderverein Freibad e.V.",
                "Foerderverein Freibad e. V.",
                Close,
            ),
            ("Kreißsaal Süd", "Kreisssaal Sued", Close),
            ("Café Rosé UG (haftungsbeschränkt)", "Cafe Rose", Close),
            ("Stadtkasse Düren", "Stadtkasse Jülich", Different),
            ("Stadt Düren", "Stadtkasse Düren", Different),
            ("Kreis Düren", "Düren Kreis", Different),
            ("Musterstadt AG", "Musterstadt KG", Close),
        ] {
            assert_eq!(
                compare_names(name, holder),
                expected,
                "{name:?} / {holder:?}"
            );
        }
    }

    #[test]
    fn parses_a_list_with_header_comments_spaces_and_optional_notes() {
        let payees = Payees::parse(LIST).expect("valid list");
        assert_eq!(payees.len(), 2);
        let town = payees.get("DE02120300000000202051").expect("listed");
        assert_eq!(town.label(), "Stadtkasse Musterstadt (Parkgebühren)");
        let works = payees.get("DE89370400440532013000").expect("listed");
        assert_eq!(works.label(), "Stadtwerke Musterstadt");
        assert!(payees.get("DE12500105170648489890").is_none());
    }

    #[test]
    fn a_malformed_list_names_its_line() {
        for (text, line, words) in [
            (
                "iban,name\nDE02120300000000202052,Stadtkasse\n",
                2,
                "not a valid IBAN",
            ),
            ("DE02120300000000202051,\n", 1, "the name is empty"),
            (",Stadtkasse\n", 1, "the IBAN is empty"),
            (
                "DE02120300000000202051,A\nDE02120300000000202051,B\n",
                2,
                "listed twice",
            ),
            ("DE02120300000000202051,A,b,c\n", 1, "4 columns"),
            ("iban,name,note\n", 1, "no account"),
            ("", 1, "no account"),
        ] {
            let error = Payees::parse(text).expect_err(text);
            let PayeesError::Line {
                line: found,
                message,
            } = &error
            else {
                panic!("{text:?}: {error}");
            };
            assert_eq!(*found, line, "{text:?}: {error}");
            assert!(message.contains(words), "{text:?}: {error}");
        }
    }

    /// A German IBAN with valid check digits for account `n`.
    fn iban(n: u64) -> String {
        let bban = format!("37040044{n:010}");
        // Check digits: the BBAN, then DE as 1314 and 00, modulo 97 (ISO 13616).
        let digits = format!("{bban}131400");
        let rest = digits
            .bytes()
            .fold(0u64, |rest, d| (rest * 10 + u64::from(d - b'0')) % 97);
        format!("DE{:02}{bban}", 98 - rest)
    }

    /// `entries` accounts, padded with a comment line to exactly `bytes` bytes.
    fn list(entries: usize, bytes: usize) -> String {
        let mut text = String::from("iban,name,note\n");
        for n in 0..entries {
            text.push_str(&format!("{},Stadtkasse,Konto {n}\n", iban(n as u64)));
        }
        let padding = bytes - text.len() - 2;
        text.push('#');
        text.push_str(&"x".repeat(padding));
        text.push('\n');
        text
    }

    #[test]
    fn a_list_may_hold_max_entries_accounts_in_max_bytes() {
        let max_bytes = Payees::MAX_BYTES as usize;
        let full = list(Payees::MAX_ENTRIES, max_bytes);
        assert_eq!(full.len(), max_bytes);
        let payees = Payees::read(full.as_bytes()).expect("at both limits");
        assert_eq!(payees.len(), Payees::MAX_ENTRIES);
        assert!(payees.get(&iban(9_999)).is_some());
        let one_byte_more = list(Payees::MAX_ENTRIES, max_bytes + 1);
        for error in [
            Payees::read(one_byte_more.as_bytes()).expect_err("a byte too many"),
            Payees::parse(&one_byte_more).expect_err("a byte too many"),
        ] {
            assert_eq!(
                error,
                PayeesError::TooLarge {
                    limit: Payees::MAX_BYTES
                }
            );
            assert_eq!(
                error.to_string(),
                "the payee list is larger than 1048576 bytes (1 MiB); it lists the operator's own accounts, at most 10000"
            );
        }
        let one_account_more = list(Payees::MAX_ENTRIES + 1, max_bytes);
        let error = Payees::read(one_account_more.as_bytes()).expect_err("an account too many");
        // The header is line 1, so the 10,001st account is on line 10,002.
        assert_eq!(
            error.to_string(),
            "payee list line 10002: more than 10000 accounts; the list holds the operator's own accounts only"
        );
    }

    #[test]
    fn a_list_that_is_not_utf8_names_its_line() {
        let error = Payees::read(&b"iban,name\nDE02120300000000202051,M\xFCller\n"[..])
            .expect_err("Windows-1252");
        assert_eq!(error.to_string(), "payee list line 2: not UTF-8 text");
    }
}
