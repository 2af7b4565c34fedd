//! Checked domain types: values that cannot be built wrong.
//!
//! Each type's parser *is* the check for its field: the checker maps a parser's error to a
//! finding, and a value that parsed is known to satisfy its rules. A [`GiroCode`] is only built
//! from a payload without error findings.

use std::fmt;

use rust_decimal::Decimal;

use crate::payload::charset::Charset;

/// The data-format version in line 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// `001`: BIC always mandatory.
    V001,
    /// `002`: BIC optional inside the EEA.
    V002,
}

impl Version {
    /// Parses line 2: exactly `001` or `002`.
    pub fn parse(line: &str) -> Option<Version> {
        match line {
            "001" => Some(Version::V001),
            "002" => Some(Version::V002),
            _ => None,
        }
    }

    /// The line-2 text.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V001 => "001",
            Version::V002 => "002",
        }
    }
}

/// A BIC (ISO 9362) in its one valid written form: 8 or 11 upper-case letters and digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Bic(String);

/// Why a line is not a BIC, in the order the checks apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BicError {
    /// Contains whitespace; carries the value without it.
    Whitespace(String),
    /// Contains lower-case letters; carries the upper-cased value.
    LowerCase(String),
    /// Wrong length or shape.
    Format,
    /// Characters 5–6 are no ISO 3166-1 country code; carries them.
    Country(String),
}

impl Bic {
    /// Parses a raw line 5.
    ///
    /// # Errors
    /// A [`BicError`] for the first rule the line breaks.
    pub fn parse(line: &str) -> Result<Bic, BicError> {
        if line.chars().any(char::is_whitespace) {
            return Err(BicError::Whitespace(
                line.chars().filter(|c| !c.is_whitespace()).collect(),
            ));
        }
        if line.chars().any(|c| c.is_ascii_lowercase()) {
            return Err(BicError::LowerCase(line.to_ascii_uppercase()));
        }
        let bytes = line.as_bytes();
        let upper_alnum = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit();
        let shaped = matches!(bytes.len(), 8 | 11)
            && bytes.iter().all(upper_alnum)
            && bytes[4..6].iter().all(u8::is_ascii_uppercase);
        if !shaped {
            return Err(BicError::Format);
        }
        let country = &line[4..6];
        if !is_country(country) {
            return Err(BicError::Country(country.to_owned()));
        }
        Ok(Bic(line.to_owned()))
    }

    /// The two-letter country code (characters 5–6).
    pub fn country(&self) -> &str {
        &self.0[4..6]
    }

    /// The BIC as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An amount in euro: 0.01 ≤ amount ≤ 999999999.99, at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount(Decimal);

/// Why line 8 is not a valid amount, in the order the checks apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Starts with a digit: the `EUR` prefix is missing.
    NoCurrency,
    /// Starts with something other than `EUR`; carries the first three characters.
    Currency(String),
    /// `EUR12,50`; carries the amount with a decimal point.
    DecimalComma(String),
    /// Anything else that is not `EUR` + 1–12 digits with an optional `.` and 1–2 decimals.
    Format,
    /// Below 0.01 or above 999999999.99; carries the number as written.
    Range(String),
}

/// Largest amount EPC069-12 allows, in cents.
const MAX_CENTS: i64 = 99_999_999_999;

