use giroscope::CodeReport;

use crate::util::{BASE, with_lines};

/// How a case's payload is made from the valid BASE payload.
enum Make<'a> {
    /// BASE unchanged.
    Base,
    /// BASE with lines replaced.
    Lines(&'a [(usize, &'a str)]),
    /// BASE with every LF replaced.
    Separator(&'static str),
    /// BASE followed by these bytes.
    Append(&'static str),
    /// Exactly these bytes.
    Raw(&'a [u8]),
}

#[track_caller]
fn check(make: Make<'_>, expected: &[&str]) {
    let bytes = match make {
        Make::Base => with_lines(&[]),
        Make::Lines(changes) => with_lines(changes),
        Make::Separator(separator) => BASE.join(separator).into_bytes(),
        Make::Append(tail) => [with_lines(&[]), tail.as_bytes().to_vec()].concat(),
        Make::Raw(bytes) => bytes.to_vec(),
    };
    let report = CodeReport::from_payload(&bytes);
    assert_eq!(
        report.codes(),
        expected,
        "payload {:?}",
        String::from_utf8_lossy(&bytes)
    );
    let has_error = report
        .findings
        .iter()
        .any(|f| f.rule.severity == giroscope::Severity::Error);
    assert_eq!(report.valid, !has_error);
}

use Make::*;

#[test]
fn valid_payloads_have_no_findings() {
    check(Base, &[]);
    check(Lines(&[(2, "001")]), &[]);
    check(Lines(&[(5, "")]), &[]);
    check(Lines(&[(5, "COBADEFF")]), &[]);
    check(Separator("\r\n"), &[]);
    check(Lines(&[(10, "RF18539007547034"), (11, "")]), &[]);
    check(Lines(&[(8, "EUR0.01")]), &[]);
    check(Lines(&[(8, "EUR999999999.99")]), &[]);
    check(Lines(&[(9, "")]), &[]);
    check(Lines(&[(12, "")]), &[]);
    check(
        Lines(&[(5, "UBSWCHZH80A"), (7, "CH9300762011623852957")]),
        &[],
    );
    check(
        Lines(&[(5, "NWBKGB2L"), (7, "GB29NWBK60161331926819")]),
        &[],
    );
    check(
        Lines(&[(5, "NWBKJESH"), (7, "GB29NWBK60161331926819")]),
        &[],
    );
}

#[test]
fn payload_empty() {
    check(Raw(b""), &["PAYLOAD-EMPTY"]);
}

#[test]
fn payload_bom() {
    check(
        Raw(b"\xEF\xBB\xBFBCD\n002\n1\nSCT\n\nStadtkasse\nDE02120300000000202051\nEUR1\n\n\nKZ 1"),
        &["PAYLOAD-BOM"],
    );
}

#[test]
fn not_girocode() {
    check(
        Raw(b"SPC\n0200\n1\nCH4431999123000889012"),
        &["NOT-GIROCODE"],
    );
    check(
        Raw(b"bank://singlepaymentsepa?name=Stadt&iban=DE02120300000000202051"),
        &["NOT-GIROCODE"],
    );
    check(
        Raw(b"SPD*1.0*ACC:CZ5855000000001265098001*AM:480.50*CC:CZK"),
        &["NOT-GIROCODE"],
    );
    check(Raw(b"https://www.musterstadt.de/parken"), &["NOT-GIROCODE"]);
    check(Raw(b"\x00\x01\x02\xFF\xFE binary"), &["NOT-GIROCODE"]);
    check(Raw(b"hello"), &["NOT-GIROCODE"]);
}

#[test]
fn not_girocode_names_what_it_is() {
    for (payload, kind) in [
        (&b"SPC\n0200\n1"[..], "a Swiss QR-bill (SPC)"),
        (b"BANK://singlepaymentsepa?x=1", "a BezahlCode (bank://)"),
        (b"SPD*1.0*ACC:CZ58", "a Czech QR payment code (SPAYD)"),
        (
            b"https://pay.example/1/c/p/?iban=DE02",
            "an EPC024-22 / EN 18184 payment link",
        ),
        (b"https://www.musterstadt.de", "a web address (URL)"),
        (
            b"0004G00063J2V7CDQ5L1K0A7U3BOT5UT",
            "a Slovak PAY by square code",
        ),
        (b"\x00\x00\x00", "binary data"),
        (b"Kassenzeichen 123", "other text"),
    ] {
        let report = CodeReport::from_payload(payload);
        assert_eq!(
            report.findings[0].param("kind_en"),
            Some(kind),
            "{payload:?}"
        );
    }
}

#[test]
fn frame_separators() {
    check(Separator("\r"), &["FRAME-LONE-CR"]);
    check(Separator("\r\r\n"), &["FRAME-CRCRLF"]);
    check(
        Raw(b"BCD\r\n002\n1\nSCT\n\nStadtkasse\nDE02120300000000202051\nEUR1\n\n\nKZ 1"),
        &["FRAME-MIXED-ENDINGS"],
    );
}

#[test]
fn frame_trailing_separator() {
    check(Append("\n"), &["FRAME-TRAILING-SEPARATOR"]);
    check(Append("\n\n\n"), &["FRAME-TRAILING-SEPARATOR"]);
    check(
        Raw(b"BCD\n002\n1\nSCT\n\nStadtkasse\nDE02120300000000202051\nEUR1\n\n\nKZ 1\n\r\n"),
        &["FRAME-TRAILING-SEPARATOR", "FRAME-MIXED-ENDINGS"],
    );
}

#[test]
fn messages_count_in_singular_and_plural() {
    let message = |tail: &str, lang| {
        let report =
            CodeReport::from_payload(&[with_lines(&[]), tail.as_bytes().to_vec()].concat());
        report.findings[0].message(lang)
    };
    use giroscope::Lang::{De, En};
    for (tail, lang, expected) in [
        (
            "\n",
            De,
            "Nach dem letzten befüllten Element (Zeile 12) folgt noch ein Zeilentrenner.",
        ),
        (
            "\n\n",
            De,
            "Nach dem letzten befüllten Element (Zeile 12) folgen noch 2 Zeilentrenner.",
        ),
        (
            "\n",
            En,
            "A line separator follows the last populated element (line 12).",
        ),
        (
            "\n\n",
            En,
            "2 line separators follow the last populated element (line 12).",
        ),
    ] {
        assert_eq!(message(tail, lang), expected, "{tail:?}");
    }
}

#[test]
fn frame_element_count() {
    check(
        Raw(b"BCD\n002\n1\nSCT\n\nStadtkasse"),
        &["FRAME-TOO-FEW-ELEMENTS"],
    );
    check(Append("\nmore"), &["FRAME-TOO-MANY-ELEMENTS"]);
    check(
        Raw(b"BCD\n002\n1\nSCT\n\nStadtkasse\nDE02120300000000202051"),
        &["AMOUNT-EMPTY", "REMITTANCE-MISSING"],
    );
}

#[test]
fn payload_too_long() {
    let long_text = "A".repeat(140);
    let name = "N".repeat(70);
    let info = "I".repeat(70);
    let bytes = with_lines(&[(6, &name), (11, &long_text), (12, &info)]);
    assert!(bytes.len() > 331);
    let report = CodeReport::from_payload(&bytes);
    assert_eq!(report.codes(), ["PAYLOAD-TOO-LONG"]);
}

#[test]
fn payload_size_boundary_is_331_bytes() {
    let (name, text) = ("N".repeat(70), "T".repeat(140));
    let without_info = with_lines(&[(6, &name), (11, &text), (12, "")]);
    let room = 331 - (without_info.len() + 1);
    let info = "I".repeat(room);
    let at_limit = with_lines(&[(6, &name), (11, &text), (12, &info)]);
    let info = "I".repeat(room + 1);
    let over = with_lines(&[(6, &name), (11, &text), (12, &info)]);
    assert_eq!(at_limit.len(), 331);
    assert_eq!(
        CodeReport::from_payload(&at_limit).codes(),
        Vec::<&str>::new()
    );
    assert_eq!(
        CodeReport::from_payload(&over).codes(),
        ["PAYLOAD-TOO-LONG"]
    );
}

#[test]
fn charset_decoding() {
    check(
        Raw(b"BCD\n002\n1\nSCT\n\nStadtkasse M\xFCllheim\nDE02120300000000202051\nEUR1\n\n\nKZ 1"),
        &["CHARSET-MISMATCH"],
    );
    check(
        Raw(
            b"BCD\n002\n2\nSCT\n\nStadtkasse Stra\xC3\x9Fe\nDE02120300000000202051\nEUR1\n\n\nKZ 1",
        ),
        &["CHARSET-MISMATCH"],
    );
    check(Raw(b"BCD\n002\n2\nSCT\n\nStadtkasse M\xC3\xBCllheim\nDE02120300000000202051\nEUR1\n\n\nKZ 1"), &["CHARSET-MOJIBAKE"]);
    check(
        Raw(
            "BCD\n002\n1\nSCT\n\nStadtkasse MÃ¼llheim\nDE02120300000000202051\nEUR1\n\n\nKZ 1"
                .as_bytes(),
        ),
        &["CHARSET-MOJIBAKE"],
    );
    check(Raw(b"BCD\n002\n2\nSCT\n\nStadtkasse\nDE02120300000000202051\nEUR1\n\n\nGeb\xFChr 5 \x80 \xFF\xFE"), &["CHARSET-UNDECODABLE"]);
    check(
        Raw(b"BCD\n002\n6\nSCT\n\nStadtkasse \xAE\nDE02120300000000202051\nEUR1\n\n\nKZ 1"),
        &["CHARSET-UNCOMMON", "CHARSET-UNDECODABLE"],
    );
    check(
        Raw(b"BCD\n002\n2\nSCT\n\nStadtkasse M\xFCllheim\nDE02120300000000202051\nEUR1\n\n\nKZ 1"),
        &["CHARS-NON-SEPA"],
    );
    check(Lines(&[(3, "8")]), &["CHARSET-UNCOMMON"]);
}

#[test]
fn chars_control_and_invisible() {
    check(Lines(&[(6, "Stadtkasse\0\0\0")]), &["CHARS-CONTROL"]);
    check(Lines(&[(11, "Kassenzeichen\t5.1234")]), &["CHARS-CONTROL"]);
    check(
        Lines(&[(11, "Kassenzeichen \u{202E}1234")]),
        &["CHARS-CONTROL"],
    );
    check(
        Lines(&[(12, "Parken\u{2028}Musterstadt")]),
        &["CHARS-CONTROL"],
    );
    check(
        Lines(&[(7, "DE02120300000000202051\u{7F}")]),
        &["CHARS-CONTROL"],
    );
    check(Lines(&[(6, "Stadt\u{200B}kasse")]), &["CHARS-INVISIBLE"]);
}

#[test]
fn chars_non_sepa_and_html() {
    check(Lines(&[(6, "Stadtkasse Müllheim")]), &["CHARS-NON-SEPA"]);
    check(Lines(&[(11, "Gebühr für Parken")]), &["CHARS-NON-SEPA"]);
    check(Lines(&[(12, "Bits&#39;n Bytes")]), &["TEXT-HTML-ENTITY"]);
    check(Lines(&[(6, "Müller &amp; Söhne")]), &["TEXT-HTML-ENTITY"]);
}

#[test]
fn header() {
    check(Lines(&[(1, "bcd")]), &["HEADER-SERVICE-TAG"]);
    check(Lines(&[(1, "BCD ")]), &["HEADER-SERVICE-TAG"]);
    check(Lines(&[(2, "003")]), &["HEADER-VERSION"]);
    check(Lines(&[(2, "2")]), &["HEADER-VERSION"]);
    check(Lines(&[(3, "9")]), &["HEADER-CHARSET"]);
    check(Lines(&[(3, "01")]), &["HEADER-CHARSET"]);
    check(Lines(&[(4, "INST")]), &["HEADER-IDENTIFICATION"]);
}

#[test]
fn bic() {
    check(Lines(&[(2, "001"), (5, "")]), &["BIC-REQUIRED-V001"]);
    check(
        Lines(&[(5, ""), (7, "CH9300762011623852957")]),
        &["BIC-REQUIRED-NON-EEA"],
    );
    check(
        Lines(&[(5, ""), (7, "GB29NWBK60161331926819")]),
        &["BIC-REQUIRED-NON-EEA"],
    );
    check(Lines(&[(5, "COBA DEFF XXX")]), &["BIC-WHITESPACE"]);
    check(Lines(&[(5, "cobadeffxxx")]), &["BIC-LOWERCASE"]);
    check(Lines(&[(5, "COBA_DEFF")]), &["BIC-FORMAT"]);
    check(Lines(&[(5, "COBADEF")]), &["BIC-FORMAT"]);
    check(Lines(&[(5, "BKAUATWW")]), &["BIC-COUNTRY-MISMATCH"]);
    check(Lines(&[(5, "BFSWXX33")]), &["BIC-COUNTRY-INVALID"]);
    check(Lines(&[(5, "ABCDEFGH")]), &["BIC-COUNTRY-INVALID"]);
    check(Lines(&[(5, "BICVXXDD123")]), &["BIC-COUNTRY-INVALID"]);
    check(Lines(&[(5, "BKAUXKPR")]), &["BIC-COUNTRY-MISMATCH"]);
}

#[test]
fn name() {
    check(Lines(&[(6, "")]), &["NAME-MISSING"]);
    check(Lines(&[(6, "   ")]), &["NAME-MISSING"]);
    check(Lines(&[(6, &"N".repeat(70))]), &[]);
    check(Lines(&[(6, &"N".repeat(71))]), &["NAME-TOO-LONG"]);
    check(Lines(&[(6, &"Ü".repeat(70))]), &["CHARS-NON-SEPA"]);
    check(Lines(&[(6, " Stadtkasse ")]), &["NAME-WHITESPACE"]);
}

#[test]
fn iban() {
    check(Lines(&[(7, "")]), &["IBAN-MISSING"]);
    check(
        Lines(&[(7, "DE02 1203 0000 0000 2020 51")]),
        &["IBAN-WHITESPACE"],
    );
    check(Lines(&[(7, "de02120300000000202051")]), &["IBAN-LOWERCASE"]);
    check(Lines(&[(7, "DE02-1203-0000")]), &["IBAN-FORMAT"]);
    check(Lines(&[(7, "1234")]), &["IBAN-FORMAT"]);
    check(Lines(&[(7, "DE02120300000000202052")]), &["IBAN-CHECKSUM"]);
    check(
        Lines(&[(7, "XX4212345678901234")]),
        &["IBAN-COUNTRY-UNKNOWN"],
    );
    check(Lines(&[(7, "DE02")]), &["IBAN-FORMAT"]);
    check(Lines(&[(7, "DE3310020500000119470")]), &["IBAN-LENGTH"]);
    check(Lines(&[(7, "DE571203000000002020511")]), &["IBAN-LENGTH"]);
    check(Lines(&[(7, "DE0212")]), &["IBAN-LENGTH"]);
    check(Lines(&[(7, "DE02A20300000000202051")]), &["IBAN-BBAN"]);
    check(
        Lines(&[(7, "US00123456789012345")]),
        &["IBAN-COUNTRY-UNKNOWN"],
    );
    check(
        Lines(&[(5, ""), (7, "BR9700360305000010009795493P1")]),
        &["IBAN-NOT-SEPA"],
    );
    check(
        Lines(&[(5, ""), (7, "BR970036030500001000979549")]),
        &["IBAN-NOT-SEPA"],
    );
}

#[test]
fn iban_messages_say_what_is_wrong_first() {
    for (iban, code, german, english) in [
        (
            "DE3310020500000119470",
            "IBAN-LENGTH",
            "Deutsche IBANs (DE) haben 22 Zeichen, diese hat 21.",
            "German IBANs (DE) have 22 characters; this one has 21.",
        ),
        (
            "US00123456789012345",
            "IBAN-COUNTRY-UNKNOWN",
            "Für den Ländercode US gibt es keine IBAN: Er steht nicht im IBAN-Register.",
            "There is no IBAN for the country code US: it is not in the IBAN registry.",
        ),
    ] {
        let report = CodeReport::from_payload(&with_lines(&[(7, iban)]));
        let finding = &report.findings[0];
        assert_eq!(finding.rule.code, code, "{iban}");
        assert_eq!(finding.message(giroscope::Lang::De), german);
        assert_eq!(finding.message(giroscope::Lang::En), english);
    }
}

#[test]
fn amount() {
    check(Lines(&[(8, "35.00")]), &["AMOUNT-NO-CURRENCY"]);
    check(Lines(&[(8, "USD35.00")]), &["AMOUNT-CURRENCY"]);
    check(Lines(&[(8, "eur35.00")]), &["AMOUNT-CURRENCY"]);
    check(Lines(&[(8, "EUR35,00")]), &["AMOUNT-DECIMAL-COMMA"]);
    check(Lines(&[(8, "EUR 35")]), &["AMOUNT-FORMAT"]);
    check(Lines(&[(8, "EUR")]), &["AMOUNT-FORMAT"]);
    check(Lines(&[(8, "EUR35.001")]), &["AMOUNT-FORMAT"]);
    check(Lines(&[(8, "EUR0")]), &["AMOUNT-RANGE"]);
    check(Lines(&[(8, "EUR1000000000")]), &["AMOUNT-RANGE"]);
    check(Lines(&[(8, "EUR035.00")]), &["AMOUNT-LEADING-ZEROS"]);
    check(Lines(&[(8, "")]), &["AMOUNT-EMPTY"]);
}

#[test]
fn purpose() {
    check(Lines(&[(9, "ABCD")]), &["PURPOSE-UNKNOWN"]);
    check(Lines(&[(9, "govt")]), &["PURPOSE-UNKNOWN"]);
    check(Lines(&[(9, "Parkgebühr")]), &["PURPOSE-UNKNOWN"]);
}

#[test]
fn remittance() {
    check(
        Lines(&[(10, &"R".repeat(35)), (11, "")]),
        &["REFERENCE-NOT-RF"],
    );
    check(
        Lines(&[(10, &"R".repeat(36)), (11, "")]),
        &["REFERENCE-TOO-LONG"],
    );
    check(
        Lines(&[(10, "RF17539007547034"), (11, "")]),
        &["REFERENCE-RF-INVALID"],
    );
    check(
        Lines(&[(10, "RF18539007547034RF18539007547"), (11, "")]),
        &["REFERENCE-RF-LENGTH"],
    );
    check(Lines(&[(10, "RF18"), (11, "")]), &["REFERENCE-RF-LENGTH"]);
    check(
        Lines(&[(10, "RF18-5390-0754-7034"), (11, "")]),
        &["REFERENCE-RF-CHARS"],
    );
    check(
        Lines(&[(10, "rf18539007547034"), (11, "")]),
        &["REFERENCE-RF-CHARS"],
    );
    check(
        Lines(&[(10, "RF17 5390 0754 7034"), (11, "")]),
        &["REFERENCE-RF-INVALID"],
    );
    check(
        Lines(&[(10, "RF18 5390 0754 7034"), (11, "")]),
        &["REFERENCE-RF-SPACES"],
    );
    check(
        Lines(&[(10, "5.1234.567890.1"), (11, "")]),
        &["REFERENCE-NOT-RF"],
    );
    check(Lines(&[(10, "RF18539007547034")]), &["REMITTANCE-BOTH"]);
    check(Lines(&[(11, "")]), &["REMITTANCE-MISSING"]);
    check(Lines(&[(11, &"T".repeat(140))]), &[]);
    check(Lines(&[(11, &"T".repeat(141))]), &["TEXT-TOO-LONG"]);
    check(Lines(&[(12, &"I".repeat(70))]), &[]);
    check(Lines(&[(12, &"I".repeat(71))]), &["INFO-TOO-LONG"]);
}

#[test]
fn one_root_cause_gives_one_finding() {
    // A NUL-padded IBAN is a control-character problem, not also a format problem.
    check(
        Lines(&[(7, "DE02120300000000202051\0")]),
        &["CHARS-CONTROL"],
    );
    // A bad IBAN skips the BIC country comparison.
    check(
        Lines(&[(5, "BKAUATWW"), (7, "DE02120300000000202052")]),
        &["IBAN-CHECKSUM"],
    );
    // A BOM does not also break the service tag.
    check(
        Raw(b"\xEF\xBB\xBFBCD\n002\n1\nSCT\n\nStadtkasse\nDE02120300000000202051\nEUR1\n\n\nKZ 1"),
        &["PAYLOAD-BOM"],
    );
}

#[test]
fn every_rule_has_a_test_case() {
    let source = [
        include_str!("rules.rs"),
        include_str!("images.rs"),
        include_str!("symbols.rs"),
        include_str!("pdfs.rs"),
        include_str!("hostile_pdfs.rs"),
        include_str!("tiffs.rs"),
        include_str!("notices.rs"),
        include_str!("batch.rs"),
        include_str!("../../samples/images/findings.tsv"),
        include_str!("../../samples/broken/expected.tsv"),
    ]
    .concat()
    .replace(':', "\":\"")
    .replace('\t', "\"\t\"")
    .replace(' ', "\" \"")
    .replace('\n', "\"\n\"");
    for rule in giroscope::rules::ALL {
        assert!(
            source.contains(&format!("\"{}\"", rule.code)),
            "rule {} has no test case",
            rule.code
        );
    }
}

#[test]
fn findings_are_located() {
    let report = CodeReport::from_payload(&with_lines(&[(7, "DE02120300000000202052")]));
    let finding = &report.findings[0];
    assert_eq!(finding.line, Some(7));
    let span = finding.span.clone().expect("IBAN findings have a span");
    assert_eq!(
        &with_lines(&[(7, "DE02120300000000202052")])[span],
        b"DE02120300000000202052"
    );

    let long = "N".repeat(75);
    let bytes = with_lines(&[(6, &long)]);
    let report = CodeReport::from_payload(&bytes);
    let span = report.findings[0].span.clone().expect("span");
    assert_eq!(
        span.len(),
        5,
        "the span covers the characters past the limit"
    );

    let bytes = b"BCD\n002\n2\nSCT\n\nM\xFCller\xFF\nDE02120300000000202051\nEUR1\n\n\nKZ 1";
    let report = CodeReport::from_payload(bytes);
    assert_eq!(report.fields.name.as_deref(), Some("Müllerÿ"));
}

#[test]
fn fields_are_cleaned() {
    let report = CodeReport::from_payload(&with_lines(&[
        (7, "de02 1203 0000 0000 2020 51"),
        (8, "EUR7"),
        (10, "RF18 5390 0754 7034"),
        (11, ""),
    ]));
    let fields = &report.fields;
    assert_eq!(fields.iban.as_deref(), Some("DE02120300000000202051"));
    assert_eq!(fields.amount.as_deref(), Some("7.00"));
    assert_eq!(fields.reference.as_deref(), Some("RF18539007547034"));
    assert_eq!(fields.version.as_deref(), Some("002"));
    assert_eq!(fields.charset, Some(1));
    assert!(
        report.girocode.is_none(),
        "error findings: no typed GiroCode"
    );

    let valid = CodeReport::from_payload(&with_lines(&[]));
    let girocode = valid.girocode.expect("valid payload has a GiroCode");
    assert_eq!(girocode.amount().map(|a| a.cents()), Some(3500));
    assert_eq!(girocode.bic().map(|b| b.as_str()), Some("COBADEFFXXX"));
}

#[test]
fn readability_differs_from_validity() {
    let trailing = CodeReport::from_payload(&[with_lines(&[]), b"\n".to_vec()].concat());
    assert!(!trailing.valid);
    assert_eq!(trailing.readability, giroscope::Readability::Green);

    let umlaut = CodeReport::from_payload(&with_lines(&[(6, "Stadtkasse Müllheim")]));
    assert!(umlaut.valid);
    assert_eq!(umlaut.readability, giroscope::Readability::Yellow);

    let no_eur = CodeReport::from_payload(&with_lines(&[(8, "35.00")]));
    assert_eq!(no_eur.readability, giroscope::Readability::Red);
}

#[test]
fn messages_fill_every_placeholder() {
    // Every finding of every case above renders without a leftover {placeholder}.
    let payloads: Vec<Vec<u8>> = vec![
        with_lines(&[(8, "35.00")]),
        with_lines(&[(7, "DE571203000000002020511")]),
        with_lines(&[(5, ""), (7, "CH9300762011623852957")]),
        with_lines(&[(5, "BKAUATWW")]),
        with_lines(&[(3, "8")]),
        with_lines(&[(8, "EUR035.00")]),
        BASE.join("\r\r\n").into_bytes(),
        b"BCD\r\n002\n1\nSCT\n\nStadtkasse\nDE02120300000000202051\nEUR1\n\n\nKZ 1\n".to_vec(),
        b"BCD\n002\n1\nSCT\n\nStadtkasse M\xFCllheim\nDE02120300000000202051".to_vec(),
        b"https://example.org".to_vec(),
    ];
    for bytes in payloads {
        for finding in CodeReport::from_payload(&bytes).findings {
            for lang in [giroscope::Lang::De, giroscope::Lang::En] {
                for text in [finding.message(lang), finding.help(lang)] {
                    assert!(!text.contains('{'), "{}: {text}", finding.rule.code);
                }
            }
        }
    }
}

/// Trusted payees: a code paying a listed account says so, one paying elsewhere is an error,
/// and a wrong IBAN gets no second finding about the list.
#[test]
fn payee_confirmed_and_payee_unknown() {
    use giroscope::payees::Payees;
    let payees = Payees::parse("DE02120300000000202051,Stadtkasse Musterstadt,Parkgebühren")
        .expect("valid list");
    let options = giroscope::Options {
        payees: Some(std::sync::Arc::new(payees)),
        ..giroscope::Options::default()
    };
    type Case<'a> = (&'a [(usize, &'a str)], &'a [&'a str], giroscope::Verdict);
    let cases: &[Case] = &[
        (&[], &["PAYEE-CONFIRMED"], giroscope::Verdict::Valid),
        (
            &[(7, "DE89370400440532013000")],
            &["PAYEE-UNKNOWN"],
            giroscope::Verdict::NotPayable,
        ),
        (
            &[(7, "DE02120300000000202052")],
            &["IBAN-CHECKSUM"],
            giroscope::Verdict::NotPayable,
        ),
        (
            &[(6, "STADTKASSE MUSTERSTADT")],
            &["PAYEE-NAME-CLOSE", "PAYEE-CONFIRMED"],
            giroscope::Verdict::ValidWithWarnings,
        ),
        (
            &[(6, "Stadtkasse Beispielstadt")],
            &["PAYEE-NAME-MISMATCH", "PAYEE-CONFIRMED"],
            giroscope::Verdict::ValidWithWarnings,
        ),
    ];
    for (changes, expected, verdict) in cases {
        let verified = giroscope::verify(&with_lines(changes), &options).expect("checkable");
        assert_eq!(verified.codes[0].codes(), *expected, "{changes:?}");
        assert_eq!(verified.verdict(), *verdict, "{changes:?}");
    }
    let confirmed = giroscope::verify(&with_lines(&[]), &options).expect("checkable");
    assert_eq!(
        confirmed.codes[0].findings[0].citizen(giroscope::Lang::De),
        "Empfängerkonto bestätigt: Stadtkasse Musterstadt (Parkgebühren). Das ersetzt nicht die \
         Empfängerüberprüfung Ihrer Bank. Zeigt Ihre Banking-App einen Hinweis zum Empfänger, \
         nehmen Sie ihn ernst."
    );
}
