//! Notices with a text layer, as town offices' software prints them, written with pdf-writer:
//! letterhead, address window, an information block, body text, the payment details and a
//! GiroCode in the corner. Each layout writes its text the way one kind of producer does, so
//! that reading it exercises what that producer does:
//!
//! - `Letter` (LibreOffice, Word): a subset font as Type0/Identity-H with a ToUnicode CMap, words
//!   in TJ arrays with kerning, ligature glyphs (ﬁ, ﬂ), words hyphenated at line ends, a
//!   label column beside its values;
//! - `Table` (reportlab): unembedded Helvetica in WinAnsiEncoding (ä, ü, ß, € as single
//!   bytes), one string per cell, part amounts in a table with their total, two banks' IBANs in
//!   the footer;
//! - `Glyphwise` (a Fachverfahren's print module): Courier, every glyph its own `Tj` placed with
//!   `Td`, upper case with umlauts written out;
//! - `Din` (a DIN 5008 letter): a row of labels over a row of values, the amount with
//!   thousands separators, an RF reference in groups;
//! - `English`: English notation and labels.
//!
//! A page can also be a scan: the same code, no text at all.

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str};
use qrcode::EcLevel;

use crate::notice::{QrSpec, qr_modules};

const PT_PER_MM: f32 = 72.0 / 25.4;
const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;

/// What a notice asks for, and what its code carries when they agree.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// The beneficiary.
    pub name: String,
    /// Electronic format.
    pub iban: String,
    /// In cents; `None` in a code leaves the amount open.
    pub cents: Option<u64>,
    /// The Kassenzeichen, as printed.
    pub kassenzeichen: String,
    /// An RF creditor reference, electronic format, carried in the code's line 10 when set.
    pub rf: Option<String>,
}

impl Payment {
    /// A typical notice of a town treasury.
    pub fn typical() -> Payment {
        Payment {
            name: "Stadtkasse Düren".into(),
            iban: "DE02120300000000202051".into(),
            cents: Some(3500),
            kassenzeichen: "4.2211.776512.3".into(),
            rf: None,
        }
    }

    /// The GiroCode payload for this payment.
    pub fn payload(&self) -> String {
        let amount = self
            .cents
            .map(|c| format!("EUR{}.{:02}", c / 100, c % 100))
            .unwrap_or_default();
        // Generators write umlauts out: the SEPA character set has none.
        let name = self
            .name
            .replace('ä', "ae")
            .replace('ö', "oe")
            .replace('ü', "ue")
            .replace('ß', "ss");
        match &self.rf {
            Some(rf) => format!(
                "BCD\n002\n1\nSCT\n\n{name}\n{}\n{amount}\n\n{rf}",
                self.iban
            ),
            None => format!(
                "BCD\n002\n1\nSCT\n\n{name}\n{}\n{amount}\n\n\nKassenzeichen {} Hundesteuer 2027",
                self.iban, self.kassenzeichen
            ),
        }
    }
}

/// How a page's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// LibreOffice or Word: Type0 font, ToUnicode, TJ kerning, ligatures, hyphenation.
    Letter,
    /// reportlab: Helvetica in WinAnsiEncoding, a table of part amounts.
    Table,
    /// A Fachverfahren: Courier, one glyph per `Tj`.
    Glyphwise,
    /// DIN 5008: labels over values, thousands separators, an RF reference.
    Din,
    /// English notation.
    English,
    /// A cover letter's text without any payment details.
    Cover,
    /// A scan: no text at all.
    Scan,
}

/// One page: its layout, what it prints, and the code on it.
#[derive(Debug, Clone)]
pub struct Page {
    /// How its text is written.
    pub layout: Layout,
    /// What the notice prints.
    pub printed: Payment,
    /// The code's payload, `None` for a page without a code.
    pub code: Option<String>,
}

impl Page {
    /// A page printing `printed` with a code that carries the same.
    pub fn agreeing(layout: Layout, printed: Payment) -> Page {
        let code = Some(printed.payload());
        Page {
            layout,
            printed,
            code,
        }
    }
}