impl Amount {
    /// Parses a non-empty line 8. Returns the amount and whether it was written with leading
    /// zeros (allowed, but worth a warning).
    ///
    /// # Errors
    /// An [`AmountError`] for the first rule the line breaks.
    pub fn parse(line: &str) -> Result<(Amount, bool), AmountError> {
        let Some(number) = line.strip_prefix("EUR") else {
            return Err(match line.chars().next() {
                Some(c) if c.is_ascii_digit() || c == '.' || c == ',' => AmountError::NoCurrency,
                _ => AmountError::Currency(line.chars().take(3).collect()),
            });
        };
        let (integer, fraction, separator) = match number.find(['.', ',']) {
            Some(at) => (&number[..at], Some(&number[at + 1..]), &number[at..at + 1]),
            None => (number, None, ""),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let well_formed = digits(integer)
            && fraction.is_none_or(|f| digits(f) && f.len() <= 2)
            && number.len() <= 12;
        if !well_formed {
            return Err(AmountError::Format);
        }
        if separator == "," {
            return Err(AmountError::DecimalComma(format!(
                "EUR{integer}.{}",
                fraction.unwrap_or("")
            )));
        }
        // Digits only and at most 12 characters: fits i64 cents without overflow.
        let mut cents: i64 = 0;
        for b in integer.bytes() {
            cents = cents * 10 + i64::from(b - b'0');
        }
        let fraction = fraction.unwrap_or("");
        let fraction_cents = match fraction.as_bytes() {
            [] => 0,
            [tens] => i64::from(tens - b'0') * 10,
            [tens, ones, ..] => i64::from(tens - b'0') * 10 + i64::from(ones - b'0'),
        };
        cents = cents * 100 + fraction_cents;
        if !(1..=MAX_CENTS).contains(&cents) {
            return Err(AmountError::Range(number.to_owned()));
        }
        let leading_zeros = integer.len() > 1 && integer.starts_with('0');
        Ok((Amount(Decimal::new(cents, 2)), leading_zeros))
    }

    /// The amount in euro, with exactly two decimals.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// The amount in cents.
    pub fn cents(self) -> i64 {
        // In range by construction: at most 99_999_999_999 cents.
        (self.0 * Decimal::ONE_HUNDRED).trunc().mantissa() as i64
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

/// An ISO 20022 ExternalPurpose1Code (line 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Purpose(&'static str);

/// The ExternalPurpose1Code list, release 4Q2023 (328 codes), sorted, one per line.
const PURPOSE_CODES: &str = include_str!("purpose-codes.txt");

impl Purpose {
    /// Looks `code` up in the compiled-in code list; exact, case-sensitive.
    pub fn parse(code: &str) -> Option<Purpose> {
        static CODES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        let codes = CODES.get_or_init(|| PURPOSE_CODES.lines().collect());
        codes
            .binary_search(&code)
            .ok()
            .map(|index| Purpose(codes[index]))
    }

    /// The four-letter code.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

/// An ISO 11649 creditor reference (`RF` + check digits + up to 21 characters), electronic form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditorReference(String);

impl CreditorReference {
    /// Whether a line-10 value claims to be an RF reference: `RF` and two digits, spaces
    /// ignored.
    pub fn claims(value: &str) -> bool {
        let compact: Vec<u8> = value.bytes().filter(|b| *b != b' ').take(4).collect();
        compact.len() == 4
            && compact[..2].eq_ignore_ascii_case(b"RF")
            && compact[2..].iter().all(u8::is_ascii_digit)
    }

    /// Parses an electronic-format reference (no spaces).
    pub fn parse(value: &str) -> Option<CreditorReference> {
        let bytes = value.as_bytes();
        let shaped = (5..=25).contains(&bytes.len())
            && bytes.starts_with(b"RF")
            && bytes[2..4].iter().all(u8::is_ascii_digit)
            && bytes[4..]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        (shaped && mod97(bytes[4..].iter().chain(&bytes[..4])) == 1)
            .then(|| CreditorReference(value.to_owned()))
    }

    /// The reference as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// ISO 7064 mod 97-10 over alphanumerics, letters counting A = 10 … Z = 35.
fn mod97<'a>(chars: impl Iterator<Item = &'a u8>) -> u32 {
    chars.fold(0, |remainder, &b| {
        let value = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            _ => u32::from(b.to_ascii_uppercase() - b'A') + 10,
        };
        if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        }
    })
}

/// The remittance information: at most one of line 10 and line 11.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Remittance {
    /// Neither line is populated.
    None,
    /// Line 10, a structured reference (RF or other).
    Reference(String),
    /// Line 11, unstructured text.
    Text(String),
}

/// A GiroCode without error findings, as its fields' checked types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiroCode {
    pub(crate) version: Version,
    pub(crate) charset: Charset,
    pub(crate) bic: Option<Bic>,
    pub(crate) name: String,
    pub(crate) iban: iban::Iban,
    pub(crate) amount: Option<Amount>,
    pub(crate) purpose: Option<Purpose>,
    pub(crate) remittance: Remittance,
    pub(crate) information: Option<String>,
}

impl GiroCode {
    /// The data-format version.
    pub fn version(&self) -> Version {
        self.version
    }
    /// The declared charset.
    pub fn charset(&self) -> Charset {
        self.charset
    }
    /// The beneficiary's BIC, if given.
    pub fn bic(&self) -> Option<&Bic> {
        self.bic.as_ref()
    }
    /// The beneficiary's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The beneficiary's IBAN.
    pub fn iban(&self) -> &iban::Iban {
        &self.iban
    }
    /// The amount, if given.
    pub fn amount(&self) -> Option<Amount> {
        self.amount
    }
    /// The purpose code, if given.
    pub fn purpose(&self) -> Option<Purpose> {
        self.purpose
    }
    /// The remittance information.
    pub fn remittance(&self) -> &Remittance {
        &self.remittance
    }
    /// The beneficiary-to-originator information, if given.
    pub fn information(&self) -> Option<&str> {
        self.information.as_deref()
    }
}

/// ISO 3166-1 alpha-2 codes, all 249 officially assigned, plus XK (Kosovo), which SWIFT uses
/// in BICs (spec §6.2). Sorted.
const COUNTRIES: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Whether `code` is an ISO 3166-1 alpha-2 country code (or XK).
pub fn is_country(code: &str) -> bool {
    COUNTRIES.binary_search(&code).is_ok()
}