/// The fonts a page uses, by resource name.
const HELVETICA: Name = Name(b"F1");
const COURIER: Name = Name(b"F2");
const SUBSET: Name = Name(b"F3");

/// The subset font's glyphs: CID `i + 1` is `SUBSET_CHARS[i]`; the ligatures follow.
const SUBSET_CHARS: &str =
    " !\"%&'()*+,-./0123456789:;=?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÄÖÜäöüß€–·";
const LIGATURES: [(&str, char); 2] = [("fi", '\u{FB01}'), ("fl", '\u{FB02}')];

/// Advance widths of the subset font, in thousandths of an em, as its /W array says.
fn subset_width(c: char) -> f32 {
    match c {
        ' ' | '.' | ',' | ':' | ';' | '!' | '\'' | 'i' | 'l' | 'j' | 't' | 'f' | 'I' => 278.0,
        'm' | 'w' | 'M' | 'W' | '%' => 833.0,
        '\u{FB01}' | '\u{FB02}' => 500.0,
        _ => 556.0,
    }
}

fn subset_cid(c: char) -> u16 {
    if let Some(i) = SUBSET_CHARS.chars().position(|s| s == c) {
        return i as u16 + 1;
    }
    if let Some(i) = LIGATURES.iter().position(|(_, l)| *l == c) {
        return (SUBSET_CHARS.chars().count() + i) as u16 + 1;
    }
    subset_cid('?')
}

/// WinAnsiEncoding, for the characters the notices use.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '–' => 0x96,
            '·' => 0xB7,
            c if (c as u32) < 0x100 => c as u8,
            _ => b'?',
        })
        .collect()
}

/// A page's content, written in points from the top-left in millimetres.
struct Writer {
    content: Content,
}

impl Writer {
    fn y(mm: f32) -> f32 {
        PAGE_H - mm * PT_PER_MM
    }

    /// One string in Helvetica (WinAnsi), as reportlab writes a cell.
    fn helvetica(&mut self, x_mm: f32, y_mm: f32, size: f32, text: &str) {
        self.content.begin_text();
        self.content.set_font(HELVETICA, size);
        self.content
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, x_mm * PT_PER_MM, Self::y(y_mm)]);
        self.content.show(Str(&win_ansi(text)));
        self.content.end_text();
    }

    /// Every glyph its own `Tj`, moved with `Td`, in Courier (600 units wide).
    fn glyphwise(&mut self, x_mm: f32, y_mm: f32, size: f32, text: &str) {
        self.content.begin_text();
        self.content.set_font(COURIER, size);
        self.content.next_line(x_mm * PT_PER_MM, Self::y(y_mm));
        let mut first = true;
        for c in text.chars() {
            if !first {
                self.content.next_line(0.6 * size, 0.0);
            }
            first = false;
            if c != ' ' {
                self.content.show(Str(&win_ansi(&c.to_string())));
            }
        }
        self.content.end_text();
    }

    /// A line in the subset font as an office suite writes it: a TJ array with kerning
    /// between some letters, "fi" and "fl" as ligature glyphs, words split over strings.
    fn subset(&mut self, x_mm: f32, y_mm: f32, size: f32, text: &str) {
        let mut glyphs: Vec<char> = Vec::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if let Some((pair, ligature)) = LIGATURES.iter().find(|(p, _)| rest.starts_with(p)) {
                glyphs.push(*ligature);
                rest = &rest[pair.len()..];
            } else {
                glyphs.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        self.content.begin_text();
        self.content.set_font(SUBSET, size);
        self.content
            .set_text_matrix([1.0, 0.0, 0.0, 1.0, x_mm * PT_PER_MM, Self::y(y_mm)]);
        let mut shown = self.content.show_positioned();
        let mut items = shown.items();
        for (i, chunk) in glyphs.chunks(3).enumerate() {
            let bytes: Vec<u8> = chunk
                .iter()
                .flat_map(|c| subset_cid(*c).to_be_bytes())
                .collect();
            items.show(Str(&bytes));
            // Kerning: small moves that are no spaces.
            items.adjust(if i % 2 == 0 { 12.0 } else { -8.0 });
        }
        drop(items);
        drop(shown);
        self.content.end_text();
    }

    fn text(&mut self, layout: Layout, x_mm: f32, y_mm: f32, size: f32, text: &str) {
        match layout {
            Layout::Letter => self.subset(x_mm, y_mm, size, text),
            Layout::Glyphwise => self.glyphwise(x_mm, y_mm, size, text),
            _ => self.helvetica(x_mm, y_mm, size, text),
        }
    }

    fn code(&mut self, payload: &str) {
        let (size, modules) =
            qr_modules(&QrSpec::new(payload.as_bytes().to_vec(), EcLevel::M)).expect("fits");
        let module = 0.5 * PT_PER_MM;
        let (x0, y0) = (150.0 * PT_PER_MM, Self::y(230.0));
        self.content.set_fill_gray(0.0);
        for row in 0..size {
            for column in 0..size {
                if modules[row * size + column] {
                    self.content.rect(
                        x0 + column as f32 * module,
                        y0 - (row + 1) as f32 * module,
                        module,
                        module,
                    );
                }
            }
        }
        self.content.fill_nonzero();
    }
}

/// An amount as German notices print it: `1.234,50`.
pub fn german(cents: u64) -> String {
    let whole = (cents / 100).to_string();
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("{out},{:02}", cents % 100)
}

fn grouped(iban: &str) -> String {
    iban.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Umlauts written out and upper case, as old print modules do.
fn upper_ascii(text: &str) -> String {
    text.replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
        .to_uppercase()
}

const OTHER_IBAN: &str = "DE89370400440532013000";

fn letterhead(w: &mut Writer, layout: Layout) {
    let t = |w: &mut Writer, x: f32, y: f32, s: f32, text: &str| w.text(layout, x, y, s, text);
    t(w, 20.0, 18.0, 14.0, "Stadt Düren");
    t(
        w,
        20.0,
        24.0,
        9.0,
        "Der Bürgermeister · Amt für Finanzen – Stadtkasse",
    );
    t(
        w,
        25.0,
        50.0,
        6.0,
        "Stadt Düren · Kaiserplatz 2-4 · 52349 Düren",
    );
    t(w, 25.0, 58.0, 10.0, "Frau");
    t(w, 25.0, 63.0, 10.0, "Erika Musterfrau");
    t(w, 25.0, 68.0, 10.0, "Heidestraße 17");
    t(w, 25.0, 76.0, 10.0, "52351 Düren");
}

fn body(w: &mut Writer, layout: Layout, top: f32) {
    let lines = [
        "Für das Kalenderjahr 2027 wird die Hundesteuer auf der Grund-",
        "lage der Hundesteuersatzung vom 12.03.2019 festgesetzt. Die Steuer-",
        "pflicht beginnt mit dem Monat, der auf die Aufnahme des Hundes folgt.",
        "Bitte überweisen Sie bis zum 15.01.2027 unter Angabe des Kassenzeichens.",
        "Bei verspäteter Zahlung wird ein Säumniszuschlag von 1 % je Monat fällig.",
    ];
    for (i, line) in lines.iter().enumerate() {
        w.text(layout, 20.0, top + 5.0 * i as f32, 10.0, line);
    }
}

fn write_page(w: &mut Writer, page: &Page) {
    let p = &page.printed;
    let amount = p.cents.map(german).unwrap_or_default();
    match page.layout {
        Layout::Scan => {}
        Layout::Letter => {
            letterhead(w, Layout::Letter);
            let t = |w: &mut Writer, x: f32, y: f32, text: &str| w.subset(x, y, 9.0, text);
            t(w, 125.0, 50.0, "Datum");
            t(w, 160.0, 50.0, "01.12.2026");
            t(w, 125.0, 55.0, "Kassenzeichen");
            t(w, 160.0, 55.0, &p.kassenzeichen);
            t(w, 125.0, 60.0, "Aktenzeichen");
            t(w, 160.0, 60.0, "22.11-0815");
            w.subset(20.0, 100.0, 12.0, "Bescheid über Hundesteuer 2027");
            body(w, Layout::Letter, 110.0);
            w.subset(
                20.0,
                145.0,
                10.0,
                &format!("Zu zahlender Betrag: {amount} EUR"),
            );
            w.subset(
                20.0,
                155.0,
                9.0,
                &format!(
                    "Bankverbindung – Empfänger: {}, IBAN: {}, BIC: BYLADEM1001",
                    p.name,
                    grouped(&p.iban)
                ),
            );
        }
        Layout::Table => {
            letterhead(w, Layout::Table);
            w.helvetica(
                125.0,
                50.0,
                9.0,
                &format!("Kassenzeichen: {}", p.kassenzeichen),
            );
            w.helvetica(125.0, 55.0, 9.0, "Datum: 01.12.2026");
            w.helvetica(20.0, 100.0, 12.0, "Gebührenbescheid Abfallentsorgung 2027");
            body(w, Layout::Table, 110.0);
            let cents = p.cents.unwrap_or(0);
            let rows = [
                ("Grundgebühr", cents.saturating_sub(1000)),
                ("Auslagen", 1000.min(cents)),
            ];
            for (i, (label, part)) in rows.iter().enumerate() {
                let y = 145.0 + 5.0 * i as f32;
                w.helvetica(20.0, y, 10.0, label);
                w.helvetica(120.0, y, 10.0, &format!("{} €", german(*part)));
            }
            w.helvetica(20.0, 157.0, 10.0, "Gesamtbetrag");
            w.helvetica(120.0, 157.0, 10.0, &format!("{amount} €"));
            w.helvetica(20.0, 165.0, 10.0, &format!("Empfänger: {}", p.name));
            w.helvetica(
                20.0,
                280.0,
                7.0,
                &format!("Sparkasse Düren IBAN {}", grouped(&p.iban)),
            );
            w.helvetica(
                105.0,
                280.0,
                7.0,
                &format!("Volksbank Düren IBAN {}", grouped(OTHER_IBAN)),
            );
        }
        Layout::Glyphwise => {
            letterhead(w, Layout::Glyphwise);
            let t = |w: &mut Writer, y: f32, text: &str| w.glyphwise(20.0, y, 9.0, text);
            t(w, 100.0, "HUNDESTEUERBESCHEID 2027");
            t(w, 110.0, &format!("KASSENZEICHEN: {}", p.kassenzeichen));
            t(w, 115.0, &format!("ZU ZAHLEN: {amount} EUR"));
            t(w, 120.0, &format!("EMPFAENGER: {}", upper_ascii(&p.name)));
            t(w, 125.0, &format!("IBAN: {}", p.iban));
            t(w, 130.0, "FAELLIG AM 15.01.2027");
        }
        Layout::Din => {
            letterhead(w, Layout::Din);
            for (x, label, value) in [
                (20.0, "Ihr Zeichen", "–"),
                (60.0, "Unser Zeichen", "22.11-0815"),
                (100.0, "Kassenzeichen", p.kassenzeichen.as_str()),
                (150.0, "Datum", "01.12.2026"),
            ] {
                w.helvetica(x, 92.0, 7.0, label);
                w.helvetica(x, 96.0, 10.0, value);
            }
            w.helvetica(20.0, 105.0, 12.0, "Grundbesitzabgaben 2027");
            body(w, Layout::Din, 115.0);
            w.helvetica(20.0, 150.0, 10.0, &format!("Gesamtbetrag: {amount} €"));
            w.helvetica(20.0, 156.0, 10.0, &format!("Zahlungsempfänger: {}", p.name));
            w.helvetica(20.0, 162.0, 10.0, &format!("IBAN {}", grouped(&p.iban)));
            if let Some(rf) = &p.rf {
                w.helvetica(
                    20.0,
                    168.0,
                    10.0,
                    &format!("Zahlungsreferenz: {}", grouped(rf)),
                );
            }
        }
        Layout::English => {
            letterhead(w, Layout::English);
            let cents = p.cents.unwrap_or(0);
            w.helvetica(20.0, 100.0, 12.0, "Invoice for the use of the town hall");
            w.helvetica(
                20.0,
                110.0,
                10.0,
                &format!("Kassenzeichen {}", p.kassenzeichen),
            );
            w.helvetica(
                20.0,
                116.0,
                10.0,
                &format!("Amount due: EUR {}.{:02}", cents / 100, cents % 100),
            );
            w.helvetica(20.0, 122.0, 10.0, &format!("Payee: {}", p.name));
            w.helvetica(20.0, 128.0, 10.0, &format!("IBAN: {}", p.iban));
        }
        Layout::Cover => {
            letterhead(w, Layout::Cover);
            w.helvetica(20.0, 100.0, 12.0, "Ihr Bescheid");
            body(w, Layout::Cover, 110.0);
        }
    }
    if let Some(payload) = &page.code {
        w.code(payload);
    }
}

/// A PDF of `pages`.
pub fn document(pages: &[Page]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let helvetica = Ref::new(3);
    let courier = Ref::new(4);
    let subset = Ref::new(5);
    let cid = Ref::new(6);
    let descriptor = Ref::new(7);
    let cmap = Ref::new(8);
    pdf.catalog(catalog).pages(tree);
    let kids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(10 + 2 * i as i32))
        .collect();
    pdf.pages(tree)
        .kids(kids.iter().copied())
        .count(pages.len() as i32);
    pdf.type1_font(helvetica)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(courier)
        .base_font(Name(b"Courier"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type0_font(subset)
        .base_font(Name(b"ABCDEF+LiberationSans"))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut all: Vec<char> = SUBSET_CHARS.chars().collect();
    all.extend(LIGATURES.iter().map(|(_, l)| *l));
    {
        let mut font = pdf.cid_font(cid);
        font.subtype(CidFontType::Type2)
            .base_font(Name(b"ABCDEF+LiberationSans"))
            .system_info(info)
            .font_descriptor(descriptor)
            .default_width(556.0);
        font.widths()
            .consecutive(1, all.iter().map(|c| subset_width(*c)));
    }
    pdf.font_descriptor(descriptor)
        .name(Name(b"ABCDEF+LiberationSans"))
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(-200.0, -300.0, 1200.0, 1000.0))
        .italic_angle(0.0)
        .ascent(905.0)
        .descent(-212.0)
        .cap_height(716.0)
        .stem_v(80.0);
    let mut unicode = UnicodeCmap::new(Name(b"Custom"), info);
    for (i, c) in SUBSET_CHARS.chars().enumerate() {
        unicode.pair(i as u16 + 1, c);
    }
    for (i, (letters, _)) in LIGATURES.iter().enumerate() {
        unicode.pair_with_multiple(
            (SUBSET_CHARS.chars().count() + i) as u16 + 1,
            letters.chars(),
        );
    }
    pdf.cmap(cmap, &unicode.finish());
    for (i, page) in pages.iter().enumerate() {
        let id = kids[i];
        let content_id = Ref::new(11 + 2 * i as i32);
        let mut writer = Writer {
            content: Content::new(),
        };
        write_page(&mut writer, page);
        let mut page_writer = pdf.page(id);
        page_writer
            .media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(content_id);
        let mut resources = page_writer.resources();
        resources
            .fonts()
            .pair(HELVETICA, helvetica)
            .pair(COURIER, courier)
            .pair(SUBSET, subset);
        drop(resources);
        drop(page_writer);
        pdf.stream(content_id, &writer.content.finish());
    }
    pdf.finish()
}