/// Whether a normalised line 7 has the shape of an IBAN: two letters, two digits, then up to
/// 30 letters or digits (spec §6.1); the length for its country is checked apart.
pub fn iban_shaped(iban: &str) -> bool {
    let bytes = iban.as_bytes();
    (5..=34).contains(&bytes.len())
        && bytes[..2].iter().all(u8::is_ascii_uppercase)
        && bytes[2..4].iter().all(u8::is_ascii_digit)
        && bytes[4..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// An IBAN-shaped value with its check digits recomputed (ISO 7064 mod 97-10), so that its
/// country and layout can be judged whatever its check digits say.
pub fn with_check_digits(iban: &str) -> String {
    let (country, rest) = iban.split_at(2);
    let bban = &rest[2..];
    let remainder = mod97(
        bban.as_bytes()
            .iter()
            .chain(country.as_bytes())
            .chain(b"00"),
    );
    format!("{country}{:02}{bban}", 98 - remainder)
}

/// IBAN countries inside the EEA, with their IBAN lengths (spec §6.1).
pub const EEA_IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("HR", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DK", 18),
    ("EE", 20),
    ("FI", 18),
    ("FR", 27),
    ("DE", 22),
    ("GR", 27),
    ("HU", 28),
    ("IE", 22),
    ("IT", 27),
    ("LV", 21),
    ("LT", 20),
    ("LU", 20),
    ("MT", 31),
    ("NL", 18),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SK", 24),
    ("SI", 19),
    ("ES", 24),
    ("SE", 24),
    ("IS", 26),
    ("LI", 21),
    ("NO", 15),
];

/// IBAN countries in SEPA but outside the EEA, where version 002 still needs a BIC (spec §6.1).
pub const NON_EEA_SEPA_IBAN_LENGTHS: &[(&str, usize)] = &[
    ("CH", 21),
    ("GB", 22),
    ("GI", 23),
    ("MC", 27),
    ("SM", 27),
    ("AD", 24),
    ("VA", 22),
    ("AL", 28),
    ("ME", 22),
    ("MD", 24),
    ("MK", 19),
    ("RS", 22),
];

/// The IBAN length of a SEPA country, `None` outside SEPA.
pub fn sepa_iban_length(country: &str) -> Option<usize> {
    EEA_IBAN_LENGTHS
        .iter()
        .chain(NON_EEA_SEPA_IBAN_LENGTHS)
        .find(|(code, _)| *code == country)
        .map(|(_, length)| *length)
}

/// Whether an IBAN country is in SEPA but outside the EEA.
pub fn is_non_eea_sepa(country: &str) -> bool {
    NON_EEA_SEPA_IBAN_LENGTHS
        .iter()
        .any(|(code, _)| *code == country)
}

/// Whether a BIC country plausibly belongs to an IBAN country: equal, or a territory that uses
/// its parent's IBANs (spec §6.1, §6.2).
pub fn bic_country_fits(bic_country: &str, iban_country: &str) -> bool {
    bic_country == iban_country
        || matches!(
            (iban_country, bic_country),
            ("GB", "GG" | "JE" | "IM")
                | ("FI", "AX")
                | (
                    "FR",
                    "GF" | "GP" | "MQ" | "RE" | "YT" | "PM" | "BL" | "MF" | "MC"
                )
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_follows_spec_table_6_6() {
        use AmountError::*;
        let ok = |s: &str| Amount::parse(s).map(|(a, z)| (a.to_string(), z));
        for (line, expected) in [
            ("EUR0.01", Ok(("0.01".to_string(), false))),
            ("EUR999999999.99", Ok(("999999999.99".to_string(), false))),
            ("EUR12", Ok(("12.00".to_string(), false))),
            ("EUR12.3", Ok(("12.30".to_string(), false))),
            ("EUR12.30", Ok(("12.30".to_string(), false))),
            ("EUR0012.50", Ok(("12.50".to_string(), true))),
            ("EUR", Err(Format)),
            ("EUR0", Err(Range("0".into()))),
            ("EUR0.00", Err(Range("0.00".into()))),
            ("EUR0.001", Err(Format)),
            ("EUR1000000000", Err(Range("1000000000".into()))),
            ("EUR12.345", Err(Format)),
            ("EUR123.", Err(Format)),
            ("EUR.50", Err(Format)),
            ("EUR1.2.3", Err(Format)),
            ("EUR12,50", Err(DecimalComma("EUR12.50".into()))),
            ("EUR 12.50", Err(Format)),
            ("eur12.50", Err(Currency("eur".into()))),
            ("EUR+5", Err(Format)),
            ("EUR-5", Err(Format)),
            ("EUR1e3", Err(Format)),
            ("EUR1 000", Err(Format)),
            ("12.50", Err(NoCurrency)),
            ("USD12.50", Err(Currency("USD".into()))),
            ("EUR0000000000012", Err(Format)),
        ] {
            assert_eq!(ok(line), expected, "{line}");
        }
    }

    #[test]
    fn amount_cents_round_trip() {
        let (amount, _) = Amount::parse("EUR999999999.99").unwrap();
        assert_eq!(amount.cents(), MAX_CENTS);
    }

    #[test]
    fn country_codes_are_sorted_and_complete() {
        assert!(COUNTRIES.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(COUNTRIES.len(), 250);
        for code in ["DE", "XK", "AX", "GG"] {
            assert!(is_country(code), "{code}");
        }
        for code in ["XX", "EF", "UK", "EU", "DD"] {
            assert!(!is_country(code), "{code}");
        }
    }

    #[test]
    fn recomputed_check_digits_pass_mod97() {
        for iban in ["DE00120300000000202051", "DE99120300000000202051"] {
            assert_eq!(with_check_digits(iban), "DE02120300000000202051");
        }
    }

    #[test]
    fn bic_checks_whitespace_then_case_then_shape_then_country() {
        for (line, expected) in [
            ("COBADEFFXXX", Ok(())),
            ("COBADEFF", Ok(())),
            ("COBA DEFF", Err(BicError::Whitespace("COBADEFF".into()))),
            ("cobadeff", Err(BicError::LowerCase("COBADEFF".into()))),
            ("COBADEF", Err(BicError::Format)),
            ("COBA1EFF", Err(BicError::Format)),
            ("COBA_DEFF", Err(BicError::Format)),
            ("COBADEFFXX", Err(BicError::Format)),
            ("BFSWXX33", Err(BicError::Country("XX".into()))),
            ("ABCDEFGH", Err(BicError::Country("EF".into()))),
        ] {
            assert_eq!(Bic::parse(line).map(|_| ()), expected, "{line}");
        }
    }

    #[test]
    fn creditor_reference_iso_11649() {
        assert!(CreditorReference::parse("RF18539007547034").is_some());
        assert!(CreditorReference::parse("RF17539007547034").is_none());
        assert!(CreditorReference::parse("RF18 5390 0754 7034").is_none());
        assert!(CreditorReference::parse("RF18").is_none());
        assert!(CreditorReference::claims("RF18 5390"));
        assert!(!CreditorReference::claims("RFID-42"));
    }

    #[test]
    fn purpose_codes_are_compiled_in_and_sorted() {
        let codes: Vec<&str> = PURPOSE_CODES.lines().collect();
        assert_eq!(codes.len(), 328);
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(Purpose::parse("GDDS").is_some());
        assert!(Purpose::parse("gdds").is_none());
        assert!(Purpose::parse("ABCD").is_none());
    }
}
