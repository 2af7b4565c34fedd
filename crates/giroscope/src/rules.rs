//! The rule catalogue: every check giroscope makes, declared once, the way clippy declares lints.
//!
//! A rule fixes a finding's stable code, severity, readability impact, field, the section of the
//! rulebook (`spec/epc069-12.md`) it cites, and its wording in German and English. Codes are
//! never renumbered, renamed or reused: scripts and CI pipelines match on them. Messages may use
//! `{name}` placeholders that the checker fills in; `{line}` is always available when the
//! finding has a line.

use crate::finding::{Field, Readability, Severity};
use crate::i18n::Lang;

/// One rule of the catalogue.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `IBAN-CHECKSUM`.
    pub code: &'static str,
    /// Severity of every finding of this rule.
    pub severity: Severity,
    /// What the rule's findings mean for banking apps.
    pub readability: Readability,
    /// The field the rule concerns.
    pub field: Field,
    /// The section of the rulebook `spec/epc069-12.md` (and the standard behind it).
    pub cite: &'static str,
    /// German wording.
    pub de: RuleText,
    /// English wording.
    pub en: RuleText,
}

/// A rule's wording in one language.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleText {
    /// A short name for lists.
    pub title: &'static str,
    /// The finding's message, with `{name}` placeholders.
    pub message: &'static str,
    /// Why it matters for banking apps and what to do, for the issuer (the office that made
    /// the code, its QA staff, the generator's developers); may use the same placeholders.
    pub help: &'static str,
    /// What it means for the citizen holding the notice and what they can do (type the details
    /// in by hand, tell the office, take the photo again); the page shows this one. May use
    /// the same placeholders.
    pub citizen: &'static str,
}

impl Rule {
    /// The full citation, e.g. `epc069-12.md §6.1`.
    pub fn citation(&self) -> String {
        format!("epc069-12.md {}", self.cite)
    }

    /// The wording in `lang`.
    pub fn text(&self, lang: Lang) -> &RuleText {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }
}

/// Finds a rule by its code, ignoring ASCII case.
pub fn lookup(code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

macro_rules! catalogue {
    ($(
        $name:ident: $code:literal, $severity:ident, $readability:ident, $field:ident, $cite:literal,
        de($de_title:literal, $de_message:literal, $de_help:literal, citizen: $de_citizen:literal $(,)?),
        en($en_title:literal, $en_message:literal, $en_help:literal, citizen: $en_citizen:literal $(,)?);
    )*) => {
        $(
            #[doc = $en_title]
            pub const $name: Rule = Rule {
                code: $code,
                severity: Severity::$severity,
                readability: Readability::$readability,
                field: Field::$field,
                cite: $cite,
                de: RuleText { title: $de_title, message: $de_message, help: $de_help, citizen: $de_citizen },
                en: RuleText { title: $en_title, message: $en_message, help: $en_help, citizen: $en_citizen },
            };
        )*
        /// Every rule, in the order the checker applies them.
        pub const ALL: &[&Rule] = &[$(&$name),*];
    };
}

catalogue! {
    PAYLOAD_EMPTY: "PAYLOAD-EMPTY", Error, Red, Payload, "§1.1 (EPC069-12 §2.2)",
        de("Leerer Inhalt",
           "Der Code enthält keine Daten.",
           "Ein GiroCode beginnt mit der Zeile BCD und hat mindestens 7 Zeilen. Prüfen Sie, ob der Generator überhaupt Daten geschrieben hat.",
           citizen: "Der QR-Code ist leer. Ihre Banking-App kann damit keine Überweisung ausfüllen."),
        en("Empty payload",
           "The code holds no data.",
           "A GiroCode starts with the line BCD and has at least 7 lines. Check that the generator wrote any data at all.",
           citizen: "The QR code is empty. Your banking app cannot fill in a transfer from it.");
    NOT_GIROCODE: "NOT-GIROCODE", Error, Red, Payload, "§3 (related standards)",
        de("Kein GiroCode",
           "Das ist kein GiroCode, sondern {kind_de}.",
           "Ein GiroCode beginnt mit BCD in Zeile 1 und SCT in Zeile 4. Banking-Apps, die GiroCodes lesen, erkennen diesen Code nicht als SEPA-Überweisung.",
           citizen: "Dieser QR-Code ist kein Code zum Bezahlen, sondern {kind_de}. Ihre Banking-App macht daraus keine Überweisung."),
        en("Not a GiroCode",
           "This is not a GiroCode but {kind_en}.",
           "A GiroCode starts with BCD in line 1 and SCT in line 4. Banking apps that read GiroCodes will not take this code as a SEPA credit transfer.",
           citizen: "This QR code is not a code for paying but {kind_en}. Your banking app will not turn it into a transfer.");
    OTHER_CODE: "OTHER-CODE", Info, Green, Payload, "§3 (related standards)",
        de("Weiterer QR-Code",
           "Neben dem GiroCode steht ein weiterer QR-Code: {kind_de}.",
           "Das ist in Ordnung, solange der GiroCode klar erkennbar bleibt; Banking-Apps ignorieren andere Codes.",
           citizen: "Außer dem Code zum Bezahlen ist noch ein anderer QR-Code zu sehen: {kind_de}. Er hat mit der Überweisung nichts zu tun."),
        en("Another QR code",
           "Besides the GiroCode there is another QR code: {kind_en}.",
           "That is fine as long as the GiroCode stays easy to find; banking apps ignore other codes.",
           citizen: "Besides the code for paying there is another QR code: {kind_en}. It has nothing to do with the transfer.");
    IMAGE_NO_CODE: "IMAGE-NO-CODE", Error, Red, Payload, "§2",
        de("Kein QR-Code gefunden",
           "Im Bild wurde kein QR-Code gefunden.",
           "Fotografieren Sie den Code gerade von vorn, formatfüllend und scharf, ohne Spiegelung; bei einem Scan wählen Sie mindestens 300 dpi.",
           citizen: "Auf dem Bild haben wir keinen QR-Code gefunden. Fotografieren Sie den Code noch einmal: gerade von vorn, nah genug und scharf."),
        en("No QR code found",
           "No QR code was found in the image.",
           "Photograph the code straight on, filling the frame, in focus and without glare; scan at 300 dpi or more.",
           citizen: "We found no QR code in the picture. Take the photo again: straight on, close enough and in focus.");
    IMAGE_UNREADABLE_CODE: "IMAGE-UNREADABLE-CODE", Error, Red, Payload, "§2",
        de("QR-Code nicht lesbar",
           "{count|Ein QR-Code wurde gefunden, ließ sich aber nicht lesen|# QR-Codes wurden gefunden, ließen sich aber nicht lesen}.",
           "Der Code ist zu beschädigt, zu unscharf oder zu klein gedruckt. Wenn ein Foto nicht hilft, prüfen Sie den Druck: ausreichend groß (Modul ≥ 0,33 mm), dunkel, mit 4 Modulen Rand.",
           citizen: "Ein QR-Code wurde gefunden, ist aber nicht lesbar. Gehen Sie näher heran, sorgen Sie für mehr Licht und halten Sie die Kamera ruhig."),
        en("QR code unreadable",
           "{count|A QR code was found but could not be read|# QR codes were found but could not be read}.",
           "The code is too damaged, too blurred or printed too small. If another photo does not help, check the print: large enough (module ≥ 0.33 mm), dark, with a 4-module margin.",
           citizen: "A QR code was found but cannot be read. Move closer, add more light and hold the camera still.");
    IMAGE_TRUNCATED: "IMAGE-TRUNCATED", Warning, Yellow, Payload, "§2",
        de("Bilddatei unvollständig",
           "Die Bilddatei endet vorzeitig; ein Teil des Bildes fehlt und wurde grau ergänzt.",
           "Die Datei wurde wohl nicht vollständig übertragen oder gespeichert. Laden Sie das Foto erneut hoch oder speichern Sie es noch einmal.",
           citizen: "Die Bilddatei ist unvollständig, ein Teil des Bildes fehlt. Laden Sie das Foto noch einmal hoch."),
        en("Image file incomplete",
           "The image file ends early; part of the picture is missing and was filled with grey.",
           "The file was probably not completely uploaded or saved. Upload the photo again or save it once more.",
           citizen: "The image file is incomplete: part of the picture is missing. Upload the photo again.");
    SYMBOL_ECC_LEVEL: "SYMBOL-ECC-LEVEL", Error, Green, Symbol, "§2 (EPC069-12 §2.1)",
        de("Fehlerkorrektur nicht M",
           "Der QR-Code nutzt Fehlerkorrektur {level}; EPC069-12 schreibt M vor.",
           "Die meisten Apps lesen den Code trotzdem. Stellen Sie den Generator auf Stufe M (15 %) und schalten Sie eine automatische Erhöhung ab.",
           citizen: "Der Code ist nicht ganz nach Vorschrift erstellt. Banking-Apps lesen ihn trotzdem richtig."),
        en("Error correction not M",
           "The QR code uses error correction level {level}; EPC069-12 requires M.",
           "Most apps still read it. Set the generator to level M (15 %) and turn off any automatic boost.",
           citizen: "The code is not quite made to the standard. Banking apps still read it correctly.");
    SYMBOL_VERSION: "SYMBOL-VERSION", Error, Yellow, Symbol, "§2 (EPC069-12 §2.1)",
        de("QR-Version zu groß",
           "Der QR-Code hat Version {version} ({modules}×{modules} Module); erlaubt ist höchstens Version 13 (69×69).",
           "Mehr Module heißt kleinere Module bei gleicher Druckgröße: schwerer zu scannen. Meist ist der Inhalt zu lang (über 331 Bytes).",
           citizen: "Der Code ist sehr dicht und fein. Manche Handykameras lesen ihn schwer. Halten Sie die Kamera nah und ruhig."),
        en("QR version too large",
           "The QR code is version {version} ({modules}×{modules} modules); at most version 13 (69×69) is allowed.",
           "More modules means smaller modules at the same print size: harder to scan. Usually the payload is too long (over 331 bytes).",
           citizen: "The code is very dense and fine. Some phone cameras struggle to read it. Hold the camera close and still.");
    SYMBOL_MODE: "SYMBOL-MODE", Warning, Green, Symbol, "§2",
        de("Nicht nur Byte-Modus",
           "Der QR-Code enthält Segmente im Modus {modes}; üblich ist der Byte-Modus.",
           "Numerische oder alphanumerische Segmente sind gültiges QR, sparen bei GiroCodes aber nichts; manche Leser verlieren dabei den Zeichensatz.",
           citizen: "Der Code ist ungewöhnlich aufgebaut. Die meisten Banking-Apps lesen ihn trotzdem richtig."),
        en("Not byte mode only",
           "The QR code holds segments in {modes} mode; byte mode is usual.",
           "Numeric or alphanumeric segments are valid QR but save nothing in GiroCodes; some readers lose the charset with them.",
           citizen: "The code is built in an unusual way. Most banking apps still read it correctly.");
    SYMBOL_ECI_MISMATCH: "SYMBOL-ECI-MISMATCH", Error, Red, Symbol, "§2, §1.2 line 3",
        de("ECI widerspricht dem Zeichensatz",
           "Der QR-Code kündigt mit ECI {eci} den Zeichensatz {eci_charset} an, Zeile 3 erklärt aber {charset}.",
           "Apps, die das ECI beachten, lesen den Text anders als die Zeile 3 sagt – Umlaute werden falsch. ECI und Zeile 3 müssen übereinstimmen (ECI 26 ↔ 1, ECI 3 ↔ 2, …) oder das ECI entfällt.",
           citizen: "Der Code gibt widersprüchlich an, wie sein Text gespeichert ist. Manche Banking-Apps zeigen dann Umlaute falsch an. Prüfen Sie Empfänger und Verwendungszweck in Ihrer App."),
        en("ECI contradicts the charset",
           "The QR code announces charset {eci_charset} with ECI {eci}, but line 3 declares {charset}.",
           "Apps that honour the ECI read the text differently from what line 3 says – umlauts come out wrong. ECI and line 3 must agree (ECI 26 ↔ 1, ECI 3 ↔ 2, …) or the ECI is left out.",
           citizen: "The code states in two contradicting ways how its text is stored. Some banking apps then show umlauts wrongly. Check the recipient and the payment reference in your app.");
    SYMBOL_STRUCTURED_APPEND: "SYMBOL-STRUCTURED-APPEND", Error, Red, Symbol, "§2",
        de("Teil einer Code-Folge",
           "Der QR-Code ist Teil einer Folge mehrerer Codes (Structured Append).",
           "Ein GiroCode muss in einem einzigen QR-Code stehen; Banking-Apps setzen keine Folgen zusammen.",
           citizen: "Der Code ist nur ein Teil einer Folge von Codes. Banking-Apps können solche Teile nicht zusammensetzen."),
        en("Part of a code sequence",
           "The QR code is part of a sequence of codes (structured append).",
           "A GiroCode must fit in one QR code; banking apps do not join sequences.",
           citizen: "The code is only one part of a series of codes. Banking apps cannot put such parts together.");
    SYMBOL_INVERTED: "SYMBOL-INVERTED", Warning, Yellow, Symbol, "§2 (ISO/IEC 18004 reflectance reversal)",
        de("Hell auf dunkel gedruckt",
           "Der QR-Code ist hell auf dunklem Grund gedruckt.",
           "Das Format erlaubt es, aber viele Banking-Apps lesen nur dunkle Module auf hellem Grund. Drucken Sie den Code dunkel auf weiß.",
           citizen: "Der Code ist hell auf dunklem Grund gedruckt. Viele Banking-Apps erkennen ihn so nicht."),
        en("Printed light on dark",
           "The QR code is printed light on a dark background.",
           "The format allows it, but many banking apps read only dark modules on a light background. Print the code dark on white.",
           citizen: "The code is printed light on a dark background. Many banking apps do not recognise it like that.");
    SYMBOL_MIRRORED: "SYMBOL-MIRRORED", Warning, Yellow, Symbol, "§2 (ISO/IEC 18004)",
        de("Gespiegelter Code",
           "Der QR-Code ist spiegelverkehrt gedruckt.",
           "Nicht jede App liest gespiegelte Codes. Prüfen Sie, ob die Druckvorlage gespiegelt wurde (z. B. für Folien).",
           citizen: "Der Code ist spiegelverkehrt gedruckt. Nicht jede Banking-App kann ihn lesen."),
        en("Mirrored code",
           "The QR code is printed mirror-inverted.",
           "Not every app reads mirrored codes. Check whether the print template was mirrored (e.g. for transparencies).",
           citizen: "The code is printed mirror-inverted. Not every banking app can read it.");
    SYMBOL_DAMAGE_MARGIN: "SYMBOL-DAMAGE-MARGIN", Warning, Green, Symbol, "§2 (ISO/IEC 15415 unused error correction)",
        de("Wenig Reserve in der Fehlerkorrektur",
           "Der Code übersteht nur noch {remaining} % weitere Beschädigung: {used} % der Fehlerkorrektur sind schon verbraucht (Richtwert, keine ISO-Note).",
           "Drucken Sie dunkler, größer oder auf glatterem Papier; bei einem Foto: ruhig halten, gutes Licht, ohne Spiegelung.",
           citizen: "Der Code ist auf dem Bild schon etwas beschädigt oder unscharf. Halten Sie die Kamera ruhig und sorgen Sie für gutes Licht ohne Spiegelung."),
        en("Little error-correction reserve",
           "The code survives only {remaining} % more damage: {used} % of its error correction is already used (indicative, not an ISO grade).",
           "Print darker, larger or on smoother paper; for a photo: hold still, good light, no glare.",
           citizen: "In the picture the code is already somewhat damaged or blurred. Hold the camera still and use good light without glare.");
    SYMBOL_QUIET_ZONE: "SYMBOL-QUIET-ZONE", Warning, Yellow, Symbol, "§2, §7 (ISO/IEC 18004 quiet zone)",
        de("Zu wenig Rand",
           "Um den QR-Code sind nur {modules} Module Rand frei; nötig sind 4.",
           "Text, Linien oder der Papierrand zu nah am Code verwirren Scanner. Halten Sie rundum 4 Module frei.",
           citizen: "Um den Code ist wenig Platz frei. Manche Banking-Apps finden ihn dann schwer. Halten Sie die Kamera so, dass der Code den Rahmen gut ausfüllt."),
        en("Quiet zone too small",
           "Only {modules} modules of margin around the QR code are clear; 4 are needed.",
           "Text, lines or the paper edge too close to the code confuse scanners. Keep 4 modules clear all round.",
           citizen: "There is little free space around the code. Some banking apps then struggle to find it. Hold the camera so that the code fills the frame well.");
    SYMBOL_PICTURE_MARGIN: "SYMBOL-PICTURE-MARGIN", Warning, Yellow, Symbol, "§2, §7 (ISO/IEC 18004 quiet zone)",
        de("Bild endet zu dicht am Code",
           "Das Bild des Codes hat nur {modules} Module Rand; gedruckt braucht der Code rundum 4 Module freie Fläche.",
           "Das Bild selbst endet im Ruhebereich des Codes (Generatoren lassen oft nur 0 bis 2 Module). Das ist kein Fehler des Codes, aber die Vorlage muss den Rand freihalten: Stellen Sie das Bild mit 4 Modulen weißem Rand ein oder lassen Sie in der Vorlage so viel Platz, ohne Text, Linien oder Farbflächen.",
           citizen: "Um den Code ist auf dem Bild wenig Rand. Zum Prüfen ist das in Ordnung."),
        en("Picture ends too close to the code",
           "The code's picture has only {modules} modules of margin; printed, the code needs 4 modules of free space all round.",
           "The picture itself ends inside the code's quiet zone (generators often leave 0 to 2 modules). The code is not at fault, but the template must keep the margin free: place the picture with a 4-module white margin, or leave that much space in the template, without text, lines or coloured areas.",
           citizen: "There is little margin around the code in the picture. That is fine for checking it.");
    SYMBOL_CONTRAST: "SYMBOL-CONTRAST", Warning, Green, Symbol, "§2 (ISO/IEC 15415 symbol contrast)",
        de("Geringer Kontrast",
           "Der Kontrast zwischen hellen und dunklen Modulen beträgt nur {percent} % (Richtwert).",
           "Drucken Sie schwarz auf weiß statt grau oder farbig; bei einem Foto: mehr Licht, keine Schatten.",
           citizen: "Der Code ist blass oder schlecht beleuchtet. Sorgen Sie für mehr Licht und vermeiden Sie Schatten."),
        en("Low contrast",
           "The contrast between light and dark modules is only {percent} % (indicative).",
           "Print black on white instead of grey or colour; for a photo: more light, no shadows.",
           citizen: "The code is faint or poorly lit. Add more light and avoid shadows.");
    SYMBOL_SINGLE_ENGINE: "SYMBOL-SINGLE-ENGINE", Warning, Yellow, Symbol, "§2",
        de("Nur von einem Leser erkannt",
           "Nur einer von {engines} Lesern konnte den Code lesen ({engine}).",
           "Ein Code, den nur ein Leser schafft, ist ein knapper Druck: manche Banking-App wird scheitern. Drucken Sie größer und kontrastreicher.",
           citizen: "Der Code ließ sich nur mit Mühe lesen. Manche Banking-Apps werden ihn nicht erkennen."),
        en("Read by one engine only",
           "Only one of {engines} readers could read the code ({engine}).",
           "A code that only one reader manages is a marginal print: some banking app will fail. Print larger and with more contrast.",
           citizen: "The code was hard to read. Some banking apps will not recognise it.");
    SYMBOL_LOGO: "SYMBOL-LOGO", Warning, Green, Symbol, "§2 (EPC069-12 §2.1 level M; ISO/IEC 18004 error correction)",
        de("Logo oder Bild über dem Code",
           "Ein Logo, Bild oder Fleck bedeckt {share} % des Codes ({place_de}) und verbraucht {used} % seiner Fehlerkorrektur.",
           "Die Module unter dem Logo sind falsch und werden nur durch die Fehlerkorrektur ersetzt; was sie verbraucht, fehlt später für Knicke, Flecken und unscharfe Fotos. EPC069-12 schreibt Stufe M vor, ein Logo lässt sich also nicht mit Stufe H bezahlen: Machen Sie das Logo kleiner oder setzen Sie es neben den Code.",
           citizen: "Über dem Code ist ein Logo oder Bild gedruckt. Banking-Apps lesen ihn trotzdem, solange er sonst sauber ist."),
        en("Logo or picture over the code",
           "A logo, picture or blot covers {share} % of the code ({place_en}) and uses {used} % of its error correction.",
           "The modules under the logo are wrong and only replaced by error correction; what it uses is missing later for creases, spots and blurred photos. EPC069-12 requires level M, so a logo cannot be paid for with level H: make the logo smaller or put it beside the code.",
           citizen: "A logo or picture is printed over the code. Banking apps still read it as long as it is otherwise clean.");
    SYMBOL_APPS_FAIL: "SYMBOL-APPS-FAIL", Warning, Red, Symbol, "§2 (ISO/IEC 15415 print quality; calibrated against app-class readers)",
        de("Banking-Apps scheitern am Druck",
           "Banking-Apps werden diesen Code kaum lesen: {reason_de}.",
           "giroscope hat den Code nur mit Mühe gelesen; App-Leser (zxing-cpp, OpenCV, ZBar) lesen so gedruckte Codes nicht. Das ist ein Fehler des Drucks, kein schlechtes Foto: Halten Sie die drei Quadrate in den Ecken frei und unbeschädigt, drucken Sie keinen Stempel, kein Logo und keinen Text über den Code und drucken Sie ihn scharf.",
           citizen: "Ihre Banking-App wird diesen Code wahrscheinlich nicht lesen können: Er ist fehlerhaft gedruckt. Geben Sie die Angaben vom Bescheid von Hand in Ihre Banking-App ein und sagen Sie der ausstellenden Stelle Bescheid."),
        en("Banking apps fail on the print",
           "Banking apps will hardly read this code: {reason_en}.",
           "giroscope read the code only with effort; app-class readers (zxing-cpp, OpenCV, ZBar) do not read codes printed like this. It is the print, not a poor photo: keep the three corner squares free and undamaged, print no stamp, logo or text over the code and print it sharp.",
           citizen: "Your banking app will probably not read this code: it is badly printed. Type the details from the notice into your banking app by hand and tell the office that sent it.");
    SYMBOL_APPS_FAIL_PHOTO: "SYMBOL-APPS-FAIL-PHOTO", Warning, Red, Symbol, "§2 (ISO/IEC 15415 print quality; calibrated against app-class readers)",
        de("Banking-Apps scheitern an diesem Foto",
           "Banking-Apps werden den Code auf diesem Foto kaum lesen: {reason_de}.",
           "Das liegt am Foto, nicht am Druck, soweit die Pixel es zeigen: Prüfen Sie den Druck mit einem Scan oder einem scharfen Foto von vorn.",
           citizen: "Auf diesem Foto ist der Code so schlecht zu erkennen, dass Banking-Apps ihn wahrscheinlich nicht lesen. Fotografieren Sie ihn noch einmal: gerade von vorn, scharf und mit gutem Licht. Klappt es dann nicht, geben Sie die Angaben vom Bescheid von Hand ein."),
        en("Banking apps fail on this photo",
           "Banking apps will hardly read the code in this photo: {reason_en}.",
           "As far as the pixels tell, it is the photo, not the print: check the print with a scan or a sharp photo taken straight on.",
           citizen: "In this photo the code is so hard to make out that banking apps will probably not read it. Take the photo again: straight on, in focus and in good light. If that does not work either, type the details from the notice in by hand.");
    SYMBOL_APPS_STRUGGLE: "SYMBOL-APPS-STRUGGLE", Warning, Yellow, Symbol, "§2 (ISO/IEC 15415 print quality; calibrated against app-class readers)",
        de("Manche Banking-Apps scheitern am Druck",
           "Manche Banking-Apps werden diesen Code nicht lesen: {reason_de}.",
           "Von den App-Lesern (zxing-cpp, OpenCV, ZBar) liest nur ein Teil so gedruckte Codes. Das ist ein Fehler des Drucks: Halten Sie die drei Quadrate in den Ecken frei und unbeschädigt und drucken Sie nichts über den Code.",
           citizen: "Manche Banking-Apps werden diesen Code nicht lesen können, weil er fehlerhaft gedruckt ist. Klappt es mit Ihrer App nicht, geben Sie die Angaben vom Bescheid von Hand ein."),
        en("Some banking apps fail on the print",
           "Some banking apps will not read this code: {reason_en}.",
           "Only some of the app-class readers (zxing-cpp, OpenCV, ZBar) read codes printed like this. It is the print: keep the three corner squares free and undamaged and print nothing over the code.",
           citizen: "Some banking apps will not read this code because it is badly printed. If yours does not, type the details from the notice in by hand.");
    SYMBOL_APPS_STRUGGLE_PHOTO: "SYMBOL-APPS-STRUGGLE-PHOTO", Warning, Yellow, Symbol, "§2 (ISO/IEC 15415 print quality; calibrated against app-class readers)",
        de("Manche Banking-Apps scheitern an diesem Foto",
           "Manche Banking-Apps werden den Code auf diesem Foto nicht lesen: {reason_de}.",
           "Das liegt am Foto, nicht am Druck, soweit die Pixel es zeigen.",
           citizen: "Auf diesem Foto ist der Code etwas unscharf; manche Banking-Apps lesen ihn so nicht. Halten Sie die Kamera ruhig, nah genug und sorgen Sie für gutes Licht."),
        en("Some banking apps fail on this photo",
           "Some banking apps will not read the code in this photo: {reason_en}.",
           "As far as the pixels tell, it is the photo, not the print.",
           citizen: "In this photo the code is somewhat blurred; some banking apps do not read it like this. Hold the camera still and close enough, in good light.");
    PDF_PAGE_NO_CODE: "PDF-PAGE-NO-CODE", Error, Red, Payload, "§2",
        de("Seite ohne QR-Code",
           "Seite {page} enthält keinen QR-Code.",
           "Jeder Bescheid braucht seinen GiroCode. Prüfen Sie die Serienbrief-Vorlage und die Datenquelle für diese Seite.",
           citizen: "Auf Seite {page} haben wir keinen QR-Code gefunden. Gehört auf diese Seite kein Code zum Bezahlen, ist das in Ordnung."),
        en("Page without a QR code",
           "Page {page} holds no QR code.",
           "Every notice needs its GiroCode. Check the mail-merge template and the data source for this page.",
           citizen: "We found no QR code on page {page}. If that page is not meant to have a code for paying, that is fine.");
    PDF_PAGE_UNREADABLE_CODE: "PDF-PAGE-UNREADABLE-CODE", Error, Red, Payload, "§2",
        de("QR-Code auf der Seite nicht lesbar",
           "Auf Seite {page} {count|wurde ein QR-Code gefunden, ließ sich aber nicht lesen|wurden # QR-Codes gefunden, ließen sich aber nicht lesen}.",
           "Der Code ist beschädigt, überdeckt oder zu klein gerendert. Prüfen Sie die Vorlage an dieser Stelle.",
           citizen: "Auf Seite {page} ist ein QR-Code, er ist aber nicht lesbar. Banking-Apps werden ihn wahrscheinlich auch nicht lesen."),
        en("QR code on the page unreadable",
           "On page {page}, {count|a QR code was found but could not be read|# QR codes were found but could not be read}.",
           "The code is damaged, covered or rendered too small. Check the template at that spot.",
           citizen: "Page {page} has a QR code, but it cannot be read. Banking apps will probably not read it either.");
    PDF_PAGE_TOO_LARGE: "PDF-PAGE-TOO-LARGE", Error, Red, Payload, "§2",
        de("Seite zu groß",
           "Seite {page} misst {width_mm}×{height_mm} mm; bei {dpi} dpi wären das {pixels} Pixel, erlaubt sind {limit}.",
           "Die Seite wurde nicht gerendert. Bescheide haben A4- oder A5-Format; prüfen Sie das Seitenformat oder wählen Sie eine kleinere Auflösung (--dpi).",
           citizen: "Seite {page} ist zu groß, um sie zu prüfen. Fotografieren Sie stattdessen den Code auf dieser Seite."),
        en("Page too large",
           "Page {page} measures {width_mm}×{height_mm} mm; at {dpi} dpi that is {pixels} pixels, the limit is {limit}.",
           "The page was not rendered. Notices are A4 or A5; check the page size or choose a lower resolution (--dpi).",
           citizen: "Page {page} is too large to check. Take a photo of the code on that page instead.");
    PDF_PAGE_IMAGE_TOO_LARGE: "PDF-PAGE-IMAGE-TOO-LARGE", Error, Red, Payload, "§2",
        de("Bild auf der Seite zu groß",
           "Seite {page} zeigt ein Bild von {width}×{height} Pixeln; erlaubt sind {limit} Pixel je Bild.",
           "Die Seite wurde nicht gerendert, die übrigen schon. Ein so großes Bild gehört nicht in einen Bescheid: Prüfen Sie, wie die Vorlage Bilder einbettet (Logo, Unterschrift, Hintergrund), und speichern Sie die PDF-Datei neu.",
           citizen: "Seite {page} ist zu aufwendig, um sie hier zu prüfen. Fotografieren Sie stattdessen den Code auf dieser Seite."),
        en("Image on the page too large",
           "Page {page} shows an image of {width}×{height} pixels; the limit is {limit} pixels an image.",
           "The page was not rendered; the others were. An image that large does not belong in a notice: check how the template embeds images (logo, signature, background) and save the PDF again.",
           citizen: "Page {page} is too elaborate to check here. Take a photo of the code on that page instead.");
    PDF_PAGE_DATA_TOO_LARGE: "PDF-PAGE-DATA-TOO-LARGE", Error, Red, Payload, "§2",
        de("Seite entpackt zu viele Daten",
           "Die Datenströme von Seite {page} werden beim Entpacken größer als {limit_mb} MB.",
           "Die Seite wurde nicht gerendert, die übrigen schon. Ein Bescheid braucht wenige MB; speichern Sie die PDF-Datei neu (z. B. „Als PDF drucken“) und prüfen Sie die Vorlage.",
           citizen: "Seite {page} ist zu aufwendig, um sie hier zu prüfen. Fotografieren Sie stattdessen den Code auf dieser Seite."),
        en("Page unpacks too much data",
           "The data streams of page {page} decompress to more than {limit_mb} MB.",
           "The page was not rendered; the others were. A notice needs a few MB; save the PDF again (e.g. \"print to PDF\") and check the template.",
           citizen: "Page {page} is too elaborate to check here. Take a photo of the code on that page instead.");
    PDF_PAGE_TOO_COMPLEX: "PDF-PAGE-TOO-COMPLEX", Error, Red, Payload, "§2",
        de("Seite zu aufwendig gezeichnet",
           "Seite {page} braucht mehr als {limit} Zeichenschritte (gezählt: {work}); Formulare, die sich gegenseitig zeichnen, zählen jedes Mal.",
           "Die Seite wurde nicht gerendert, die übrigen schon. Ein Bescheid braucht weniger als ein Fünfzigstel davon; speichern Sie die PDF-Datei neu (z. B. „Als PDF drucken“) und prüfen Sie die Vorlage.",
           citizen: "Seite {page} ist zu aufwendig, um sie hier zu prüfen. Fotografieren Sie stattdessen den Code auf dieser Seite."),
        en("Page drawn too elaborately",
           "Page {page} needs more than {limit} drawing steps (counted: {work}); forms that draw one another count each time.",
           "The page was not rendered; the others were. A notice needs less than a fiftieth of that; save the PDF again (e.g. \"print to PDF\") and check the template.",
           citizen: "Page {page} is too elaborate to check here. Take a photo of the code on that page instead.");
    PDF_PAGE_BROKEN: "PDF-PAGE-BROKEN", Error, Red, Payload, "§2",
        de("Seite beschädigt",
           "Seite {page} ist beschädigt: Ihre Seitenbeschreibung lässt sich nicht lesen, die Seite wurde nicht geprüft.",
           "Die übrigen Seiten wurden gelesen. Erzeugen Sie die PDF-Datei neu; prüfen Sie Seitengröße und -drehung in der Vorlage.",
           citizen: "Seite {page} der Datei ist beschädigt und ließ sich nicht prüfen. Fotografieren Sie stattdessen den Code auf dieser Seite."),
        en("Page damaged",
           "Page {page} is damaged: its page description cannot be read, and the page was not checked.",
           "The other pages were read. Create the PDF again; check the page size and rotation in the template.",
           citizen: "Page {page} of the file is damaged and could not be checked. Take a photo of the code on that page instead.");
    PDF_PAGE_RENDER_FAILED: "PDF-PAGE-RENDER-FAILED", Error, Red, Payload, "§2",
        de("Seite nicht darstellbar",
           "Seite {page} ließ sich nicht darstellen ({detail}).",
           "Die übrigen Seiten wurden gelesen. Speichern Sie die PDF-Datei neu (z. B. „Als PDF drucken“) und prüfen Sie die Seite erneut.",
           citizen: "Seite {page} ließ sich nicht prüfen. Fotografieren Sie stattdessen den Code auf dieser Seite."),
        en("Page could not be rendered",
           "Page {page} could not be rendered ({detail}).",
           "The other pages were read. Save the PDF again (e.g. \"print to PDF\") and check the page once more.",
           citizen: "Page {page} could not be checked. Take a photo of the code on that page instead.");
    TIFF_PAGE_NO_CODE: "TIFF-PAGE-NO-CODE", Error, Red, Payload, "§2",
        de("Scan-Seite ohne QR-Code",
           "Seite {page} des Scans enthält keinen QR-Code.",
           "Jeder Bescheid braucht seinen GiroCode. Prüfen Sie, ob die Seite vollständig und richtig herum gescannt wurde, und die Vorlage dieses Bescheids.",
           citizen: "Auf Seite {page} haben wir keinen QR-Code gefunden. Gehört auf diese Seite kein Code zum Bezahlen, ist das in Ordnung."),
        en("Scanned page without a QR code",
           "Page {page} of the scan holds no QR code.",
           "Every notice needs its GiroCode. Check that the page was scanned whole and the right way round, and the template of this notice.",
           citizen: "We found no QR code on page {page}. If that page is not meant to have a code for paying, that is fine.");
    TIFF_PAGE_UNREADABLE_CODE: "TIFF-PAGE-UNREADABLE-CODE", Error, Red, Payload, "§2",
        de("QR-Code auf der Scan-Seite nicht lesbar",
           "Auf Seite {page} des Scans {count|wurde ein QR-Code gefunden, ließ sich aber nicht lesen|wurden # QR-Codes gefunden, ließen sich aber nicht lesen}.",
           "Scannen Sie mit mindestens 300 dpi in Graustufen. Hilft das nicht, ist der Druck an dieser Stelle zu klein, zu blass oder beschädigt.",
           citizen: "Auf Seite {page} ist ein QR-Code, er ist aber nicht lesbar. Banking-Apps werden ihn wahrscheinlich auch nicht lesen."),
        en("QR code on the scanned page unreadable",
           "On page {page} of the scan, {count|a QR code was found but could not be read|# QR codes were found but could not be read}.",
           "Scan at 300 dpi or more in greyscale. If that does not help, the print is too small, too faint or damaged at that spot.",
           citizen: "Page {page} has a QR code, but it cannot be read. Banking apps will probably not read it either.");
    TIFF_PAGE_TOO_LARGE: "TIFF-PAGE-TOO-LARGE", Error, Red, Payload, "§2",
        de("Scan-Seite zu groß",
           "Seite {page} des Scans hat {width}×{height} Pixel, erlaubt sind höchstens {limit}.",
           "Die Seite wurde nicht gelesen, die übrigen schon. 300 dpi genügen (A4: 8,7 Megapixel); scannen Sie mit geringerer Auflösung oder erhöhen Sie --max-megapixels.",
           citizen: "Seite {page} ist zu groß, um sie zu prüfen. Fotografieren Sie stattdessen den Code auf dieser Seite."),
        en("Scanned page too large",
           "Page {page} of the scan has {width}×{height} pixels; the limit is {limit}.",
           "The page was not read; the others were. 300 dpi is enough (A4: 8.7 megapixels); scan at a lower resolution or raise --max-megapixels.",
           citizen: "Page {page} is too large to check. Take a photo of the code on that page instead.");
    TIFF_PAGE_TIMEOUT: "TIFF-PAGE-TIMEOUT", Error, Red, Payload, "§2",
        de("Scan-Seite nicht fertig gelesen",
           "Das Lesen von Seite {page} des Scans wurde nach {seconds} s abgebrochen, bevor es fertig war; ihre Codes werden nicht gemeldet.",
           "Das ist ein Sicherheitsnetz, das bei normaler Arbeit nie auslöst: Der Rechner war stark überlastet. Prüfen Sie den Scan erneut oder erhöhen Sie --read-timeout.",
           citizen: "Seite {page} konnten wir gerade nicht zu Ende prüfen. Versuchen Sie es in einem Moment noch einmal."),
        en("Scanned page not read to the end",
           "Reading page {page} of the scan was stopped after {seconds} s, before it was done; its codes are not reported.",
           "This safety net never trips in normal work: the machine was heavily overloaded. Check the scan again or raise --read-timeout.",
           citizen: "We could not finish checking page {page} just now. Please try again in a moment.");
    TIFF_PAGE_DAMAGED: "TIFF-PAGE-DAMAGED", Error, Red, Payload, "§2",
        de("Scan-Seite beschädigt",
           "Seite {page} des Scans ist beschädigt oder in einem nicht lesbaren Format gespeichert ({detail}).",
           "Die Seite wurde nicht gelesen, die übrigen schon. Speichern Sie den Scan erneut (z. B. als Graustufen-TIFF mit LZW- oder G4-Kompression) oder scannen Sie die Seite neu.",
           citizen: "Seite {page} der Datei ist beschädigt und ließ sich nicht prüfen. Fotografieren Sie stattdessen den Code auf dieser Seite."),
        en("Scanned page damaged",
           "Page {page} of the scan is damaged or stored in a form giroscope cannot read ({detail}).",
           "The page was not read; the others were. Save the scan again (e.g. as a greyscale TIFF with LZW or G4 compression) or scan the page again.",
           citizen: "Page {page} of the file is damaged and could not be checked. Take a photo of the code on that page instead.");
    PDF_PAGE_TIMEOUT: "PDF-PAGE-TIMEOUT", Error, Red, Payload, "§2",
        de("Seite nicht fertig gelesen",
           "Das Lesen von Seite {page} wurde nach {seconds} s abgebrochen, bevor es fertig war; ihre Codes werden nicht gemeldet.",
           "Das ist ein Sicherheitsnetz, das bei normaler Arbeit nie auslöst: Der Rechner war stark überlastet. Prüfen Sie die Seite erneut oder erhöhen Sie --read-timeout.",
           citizen: "Seite {page} konnten wir gerade nicht zu Ende prüfen. Versuchen Sie es in einem Moment noch einmal."),
        en("Page not read to the end",
           "Reading page {page} was stopped after {seconds} s, before it was done; its codes are not reported.",
           "This safety net never trips in normal work: the machine was heavily overloaded. Check the page again or raise --read-timeout.",
           citizen: "We could not finish checking page {page} just now. Please try again in a moment.");
    SYMBOL_MODULE_TOO_SMALL: "SYMBOL-MODULE-TOO-SMALL", Warning, Yellow, Symbol, "§2 (print size)",
        de("Module zu klein gedruckt",
           "Die Module sind nur {module_mm} mm groß; unter 0,33 mm haben Handykameras Mühe.",
           "Drucken Sie den Code größer: bei 0,5 mm pro Modul ist ein GiroCode der Version 6 rund 24 mm breit.",
           citizen: "Der Code ist sehr klein gedruckt. Halten Sie die Kamera nah heran, damit Ihre Banking-App ihn scharf sieht."),
        en("Modules printed too small",
           "The modules are only {module_mm} mm; below 0.33 mm phone cameras struggle.",
           "Print the code larger: at 0.5 mm a module a version-6 GiroCode is about 24 mm wide.",
           citizen: "The code is printed very small. Hold the camera close so that your banking app sees it sharply.");
    SYMBOL_PRINT_TOO_SMALL: "SYMBOL-PRINT-TOO-SMALL", Warning, Yellow, Symbol, "§2 (print size)",
        de("Code zu klein gedruckt",
           "Der Code ist mit Ruhezone nur {width_mm} mm breit; empfohlen sind mindestens 20 mm.",
           "Kleine Codes lassen sich schwer fokussieren. Drucken Sie den Code (mit 4 Modulen Rand) mindestens 20 mm breit.",
           citizen: "Der Code ist klein gedruckt. Halten Sie die Kamera nah heran und warten Sie, bis das Bild scharf ist."),
        en("Code printed too small",
           "The code is only {width_mm} mm wide including its quiet zone; at least 20 mm is advised.",
           "Small codes are hard to focus on. Print the code (with a 4-module margin) at least 20 mm wide.",
           citizen: "The code is printed small. Hold the camera close and wait until the picture is sharp.");
    EXPECT_IBAN: "EXPECT-IBAN", Error, Red, Iban, "expected data (--expect)",
        de("IBAN weicht von der Liste ab",
           "IBAN im Code: „{actual}“, laut Liste (Zeile {row}) erwartet: „{expected}“.",
           "Der Code zahlt nicht das, was der Bescheid verlangt. Prüfen Sie Serienbrief-Zuordnung und Datenquelle dieser Seite.",
           citizen: "Die IBAN im Code passt nicht zu den Daten der ausstellenden Stelle. Vergleichen Sie die IBAN mit dem gedruckten Bescheid."),
        en("IBAN differs from the list",
           "IBAN in the code: \"{actual}\", expected by the list (line {row}): \"{expected}\".",
           "The code does not pay what the notice asks for. Check the mail-merge mapping and the data source for this page.",
           citizen: "The IBAN in the code does not match the issuing office's data. Compare the IBAN with the printed notice.");
    EXPECT_BIC: "EXPECT-BIC", Error, Red, Bic, "expected data (--expect)",
        de("BIC weicht von der Liste ab",
           "BIC im Code: „{actual}“, laut Liste (Zeile {row}) erwartet: „{expected}“.",
           "Der Code zahlt nicht das, was der Bescheid verlangt. Prüfen Sie Serienbrief-Zuordnung und Datenquelle dieser Seite.",
           citizen: "Die BIC im Code passt nicht zu den Daten der ausstellenden Stelle. Vergleichen Sie die BIC mit dem gedruckten Bescheid."),
        en("BIC differs from the list",
           "BIC in the code: \"{actual}\", expected by the list (line {row}): \"{expected}\".",
           "The code does not pay what the notice asks for. Check the mail-merge mapping and the data source for this page.",
           citizen: "The BIC in the code does not match the issuing office's data. Compare the BIC with the printed notice.");
    EXPECT_NAME: "EXPECT-NAME", Error, Red, Name, "expected data (--expect)",
        de("Empfänger weicht von der Liste ab",
           "Empfänger im Code: „{actual}“, laut Liste (Zeile {row}) erwartet: „{expected}“.",
           "Der Code zahlt nicht das, was der Bescheid verlangt. Prüfen Sie Serienbrief-Zuordnung und Datenquelle dieser Seite.",
           citizen: "Der Empfänger im Code passt nicht zu den Daten der ausstellenden Stelle. Vergleichen Sie den Empfänger mit dem gedruckten Bescheid."),
        en("Beneficiary differs from the list",
           "Beneficiary in the code: \"{actual}\", expected by the list (line {row}): \"{expected}\".",
           "The code does not pay what the notice asks for. Check the mail-merge mapping and the data source for this page.",
           citizen: "The recipient in the code does not match the issuing office's data. Compare the recipient with the printed notice.");
    EXPECT_AMOUNT: "EXPECT-AMOUNT", Error, Red, Amount, "expected data (--expect)",
        de("Betrag weicht von der Liste ab",
           "Betrag im Code: „{actual}“, laut Liste (Zeile {row}) erwartet: „{expected}“.",
           "Der Code zahlt nicht das, was der Bescheid verlangt. Prüfen Sie Serienbrief-Zuordnung und Datenquelle dieser Seite.",
           citizen: "Der Betrag im Code passt nicht zu den Daten der ausstellenden Stelle. Vergleichen Sie den Betrag mit dem gedruckten Bescheid."),
        en("Amount differs from the list",
           "Amount in the code: \"{actual}\", expected by the list (line {row}): \"{expected}\".",
           "The code does not pay what the notice asks for. Check the mail-merge mapping and the data source for this page.",
           citizen: "The amount in the code does not match the issuing office's data. Compare the amount with the printed notice.");
    EXPECT_REFERENCE: "EXPECT-REFERENCE", Error, Red, Reference, "expected data (--expect)",
        de("Referenz weicht von der Liste ab",
           "Referenz im Code: „{actual}“, laut Liste (Zeile {row}) erwartet: „{expected}“.",
           "Der Code zahlt nicht das, was der Bescheid verlangt. Prüfen Sie Serienbrief-Zuordnung und Datenquelle dieser Seite.",
           citizen: "Die Referenz im Code passt nicht zu den Daten der ausstellenden Stelle. Vergleichen Sie sie mit dem gedruckten Bescheid."),
        en("Reference differs from the list",
           "Reference in the code: \"{actual}\", expected by the list (line {row}): \"{expected}\".",
           "The code does not pay what the notice asks for. Check the mail-merge mapping and the data source for this page.",
           citizen: "The reference in the code does not match the issuing office's data. Compare it with the printed notice.");
    EXPECT_TEXT: "EXPECT-TEXT", Error, Red, Text, "expected data (--expect)",
        de("Verwendungszweck weicht von der Liste ab",
           "Verwendungszweck im Code: „{actual}“, laut Liste (Zeile {row}) erwartet: „{expected}“.",
           "Der Code zahlt nicht das, was der Bescheid verlangt. Prüfen Sie Serienbrief-Zuordnung und Datenquelle dieser Seite.",
           citizen: "Der Verwendungszweck im Code passt nicht zu den Daten der ausstellenden Stelle. Vergleichen Sie ihn mit dem gedruckten Bescheid."),
        en("Remittance text differs from the list",
           "Remittance text in the code: \"{actual}\", expected by the list (line {row}): \"{expected}\".",
           "The code does not pay what the notice asks for. Check the mail-merge mapping and the data source for this page.",
           citizen: "The payment reference in the code does not match the issuing office's data. Compare it with the printed notice.");
    EXPECT_INFORMATION: "EXPECT-INFORMATION", Error, Red, Information, "expected data (--expect)",
        de("Hinweis weicht von der Liste ab",
           "Hinweis im Code: „{actual}“, laut Liste (Zeile {row}) erwartet: „{expected}“.",
           "Der Code zahlt nicht das, was der Bescheid verlangt. Prüfen Sie Serienbrief-Zuordnung und Datenquelle dieser Seite.",
           citizen: "Der Hinweis im Code passt nicht zu den Daten der ausstellenden Stelle. Für Ihre Überweisung ändert das nichts."),
        en("Information differs from the list",
           "Information in the code: \"{actual}\", expected by the list (line {row}): \"{expected}\".",
           "The code does not pay what the notice asks for. Check the mail-merge mapping and the data source for this page.",
           citizen: "The note in the code does not match the issuing office's data. It makes no difference to your transfer.");
    EXPECT_MISSING_CODE: "EXPECT-MISSING-CODE", Error, Red, Payload, "expected data (--expect)",
        de("Erwarteter Code fehlt",
           "Laut Liste (Zeile {row}) gehört zu {target_de} ein GiroCode, gelesen wurde keiner.",
           "Der Bescheid würde ohne funktionierenden Code verschickt. Prüfen Sie Vorlage und Daten für diesen Bescheid.",
           citizen: "Zu diesem Bescheid gehört ein QR-Code zum Bezahlen, wir konnten aber keinen lesen."),
        en("Expected code missing",
           "The list (line {row}) expects a GiroCode on {target_en}; none was read.",
           "The notice would go out without a working code. Check the template and data for this notice.",
           citizen: "This notice should have a QR code for paying, but we could not read one.");
    EXPECT_UNEXPECTED_CODE: "EXPECT-UNEXPECTED-CODE", Warning, Green, Payload, "expected data (--expect)",
        de("Code ohne Listeneintrag",
           "Für diesen GiroCode steht keine Zeile in der Liste.",
           "Entweder fehlt der Bescheid in der Liste, oder Datei- und Seitenangaben passen nicht zum Druck.",
           citizen: "Dieser Code steht nicht in der Liste der ausstellenden Stelle. Für Ihre Überweisung ändert das nichts."),
        en("Code without a list entry",
           "The list has no line for this GiroCode.",
           "Either the notice is missing from the list, or its file and page do not match the print.",
           citizen: "This code is not in the issuing office's list. It makes no difference to your transfer.");
    EXPECT_NO_SUCH_PAGE: "EXPECT-NO-SUCH-PAGE", Error, Red, Payload, "expected data (--expect)",
        de("Seite fehlt im Dokument",
           "Seite {page} gibt es nicht; das Dokument hat {pages_de} (Liste, Zeile {row}).",
           "Die Liste erwartet einen Bescheid, den der Druck nicht enthält: Seiten fehlen in der Datei, oder die Liste gehört zu einem anderen Lauf.",
           citizen: "Die ausstellende Stelle erwartet eine Seite {page}, die es nicht gibt. Für Ihre Überweisung ändert das nichts."),
        en("Page missing from the document",
           "Page {page} does not exist; the document has {pages_en} (list line {row}).",
           "The list expects a notice the print does not hold: pages are missing from the file, or the list belongs to another run.",
           citizen: "The issuing office expects a page {page} that does not exist. It makes no difference to your transfer.");
    EXPECT_PAGES_WITHOUT_CODE: "EXPECT-PAGES-WITHOUT-CODE", Info, Green, Payload, "expected data (--expect, --code-pages)",
        de("Seiten ohne Code, wie vorgesehen",
           "{count|Eine Seite|# Seiten} ohne QR-Code, wo keiner verlangt ist ({why_de}): {pages}.",
           "Zur Kontrolle: Diese Seiten, etwa Anschreiben, brauchen keinen GiroCode. Gehört doch einer darauf, ergänzen Sie die Liste oder --code-pages.",
           citizen: "Einige Seiten haben keinen QR-Code, brauchen aber auch keinen. Das ist in Ordnung."),
        en("Pages without a code, as intended",
           "{count|One page|# pages} without a QR code where none is required ({why_en}): {pages}.",
           "For the record: these pages, cover letters say, need no GiroCode. If one belongs there, add it to the list or to --code-pages.",
           citizen: "Some pages have no QR code, but they need none. That is fine.");
    BATCH_DUPLICATE_REFERENCE: "BATCH-DUPLICATE-REFERENCE", Warning, Green, Reference, "batch (mail-merge check)",
        de("Referenz doppelt vergeben",
           "{reference} steht auch auf {other_de}.",
           "Zwei Bescheide mit demselben Kassenzeichen oder derselben Referenz deuten auf einen Serienbrief-Fehler: Zahlungen lassen sich nicht mehr eindeutig zuordnen.",
           citizen: "Dasselbe Kassenzeichen steht auch auf einem anderen Bescheid. Für Ihre Überweisung ändert das nichts, die ausstellende Stelle sollte es aber wissen."),
        en("Reference used twice",
           "{reference} also appears on {other_en}.",
           "Two notices with the same cash reference (Kassenzeichen) or reference suggest a mail-merge error: payments can no longer be matched.",
           citizen: "The same reference number is also on another notice. It makes no difference to your transfer, but the issuing office should know.");
    PAYLOAD_BOM: "PAYLOAD-BOM", Error, Red, Payload, "§1.1, §5.1 #13",
        de("Bytereihenfolgemarke (BOM)",
           "Der Inhalt beginnt mit einer UTF-8-Bytereihenfolgemarke (BOM, EF BB BF).",
           "Die BOM gehört nicht zum Format: Zeile 1 lautet dann nicht mehr BCD, und Banking-Apps lehnen den Code ab. Schreiben Sie UTF-8 ohne BOM.",
           citizen: "Am Anfang des Codes steht ein unsichtbares Zeichen. Banking-Apps erkennen den Code deshalb nicht als Überweisung."),
        en("Byte order mark (BOM)",
           "The payload starts with a UTF-8 byte order mark (BOM, EF BB BF).",
           "The BOM is not part of the format: line 1 then no longer reads BCD, and banking apps refuse the code. Write UTF-8 without a BOM.",
           citizen: "The code starts with an invisible character. Banking apps therefore do not recognise it as a transfer.");
    FRAME_LONE_CR: "FRAME-LONE-CR", Error, Red, Payload, "§1.1 (EPC069-12 §2.2)",
        de("Einzelnes CR als Trenner",
           "Zeilen werden durch ein einzelnes \\r getrennt ({count|einmal, nach|#-mal, zuerst nach} Zeile {line}).",
           "Erlaubt sind nur LF (\\n) oder CRLF (\\r\\n). Viele Apps trennen nur an \\n; dann fließen Zeilen ineinander und IBAN oder Betrag landen im falschen Feld.",
           citizen: "Die Angaben im Code sind falsch voneinander getrennt. Viele Banking-Apps bringen sie durcheinander, etwa IBAN und Betrag."),
        en("Lone CR as separator",
           "Lines are separated by a lone \\r ({count|once, after|# times, first after} line {line}).",
           "Only LF (\\n) or CRLF (\\r\\n) are allowed. Many apps split at \\n only; lines then run together and the IBAN or amount ends up in the wrong field.",
           citizen: "The details in the code are separated the wrong way. Many banking apps mix them up, for example the IBAN and the amount.");
    FRAME_CRCRLF: "FRAME-CRCRLF", Error, Yellow, Payload, "§1.1, §5.1 #9",
        de("CR CR LF als Trenner",
           "Zeilen werden durch \\r\\r\\n getrennt ({count|einmal, nach|#-mal, zuerst nach} Zeile {line}).",
           "Erlaubt sind nur LF oder CRLF. Manche Apps lassen das zusätzliche \\r im Feld stehen, etwa am Ende des Namens oder der IBAN.",
           citizen: "Die Angaben im Code sind ungewöhnlich getrennt. Manche Banking-Apps hängen dann ein unsichtbares Zeichen an den Namen oder die IBAN. Prüfen Sie die Angaben in Ihrer App."),
        en("CR CR LF as separator",
           "Lines are separated by \\r\\r\\n ({count|once, after|# times, first after} line {line}).",
           "Only LF or CRLF are allowed. Some apps leave the extra \\r in the field, e.g. at the end of the name or the IBAN.",
           citizen: "The details in the code are separated in an unusual way. Some banking apps then add an invisible character to the name or IBAN. Check the details in your app.");
    FRAME_MIXED_ENDINGS: "FRAME-MIXED-ENDINGS", Error, Yellow, Payload, "§1.1 (EPC069-12 §2.2)",
        de("Gemischte Zeilenenden",
           "Der Code mischt Zeilenenden: {first} und {other} (das erste abweichende nach Zeile {line}).",
           "Verwenden Sie in einem Code durchgehend entweder LF oder CRLF. Apps, die am ersten Trenner entscheiden, lassen sonst \\r in Feldern stehen.",
           citizen: "Die Angaben im Code sind uneinheitlich getrennt. Manche Banking-Apps lesen dann einzelne Angaben falsch. Prüfen Sie die Angaben in Ihrer App."),
        en("Mixed line endings",
           "The code mixes line endings: {first} and {other} (the first differing one after line {line}).",
           "Use either LF or CRLF throughout one code. Apps that decide at the first separator otherwise leave \\r inside fields.",
           citizen: "The details in the code are separated inconsistently. Some banking apps then misread single details. Check the details in your app.");
    FRAME_TRAILING_SEPARATOR: "FRAME-TRAILING-SEPARATOR", Error, Green, Payload, "§1.1 (EPC069-12 §2.2)",
        de("Trenner nach dem letzten Element",
           "Nach dem letzten befüllten Element (Zeile {line}) {count|folgt noch ein Zeilentrenner|folgen noch # Zeilentrenner}.",
           "EPC069-12 §2.2: Auf das letzte befüllte Element folgt weder ein Zeichen noch ein Trenner; leere Elemente am Ende entfallen. Alle bekannten Apps lesen den Code trotzdem – ein typischer Generatorfehler (immer 12 Zeilen). Textdateien enden oft mit einem Zeilenumbruch des Editors: giroscope prüft Byte für Byte.",
           citizen: "Der Code hat am Ende überflüssige Leerzeilen. Banking-Apps lesen ihn trotzdem richtig."),
        en("Separator after the last element",
           "{count|A line separator follows|# line separators follow} the last populated element (line {line}).",
           "EPC069-12 §2.2: the last populated element is followed by no character and no separator; trailing empty elements are left out. Every known app still reads the code – a typical generator bug (always 12 lines). Text files often end with an editor's newline: giroscope checks byte for byte.",
           citizen: "The code has needless empty lines at the end. Banking apps still read it correctly.");
    FRAME_TOO_FEW_ELEMENTS: "FRAME-TOO-FEW-ELEMENTS", Error, Red, Payload, "§1.1, §1.2",
        de("Zu wenige Elemente",
           "Der Code hat nur {actual|ein Element|# Elemente}, mindestens {limit} sind nötig (bis einschließlich IBAN).",
           "Die Zeilen 1–7 (BCD, Version, Zeichensatz, SCT, BIC, Name, IBAN) sind Pflicht; eine leere BIC-Zeile muss als Leerzeile stehen bleiben.",
           citizen: "Im Code fehlen Angaben, die eine Überweisung braucht. Banking-Apps lehnen den Code ab."),
        en("Too few elements",
           "The code has only {actual|one element|# elements}; at least {limit} are needed (up to and including the IBAN).",
           "Lines 1–7 (BCD, version, charset, SCT, BIC, name, IBAN) are mandatory; an empty BIC line must stay in place as an empty line.",
           citizen: "The code lacks details that a transfer needs. Banking apps refuse it.");
    FRAME_TOO_MANY_ELEMENTS: "FRAME-TOO-MANY-ELEMENTS", Error, Yellow, Payload, "§1.1, §1.2",
        de("Zu viele Elemente",
           "Der Code hat {actual} Elemente, höchstens {limit} sind erlaubt.",
           "Nach Zeile 12 (Hinweis an den Zahler) darf nichts folgen. Apps ignorieren den Rest oder lehnen den Code ab.",
           citizen: "Der Code enthält mehr Angaben als vorgesehen. Manche Banking-Apps lehnen ihn ab."),
        en("Too many elements",
           "The code has {actual} elements; at most {limit} are allowed.",
           "Nothing may follow line 12 (information for the payer). Apps ignore the rest or refuse the code.",
           citizen: "The code holds more details than intended. Some banking apps refuse it.");
    PAYLOAD_TOO_LONG: "PAYLOAD-TOO-LONG", Error, Yellow, Payload, "§1.1, §2 (EPC069-12 §2.1)",
        de("Inhalt zu lang",
           "Der Inhalt ist {actual} Bytes lang, erlaubt sind höchstens {limit} Bytes (im erklärten Zeichensatz gezählt).",
           "Mehr als 331 Bytes passen nicht in einen QR-Code der Version 13 mit Fehlerkorrektur M; der Code wird größer und schwerer zu scannen. Kürzen Sie Verwendungszweck oder Hinweis; Umlaute zählen in UTF-8 zwei Bytes.",
           citizen: "Der Code enthält zu viel Text und ist deshalb sehr dicht. Manche Handykameras lesen ihn schwer."),
        en("Payload too long",
           "The payload is {actual} bytes long; at most {limit} bytes are allowed (counted in the declared charset).",
           "More than 331 bytes do not fit a version-13 QR code at error correction level M; the code grows and gets harder to scan. Shorten the remittance text or the information line; in UTF-8, umlauts count two bytes.",
           citizen: "The code holds too much text and is therefore very dense. Some phone cameras struggle to read it.");
    CHARSET_MISMATCH: "CHARSET-MISMATCH", Error, Red, Charset, "§1.2 line 3, §6.5",
        de("Falscher Zeichensatz erklärt",
           "Zeile 3 erklärt {declared}, der Text ist aber {actual}: Byte {bytes} in Zeile {line} ist in {declared} kein gültiges Zeichen.",
           "Tragen Sie in Zeile 3 „{digit}“ ein oder schreiben Sie den Text in {declared}. Apps zeigen sonst Ersatzzeichen (�) oder lehnen den Code ab.",
           citizen: "Umlaute und Sonderzeichen sind im Code falsch gespeichert. Ihre Banking-App zeigt sie vielleicht als Fragezeichen an oder lehnt den Code ab."),
        en("Wrong charset declared",
           "Line 3 declares {declared}, but the text is {actual}: byte {bytes} in line {line} is not a valid character in {declared}.",
           "Put \"{digit}\" in line 3 or write the text in {declared}. Apps otherwise show replacement characters (�) or refuse the code.",
           citizen: "Umlauts and special characters are stored wrongly in the code. Your banking app may show them as question marks or refuse the code.");
    CHARSET_UNDECODABLE: "CHARSET-UNDECODABLE", Error, Red, Payload, "§1.2 line 3, §6.5",
        de("Ungültige Bytes",
           "Zeile {line}: {count|ein Byte ist|# Bytes sind} in {charset} kein gültiges Zeichen (das erste: {bytes}).",
           "Jedes Byte muss im erklärten Zeichensatz ein Zeichen sein. Apps zeigen sonst Ersatzzeichen (�) oder lehnen den Code ab. Häufige Ursache: Windows-1252-Text (z. B. € als 0x80) unter Zeichensatz 2.",
           citizen: "Im Code stehen Zeichen, die sich nicht lesen lassen. Ihre Banking-App zeigt sie vielleicht als Fragezeichen an oder lehnt den Code ab."),
        en("Undecodable bytes",
           "Line {line}: {count|a byte is|# bytes are} not a valid character in {charset} (the first: {bytes}).",
           "Every byte must be a character in the declared charset. Apps otherwise show replacement characters (�) or refuse the code. A common cause: Windows-1252 text (e.g. € as 0x80) under charset 2.",
           citizen: "The code holds characters that cannot be read. Your banking app may show them as question marks or refuse the code.");
    CHARSET_MOJIBAKE: "CHARSET-MOJIBAKE", Warning, Yellow, Payload, "§6.5",
        de("Doppelt kodierter Text",
           "Zeile {line} sieht doppelt kodiert aus: „{sample}“ steht vermutlich für „{intended}“.",
           "Typisch, wenn UTF-8-Text unter Zeichensatz 2 steht oder zweimal nach UTF-8 umgewandelt wurde. Die App zeigt dann „MÃ¼ller“ statt „Müller“, und der Namensabgleich der Bank schlägt fehl.",
           citizen: "Umlaute im Code sind verfälscht: Ihre Banking-App zeigt zum Beispiel „{sample}“ statt „{intended}“. Prüfen Sie den Empfänger in Ihrer App."),
        en("Double-encoded text",
           "Line {line} looks double-encoded: \"{sample}\" probably stands for \"{intended}\".",
           "Typical when UTF-8 text sits under charset 2 or was converted to UTF-8 twice. The app then shows \"MÃ¼ller\" instead of \"Müller\", and the bank's name check fails.",
           citizen: "Umlauts in the code are garbled: your banking app shows, for example, \"{sample}\" instead of \"{intended}\". Check the recipient in your app.");
    CHARS_CONTROL: "CHARS-CONTROL", Error, Red, Payload, "§1.1, §5.1 #10",
        de("Steuerzeichen",
           "Zeile {line} enthält {count|ein Steuerzeichen|# Steuerzeichen} (das erste: {char}).",
           "Steuerzeichen (NUL, Tabulator, C0/C1, U+2028/2029, Bidi-Steuerung) sind nicht erlaubt; sie verschieben oder verstecken Felder. iOS schneidet den Text am ersten NUL ab – dann fehlt z. B. die IBAN.",
           citizen: "Im Code stehen versteckte Steuerzeichen. Manche Banking-Apps schneiden deshalb Angaben ab, zum Beispiel die IBAN."),
        en("Control character",
           "Line {line} contains {count|a control character|# control characters} (the first: {char}).",
           "Control characters (NUL, tab, C0/C1, U+2028/2029, bidi controls) are not allowed; they shift or hide fields. iOS cuts the text at the first NUL – the IBAN, for example, is then gone.",
           citizen: "The code holds hidden control characters. Some banking apps therefore cut off details, for example the IBAN.");
    CHARS_INVISIBLE: "CHARS-INVISIBLE", Warning, Yellow, Payload, "§1.1, §6.7",
        de("Unsichtbares Zeichen",
           "Zeile {line} enthält {count|ein unsichtbares Zeichen|# unsichtbare Zeichen} (das erste: {char}).",
           "Zeichen ohne Breite (z. B. U+200B, U+FEFF) sieht niemand, sie landen aber in der Überweisung – im Namen stören sie den Abgleich mit dem Kontoinhaber.",
           citizen: "Im Code stehen unsichtbare Zeichen. Sie landen in der Überweisung und können die Empfängerüberprüfung Ihrer Bank stören."),
        en("Invisible character",
           "Line {line} contains {count|an invisible character|# invisible characters} (the first: {char}).",
           "Zero-width characters (e.g. U+200B, U+FEFF) cannot be seen but end up in the transfer – in the name they upset the match with the account holder.",
           citizen: "The code holds invisible characters. They end up in the transfer and can upset your bank's check of the recipient.");
    CHARSET_UNCOMMON: "CHARSET-UNCOMMON", Warning, Yellow, Charset, "§1.2 line 3, §5.1 #8",
        de("Seltener Zeichensatz",
           "Zeichensatz {digit} ({charset}) wird von vielen Apps nicht unterstützt.",
           "Verbreitet sind 1 (UTF-8) und 2 (ISO 8859-1); App-SDKs warnen bei allen anderen. Für deutsche Bescheide genügt 1 oder 2.",
           citizen: "Der Text im Code ist auf eine seltene Art gespeichert. Manche Banking-Apps zeigen Umlaute und Sonderzeichen dann falsch an."),
        en("Uncommon charset",
           "Charset {digit} ({charset}) is not supported by many apps.",
           "1 (UTF-8) and 2 (ISO 8859-1) are common; app SDKs warn on all others. For German notices, 1 or 2 is enough.",
           citizen: "The text in the code is stored in an uncommon way. Some banking apps then show umlauts and special characters wrongly.");
    CHARS_NON_SEPA: "CHARS-NON-SEPA", Warning, Yellow, Payload, "§6.5, §5.1 #11",
        de("Zeichen außerhalb des SEPA-Zeichensatzes",
           "Zeile {line} enthält Zeichen außerhalb des SEPA-Basiszeichensatzes: {chars}.",
           "Erlaubt, aber Banken wandeln sie um oder lehnen sie ab, und manche Apps scheitern an Umlauten. Sicher sind a–z, A–Z, 0–9, / - ? : ( ) . , ' + und das Leerzeichen; im Verwendungszweck z. B. „ae“ statt „ä“.",
           citizen: "Im Code stehen Umlaute oder Sonderzeichen ({chars}). Manche Banken und Banking-Apps ändern sie oder lehnen sie ab. Prüfen Sie die Angaben in Ihrer App."),
        en("Characters outside the SEPA set",
           "Line {line} contains characters outside the SEPA basic Latin set: {chars}.",
           "Allowed, but banks transliterate or reject them, and some apps choke on umlauts. Safe are a–z, A–Z, 0–9, / - ? : ( ) . , ' + and space; in the remittance text write e.g. \"ae\" for \"ä\".",
           citizen: "The code holds umlauts or special characters ({chars}). Some banks and banking apps change or refuse them. Check the details in your app.");
    TEXT_HTML_ENTITY: "TEXT-HTML-ENTITY", Warning, Yellow, Payload, "§5.1 #12",
        de("HTML-Maskierung im Text",
           "Zeile {line} enthält eine HTML-Maskierung: {value}.",
           "Maskierungen wie &amp; oder &#39; stammen aus einer Web-Vorlage und erscheinen in der App wörtlich. Schreiben Sie das Zeichen selbst.",
           citizen: "Im Code steht eine Zeichenfolge wie „{value}“ statt eines einzelnen Zeichens. Ihre Banking-App zeigt sie genau so an. Für die Überweisung ist das meist harmlos."),
        en("HTML entity in text",
           "Line {line} contains an HTML entity: {value}.",
           "Entities such as &amp; or &#39; come from a web template and show up literally in the app. Write the character itself.",
           citizen: "The code holds a sequence like \"{value}\" instead of a single character. Your banking app shows it exactly like that. For the transfer it is mostly harmless.");
    HEADER_SERVICE_TAG: "HEADER-SERVICE-TAG", Error, Red, ServiceTag, "§1.2 line 1",
        de("Kennung nicht BCD",
           "Zeile 1 lautet „{value}“, erwartet wird genau „BCD“.",
           "Apps erkennen einen GiroCode an BCD in Zeile 1: Großbuchstaben, ohne Leerzeichen.",
           citizen: "Die Kennung am Anfang des Codes ist falsch. Banking-Apps erkennen den Code deshalb nicht als Überweisung."),
        en("Service tag not BCD",
           "Line 1 reads \"{value}\"; exactly \"BCD\" is expected.",
           "Apps recognise a GiroCode by BCD in line 1: upper case, no spaces.",
           citizen: "The tag at the start of the code is wrong. Banking apps therefore do not recognise it as a transfer.");
    HEADER_VERSION: "HEADER-VERSION", Error, Red, Version, "§1.2 line 2",
        de("Ungültige Version",
           "Zeile 2 lautet „{value}“, erwartet wird „001“ oder „002“.",
           "002 erlaubt eine leere BIC innerhalb des EWR, 001 verlangt immer eine BIC. Andere Werte (1, 2, 003) lehnen Apps ab.",
           citizen: "Der Code nennt eine unbekannte Version. Banking-Apps lehnen den Code ab."),
        en("Invalid version",
           "Line 2 reads \"{value}\"; \"001\" or \"002\" is expected.",
           "002 allows an empty BIC inside the EEA; 001 always needs a BIC. Apps refuse other values (1, 2, 003).",
           citizen: "The code names an unknown version. Banking apps refuse it.");
    HEADER_CHARSET: "HEADER-CHARSET", Error, Red, Charset, "§1.2 line 3",
        de("Ungültiger Zeichensatz",
           "Zeile 3 lautet „{value}“, erwartet wird eine Ziffer von 1 bis 8.",
           "1 = UTF-8, 2 = ISO 8859-1, 3 = ISO 8859-2, 4 = ISO 8859-4, 5 = ISO 8859-5, 6 = ISO 8859-7, 7 = ISO 8859-10, 8 = ISO 8859-15. Ohne gültigen Zeichensatz liest giroscope den Text ersatzweise als UTF-8.",
           citizen: "Der Code gibt nicht richtig an, wie sein Text gespeichert ist. Banking-Apps lehnen ihn ab oder zeigen Umlaute falsch an."),
        en("Invalid charset",
           "Line 3 reads \"{value}\"; one digit from 1 to 8 is expected.",
           "1 = UTF-8, 2 = ISO 8859-1, 3 = ISO 8859-2, 4 = ISO 8859-4, 5 = ISO 8859-5, 6 = ISO 8859-7, 7 = ISO 8859-10, 8 = ISO 8859-15. Without a valid charset giroscope reads the text as UTF-8 instead.",
           citizen: "The code does not state properly how its text is stored. Banking apps refuse it or show umlauts wrongly.");
    HEADER_IDENTIFICATION: "HEADER-IDENTIFICATION", Error, Red, Identification, "§1.2 line 4, §3",
        de("Kennung nicht SCT",
           "Zeile 4 lautet „{value}“, erwartet wird „SCT“.",
           "„INST“ ist kein Wert von EPC069-12: QR-Codes für Echtzeitüberweisungen regelt EPC024-22 mit einem URL-Format. Schreiben Sie SCT; der Zahler kann in der App trotzdem „Echtzeit“ wählen.",
           citizen: "Der Code ist nicht als normale Überweisung gekennzeichnet. Banking-Apps lehnen ihn ab."),
        en("Identification not SCT",
           "Line 4 reads \"{value}\"; \"SCT\" is expected.",
           "\"INST\" is not an EPC069-12 value: QR codes for instant payments are EPC024-22, a URL format. Write SCT; the payer can still choose \"instant\" in the app.",
           citizen: "The code is not marked as a normal transfer. Banking apps refuse it.");
    BIC_REQUIRED_V001: "BIC-REQUIRED-V001", Error, Red, Bic, "§1.2 line 5",
        de("BIC fehlt (Version 001)",
           "Version 001 verlangt eine BIC, Zeile 5 ist leer.",
           "Schreiben Sie die BIC der Empfängerbank in Zeile 5 oder verwenden Sie Version 002, in der die BIC innerhalb des EWR entfallen darf.",
           citizen: "Im Code fehlt die BIC der Bank. Viele Banking-Apps lehnen den Code deshalb ab."),
        en("BIC missing (version 001)",
           "Version 001 requires a BIC; line 5 is empty.",
           "Put the beneficiary bank's BIC in line 5, or use version 002, where the BIC may be left out inside the EEA.",
           citizen: "The code lacks the bank's BIC. Many banking apps refuse it for that.");
    BIC_REQUIRED_NON_EEA: "BIC-REQUIRED-NON-EEA", Error, Red, Bic, "§1.2 line 5, §6.1",
        de("BIC fehlt (Konto außerhalb des EWR)",
           "Für eine IBAN aus {country} (SEPA, aber nicht EWR) ist die BIC Pflicht, Zeile 5 ist leer.",
           "EPC069-12: Die BIC bleibt Pflicht für Konten in SEPA-Ländern außerhalb des EWR (CH, GB, GI, MC, SM, AD, VA, AL, ME, MD, MK, RS). Ohne sie kann die Überweisung scheitern.",
           citizen: "Das Empfängerkonto ist in einem Land außerhalb der EU ({country}). Dafür braucht die Überweisung die BIC der Bank, sie fehlt aber im Code."),
        en("BIC missing (account outside the EEA)",
           "An IBAN from {country} (SEPA but not EEA) requires a BIC; line 5 is empty.",
           "EPC069-12: the BIC stays mandatory for accounts in SEPA countries outside the EEA (CH, GB, GI, MC, SM, AD, VA, AL, ME, MD, MK, RS). Without it the transfer may fail.",
           citizen: "The recipient's account is in a country outside the EU ({country}). A transfer there needs the bank's BIC, which the code lacks.");
    BIC_WHITESPACE: "BIC-WHITESPACE", Error, Yellow, Bic, "§1.2 line 5, §6.2",
        de("Leerzeichen in der BIC",
           "Die BIC „{value}“ enthält Leerzeichen.",
           "Eine BIC besteht aus 8 oder 11 Zeichen ohne Leerzeichen: {normalized}.",
           citizen: "Die BIC im Code enthält Leerzeichen. Manche Banking-Apps lehnen sie deshalb ab."),
        en("Whitespace in the BIC",
           "The BIC \"{value}\" contains whitespace.",
           "A BIC is 8 or 11 characters without spaces: {normalized}.",
           citizen: "The BIC in the code contains spaces. Some banking apps refuse it for that.");
    BIC_LOWERCASE: "BIC-LOWERCASE", Error, Yellow, Bic, "§1.2 line 5, §6.2",
        de("Kleinbuchstaben in der BIC",
           "Die BIC „{value}“ enthält Kleinbuchstaben.",
           "ISO 9362 erlaubt nur Großbuchstaben und Ziffern: {normalized}.",
           citizen: "Die BIC im Code ist in Kleinbuchstaben geschrieben. Manche Banking-Apps lehnen sie ab."),
        en("Lower case in the BIC",
           "The BIC \"{value}\" contains lower-case letters.",
           "ISO 9362 allows upper-case letters and digits only: {normalized}.",
           citizen: "The BIC in the code is written in lower case. Some banking apps refuse it.");
    BIC_FORMAT: "BIC-FORMAT", Error, Red, Bic, "§1.2 line 5, §6.2, §5.1 #14",
        de("Ungültige BIC",
           "„{value}“ ist keine BIC nach ISO 9362.",
           "Eine BIC hat 8 oder 11 Zeichen: 4 Zeichen Institut, 2 Buchstaben Land, 2 Zeichen Ort, optional 3 Zeichen Filiale, z. B. COBADEFFXXX. Apps melden sonst „keine Zahlungsinformation“.",
           citizen: "Die BIC im Code ist ungültig. Banking-Apps melden dann meist „keine Zahlungsinformation“."),
        en("Invalid BIC",
           "\"{value}\" is not an ISO 9362 BIC.",
           "A BIC has 8 or 11 characters: 4 for the institution, 2 letters for the country, 2 for the location, optionally 3 for the branch, e.g. COBADEFFXXX. Apps otherwise report \"no payment information\".",
           citizen: "The BIC in the code is invalid. Banking apps then usually report \"no payment information\".");
    BIC_COUNTRY_INVALID: "BIC-COUNTRY-INVALID", Error, Red, Bic, "§1.2 line 5, §6.2 (ISO 9362, ISO 3166-1)",
        de("BIC ohne gültiges Land",
           "In der BIC „{value}“ stehen an Stelle 5–6 die Buchstaben {country}: Das ist kein Ländercode.",
           "Die Zeichen 5 und 6 einer BIC sind der Ländercode nach ISO 3166-1, z. B. DE in COBADEFFXXX. Platzhalter wie BICVXXDD123 oder ausgedachte BICs lehnen Banken ab. Tragen Sie die echte BIC aus den Stammdaten ein; in Version 002 darf die Zeile innerhalb des EWR auch leer bleiben.",
           citizen: "Die BIC im Code ist ungültig. Manche Banken lehnen die Überweisung deshalb ab. Geben Sie die Angaben von Hand ein; die BIC können Sie weglassen."),
        en("BIC without a valid country",
           "In the BIC \"{value}\", characters 5–6 are {country}, which is not a country code.",
           "Characters 5 and 6 of a BIC are an ISO 3166-1 country code, e.g. DE in COBADEFFXXX. Banks refuse placeholders like BICVXXDD123 and made-up BICs. Enter the real BIC from the master data; in version 002 the line may also stay empty within the EEA.",
           citizen: "The BIC in the code is invalid. Some banks therefore refuse the transfer. Enter the details by hand; you can leave out the BIC.");
    BIC_COUNTRY_MISMATCH: "BIC-COUNTRY-MISMATCH", Warning, Yellow, Bic, "§6.2, §5.1 #15",
        de("BIC-Land passt nicht zur IBAN",
           "Die BIC gehört zu {bic_country}, die IBAN zu {iban_country}.",
           "BIC und IBAN sollten zur selben Bank gehören. Manche Apps prüfen das und lehnen ab; prüfen Sie die Stammdaten.",
           citizen: "BIC und IBAN im Code gehören zu Banken in verschiedenen Ländern. Manche Banking-Apps lehnen das ab. Vergleichen Sie beides mit dem Bescheid."),
        en("BIC country differs from the IBAN",
           "The BIC belongs to {bic_country}, the IBAN to {iban_country}.",
           "BIC and IBAN should belong to the same bank. Some apps check this and refuse; check the master data.",
           citizen: "The BIC and the IBAN in the code belong to banks in different countries. Some banking apps refuse that. Compare both with the notice.");
    NAME_MISSING: "NAME-MISSING", Error, Red, Name, "§1.2 line 6",
        de("Empfängername fehlt",
           "Der Name des Empfängers (Zeile 6) fehlt.",
           "Der Name ist Pflicht (1–70 Zeichen). Seit Oktober 2025 gleicht die Bank ihn mit dem Kontoinhaber ab.",
           citizen: "Im Code fehlt der Name des Empfängers. Banking-Apps lehnen den Code ab."),
        en("Beneficiary name missing",
           "The beneficiary's name (line 6) is missing.",
           "The name is mandatory (1–70 characters). Since October 2025 the bank matches it against the account holder.",
           citizen: "The code lacks the recipient's name. Banking apps refuse it.");
    NAME_TOO_LONG: "NAME-TOO-LONG", Error, Yellow, Name, "§1.2 line 6, §6.7",
        de("Empfängername zu lang",
           "Der Name hat {actual} Zeichen, erlaubt sind höchstens {limit}.",
           "Apps kürzen den Namen oder lehnen den Code ab. Die Bank gleicht den Namen mit dem Kontoinhaber ab (Empfängerüberprüfung): Verwenden Sie den genauen Kontonamen.",
           citizen: "Der Name des Empfängers ist zu lang. Manche Banking-Apps kürzen ihn oder lehnen den Code ab."),
        en("Beneficiary name too long",
           "The name has {actual} characters; at most {limit} are allowed.",
           "Apps cut the name or refuse the code. The bank matches the name against the account holder (Verification of Payee): use the exact account name.",
           citizen: "The recipient's name is too long. Some banking apps cut it or refuse the code.");
    NAME_WHITESPACE: "NAME-WHITESPACE", Warning, Green, Name, "§6.7",
        de("Leerzeichen am Rand des Namens",
           "Der Name beginnt oder endet mit Leerzeichen.",
           "Ein typischer Fehler beim Auffüllen von Feldern fester Breite. Meist harmlos, kann aber den Namensabgleich stören.",
           citizen: "Der Name des Empfängers hat überflüssige Leerzeichen. Das ist harmlos."),
        en("Whitespace around the name",
           "The name starts or ends with whitespace.",
           "A typical mistake when padding fixed-width fields. Mostly harmless, but it can upset the name check.",
           citizen: "The recipient's name has needless spaces. That is harmless.");
    IBAN_MISSING: "IBAN-MISSING", Error, Red, Iban, "§1.2 line 7",
        de("IBAN fehlt",
           "Die IBAN des Empfängers (Zeile 7) fehlt.",
           "Ohne IBAN kann keine Überweisung ausgelöst werden.",
           citizen: "Im Code fehlt die IBAN. Ohne IBAN ist keine Überweisung möglich."),
        en("IBAN missing",
           "The beneficiary's IBAN (line 7) is missing.",
           "No transfer can be made without an IBAN.",
           citizen: "The code lacks the IBAN. No transfer is possible without it.");
    IBAN_WHITESPACE: "IBAN-WHITESPACE", Error, Yellow, Iban, "§1.2 line 7, §6.1",
        de("Leerzeichen in der IBAN",
           "Die IBAN steht im Papierformat mit Leerzeichen; erlaubt ist nur das elektronische Format.",
           "Schreiben Sie {normalized}. Manche Apps entfernen die Leerzeichen, andere lehnen die IBAN ab.",
           citizen: "Die IBAN im Code enthält Leerzeichen. Manche Banking-Apps lehnen sie deshalb ab."),
        en("Whitespace in the IBAN",
           "The IBAN is in paper format with spaces; only the electronic format is allowed.",
           "Write {normalized}. Some apps remove the spaces, others refuse the IBAN.",
           citizen: "The IBAN in the code contains spaces. Some banking apps refuse it for that.");
    IBAN_LOWERCASE: "IBAN-LOWERCASE", Error, Yellow, Iban, "§1.2 line 7, §6.1",
        de("Kleinbuchstaben in der IBAN",
           "Die IBAN enthält Kleinbuchstaben.",
           "Nur Großbuchstaben sind erlaubt: {normalized}.",
           citizen: "Die IBAN im Code enthält Kleinbuchstaben. Manche Banking-Apps lehnen sie ab."),
        en("Lower case in the IBAN",
           "The IBAN contains lower-case letters.",
           "Only upper-case letters are allowed: {normalized}.",
           citizen: "The IBAN in the code contains lower-case letters. Some banking apps refuse it.");
    IBAN_FORMAT: "IBAN-FORMAT", Error, Red, Iban, "§1.2 line 7, §6.1",
        de("Keine IBAN",
           "„{value}“ ist keine IBAN.",
           "Eine IBAN besteht aus 2 Buchstaben Ländercode, 2 Prüfziffern und 11 bis 30 Buchstaben oder Ziffern, ohne Leerzeichen, z. B. DE02120300000000202051.",
           citizen: "Im Code steht keine gültige IBAN. Banking-Apps lehnen den Code ab."),
        en("Not an IBAN",
           "\"{value}\" is not an IBAN.",
           "An IBAN is 2 letters of country code, 2 check digits and 11 to 30 letters or digits, without spaces, e.g. DE02120300000000202051.",
           citizen: "The code holds no valid IBAN. Banking apps refuse it.");
    IBAN_CHECKSUM: "IBAN-CHECKSUM", Error, Red, Iban, "§6.1 (ISO 13616, ISO 7064 mod 97-10)",
        de("IBAN-Prüfziffern falsch",
           "Die Prüfziffern der IBAN stimmen nicht (Modulo 97): vermutlich ein Tippfehler.",
           "Jede Banking-App lehnt eine IBAN mit falscher Prüfsumme ab. Prüfen Sie die Bankverbindung in den Stammdaten.",
           citizen: "Die IBAN ist ungültig (Prüfziffer falsch). Vermutlich steckt ein Tippfehler darin. Banking-Apps lehnen sie ab."),
        en("IBAN check digits wrong",
           "The IBAN's check digits do not match (modulo 97): probably a typo.",
           "Every banking app refuses an IBAN with a wrong checksum. Check the bank details in the master data.",
           citizen: "The IBAN is invalid (wrong check digits). It probably has a typo. Banking apps refuse it.");
    IBAN_COUNTRY_UNKNOWN: "IBAN-COUNTRY-UNKNOWN", Error, Red, Iban, "§6.1",
        de("Land ohne IBAN",
           "Für den Ländercode {country} gibt es keine IBAN: Er steht nicht im IBAN-Register.",
           "Die ersten zwei Zeichen einer IBAN sind ein Ländercode aus dem SWIFT-IBAN-Register, z. B. DE oder AT.",
           citizen: "Die IBAN beginnt mit {country}; für dieses Land gibt es keine IBAN. Banking-Apps lehnen sie ab."),
        en("Country without IBANs",
           "There is no IBAN for the country code {country}: it is not in the IBAN registry.",
           "The first two characters of an IBAN are a country code from the SWIFT IBAN registry, e.g. DE or AT.",
           citizen: "The IBAN starts with {country}, and there are no IBANs for that country. Banking apps refuse it.");
    IBAN_LENGTH: "IBAN-LENGTH", Error, Red, Iban, "§6.1",
        de("IBAN zu kurz oder zu lang",
           "{country_de} IBANs ({country}) haben {expected} Zeichen, diese hat {actual}.",
           "Meist fehlt eine Ziffer oder es ist eine zu viel. Prüfen Sie die Bankverbindung in den Stammdaten.",
           citizen: "Die IBAN ist zu kurz oder zu lang: {country_de} IBANs haben {expected} Zeichen, diese hat {actual}. Vermutlich fehlt eine Ziffer oder es ist eine zu viel."),
        en("IBAN too short or too long",
           "{country_en} IBANs ({country}) have {expected} characters; this one has {actual}.",
           "Usually a digit is missing or there is one too many. Check the bank details in the master data.",
           citizen: "The IBAN is too short or too long: {country_en} IBANs have {expected} characters, this one has {actual}. Probably a digit is missing or there is one too many.");
    IBAN_BBAN: "IBAN-BBAN", Error, Red, Iban, "§6.1",
        de("IBAN passt nicht zum Land",
           "Die Kontonummer in der IBAN passt nicht zum Aufbau, den {country} vorschreibt.",
           "Jedes Land schreibt vor, an welchen Stellen der Kontonummer Ziffern und Buchstaben stehen. Meist ist ein Buchstabe mit einer Ziffer verwechselt (O und 0, I und 1).",
           citizen: "Die IBAN hat den falschen Aufbau: Vermutlich ist ein Buchstabe mit einer Ziffer verwechselt. Banking-Apps lehnen sie ab."),
        en("IBAN does not fit its country",
           "The account number in the IBAN does not fit the layout that {country} prescribes.",
           "Every country fixes where its account numbers have digits and letters. Usually a letter was mixed up with a digit (O and 0, I and 1).",
           citizen: "The IBAN has the wrong layout: probably a letter was mixed up with a digit. Banking apps refuse it.");
    IBAN_NOT_SEPA: "IBAN-NOT-SEPA", Error, Red, Iban, "§6.1",
        de("Konto außerhalb des SEPA-Raums",
           "Die IBAN aus {country} liegt außerhalb des SEPA-Raums.",
           "Auf ein Konto außerhalb des SEPA-Raums ist keine SEPA-Überweisung möglich, auch wenn die IBAN gültig ist.",
           citizen: "Das Konto ist in einem Land außerhalb des SEPA-Raums ({country}). Eine normale Überweisung in Euro ist dorthin nicht möglich."),
        en("Account outside SEPA",
           "The IBAN from {country} is outside the SEPA area.",
           "An account outside the SEPA area cannot receive a SEPA credit transfer, even with a valid IBAN.",
           citizen: "The account is in a country outside the SEPA area ({country}). A normal euro transfer there is not possible.");
    AMOUNT_NO_CURRENCY: "AMOUNT-NO-CURRENCY", Error, Red, Amount, "§1.2 line 8, §5.1 #1",
        de("Betrag ohne EUR",
           "Dem Betrag „{value}“ fehlt das Präfix „EUR“.",
           "Gefährlich: deutsche Banking-Apps lesen die ersten drei Zeichen als Währung – aus „{value}“ wird ein anderer Betrag. Schreiben Sie {suggested}.",
           citizen: "Der Betrag ist im Code falsch geschrieben (ohne „EUR“). Manche Banking-Apps übernehmen dann einen falschen Betrag."),
        en("Amount without EUR",
           "The amount \"{value}\" lacks the \"EUR\" prefix.",
           "Dangerous: German banking apps take the first three characters as the currency – \"{value}\" becomes a different amount. Write {suggested}.",
           citizen: "The amount is written wrongly in the code (without \"EUR\"). Some banking apps then take a wrong amount.");
    AMOUNT_CURRENCY: "AMOUNT-CURRENCY", Error, Red, Amount, "§1.2 line 8, §6.6",
        de("Währung nicht EUR",
           "Der Betrag muss mit „EUR“ beginnen, er beginnt mit „{prefix}“.",
           "SEPA-Überweisungen gibt es nur in Euro; „EUR“ steht in Großbuchstaben direkt vor der Zahl, z. B. EUR12.50.",
           citizen: "Der Betrag ist im Code nicht in Euro angegeben. Banking-Apps lehnen den Code ab oder übernehmen einen falschen Betrag."),
        en("Currency not EUR",
           "The amount must start with \"EUR\"; it starts with \"{prefix}\".",
           "SEPA credit transfers are in euro only; \"EUR\" stands in upper case right before the number, e.g. EUR12.50.",
           citizen: "The amount in the code is not given in euro. Banking apps refuse the code or take a wrong amount.");
    AMOUNT_DECIMAL_COMMA: "AMOUNT-DECIMAL-COMMA", Error, Red, Amount, "§1.2 line 8, §6.6",
        de("Dezimalkomma im Betrag",
           "Der Betrag „{value}“ verwendet ein Komma; erlaubt ist nur der Dezimalpunkt.",
           "Schreiben Sie {suggested}. Apps lesen „12,50“ als 12 oder 1250 oder lehnen den Code ab.",
           citizen: "Der Betrag ist im Code mit Komma geschrieben. Banking-Apps lesen dann einen falschen Betrag oder lehnen den Code ab."),
        en("Decimal comma in the amount",
           "The amount \"{value}\" uses a comma; only a decimal point is allowed.",
           "Write {suggested}. Apps read \"12,50\" as 12 or 1250, or refuse the code.",
           citizen: "The amount is written with a comma in the code. Banking apps then read a wrong amount or refuse the code.");
    AMOUNT_FORMAT: "AMOUNT-FORMAT", Error, Red, Amount, "§1.2 line 8, §6.6",
        de("Betrag falsch geschrieben",
           "Der Betrag „{value}“ hat nicht die Form EUR + Ziffern + optional Punkt und 1–2 Nachkommastellen.",
           "Beispiele: EUR12, EUR12.5, EUR12.50. Keine Leerzeichen, Vorzeichen, Tausenderpunkte und höchstens 2 Nachkommastellen; formatieren Sie aus ganzzahligen Cent, nie aus Gleitkommazahlen.",
           citizen: "Der Betrag ist im Code falsch geschrieben („{value}“). Banking-Apps lesen ihn falsch oder lehnen den Code ab."),
        en("Amount badly written",
           "The amount \"{value}\" is not EUR + digits + optionally a point and 1–2 decimals.",
           "Examples: EUR12, EUR12.5, EUR12.50. No spaces, signs or grouping, at most 2 decimals; format from integer cents, never from floats.",
           citizen: "The amount is written wrongly in the code (\"{value}\"). Banking apps misread it or refuse the code.");
    AMOUNT_RANGE: "AMOUNT-RANGE", Error, Red, Amount, "§1.2 line 8, §6.6",
        de("Betrag außerhalb des Bereichs",
           "Der Betrag {value} liegt außerhalb von 0.01 bis 999999999.99 EUR.",
           "Ein GiroCode kann 1 Cent bis 999.999.999,99 Euro enthalten; für 0 Euro lassen Sie die Zeile leer.",
           citizen: "Der Betrag im Code ist null oder unmöglich hoch. Banking-Apps lehnen den Code ab."),
        en("Amount out of range",
           "The amount {value} is outside 0.01 to 999999999.99 EUR.",
           "A GiroCode can carry 1 cent to 999,999,999.99 euro; for no amount leave the line empty.",
           citizen: "The amount in the code is zero or impossibly high. Banking apps refuse the code.");
    AMOUNT_LEADING_ZEROS: "AMOUNT-LEADING-ZEROS", Warning, Green, Amount, "§1.3, §6.6",
        de("Führende Nullen im Betrag",
           "Der Betrag „{value}“ hat führende Nullen.",
           "Nicht verboten, aber unüblich; schreiben Sie {suggested}.",
           citizen: "Der Betrag ist ungewöhnlich geschrieben (mit Nullen davor). Banking-Apps lesen ihn trotzdem richtig."),
        en("Leading zeros in the amount",
           "The amount \"{value}\" has leading zeros.",
           "Not forbidden but unusual; write {suggested}.",
           citizen: "The amount is written unusually (with zeros in front). Banking apps still read it correctly.");
    AMOUNT_EMPTY: "AMOUNT-EMPTY", Warning, Yellow, Amount, "§6.6, §5.1 #2",
        de("Kein Betrag",
           "Der Code enthält keinen Betrag; der Zahler muss ihn selbst eintippen.",
           "Erlaubt (z. B. für Spenden), aber bei einem Bescheid mit festem Betrag eine Fehlerquelle; einzelne Apps verlangten früher eine Betragszeile.",
           citizen: "Im Code steht kein Betrag. Tragen Sie den Betrag vom Bescheid selbst in Ihrer Banking-App ein."),
        en("No amount",
           "The code carries no amount; the payer has to type it in.",
           "Allowed (e.g. for donations), but on a notice with a fixed amount a source of mistakes; some apps used to require an amount line.",
           citizen: "The code holds no amount. Enter the amount from the notice yourself in your banking app.");
    PURPOSE_UNKNOWN: "PURPOSE-UNKNOWN", Error, Yellow, Purpose, "§1.2 line 9, §6.4",
        de("Unbekannter Zweckcode",
           "„{value}“ ist kein ISO-20022-Zweckcode (ExternalPurpose1Code).",
           "Zeile 9 ist kein Freitext: 4 Großbuchstaben wie GDDS, SCVE oder GOVT, oder leer. Freitext gehört in Zeile 11.",
           citizen: "Im Code steht eine unbekannte Angabe zum Zweck der Zahlung. Manche Banking-Apps lehnen den Code deshalb ab."),
        en("Unknown purpose code",
           "\"{value}\" is not an ISO 20022 purpose code (ExternalPurpose1Code).",
           "Line 9 is not free text: 4 upper-case letters such as GDDS, SCVE or GOVT, or empty. Free text belongs in line 11.",
           citizen: "The code holds an unknown statement of the payment's purpose. Some banking apps refuse it for that.");
    REFERENCE_TOO_LONG: "REFERENCE-TOO-LONG", Error, Red, Reference, "§1.2 line 10",
        de("Referenz zu lang",
           "Die strukturierte Referenz hat {actual} Zeichen, erlaubt sind höchstens {limit}.",
           "Banken kürzen oder lehnen ab; die Zahlung lässt sich dann nicht mehr zuordnen.",
           citizen: "Die Referenz im Code ist zu lang. Banken kürzen oder lehnen sie ab. Ihre Zahlung lässt sich dann nicht zuordnen."),
        en("Reference too long",
           "The structured reference has {actual} characters; at most {limit} are allowed.",
           "Banks cut or refuse it; the payment can then no longer be matched.",
           citizen: "The reference in the code is too long. Banks cut or refuse it. Your payment then cannot be matched.");
    REFERENCE_RF_LENGTH: "REFERENCE-RF-LENGTH", Error, Red, Reference, "§6.3 (ISO 11649)",
        de("RF-Referenz zu kurz oder zu lang",
           "Die RF-Gläubigerreferenz „{value}“ hat {actual} Zeichen; erlaubt sind 5 bis 25.",
           "Eine RF-Referenz besteht aus RF, 2 Prüfziffern und 1 bis 21 Buchstaben oder Ziffern. Banken lehnen längere oder kürzere ab; eine längere eigene Referenz schreiben Sie ohne RF davor.",
           citizen: "Die Referenz im Code hat die falsche Länge. Banken lehnen die Überweisung dann ab."),
        en("RF reference too short or too long",
           "The RF creditor reference \"{value}\" has {actual} characters; 5 to 25 are allowed.",
           "An RF reference is RF, 2 check digits and 1 to 21 letters or digits. Banks refuse longer or shorter ones; write a longer reference of your own without RF in front.",
           citizen: "The reference in the code has the wrong length. Banks then refuse the transfer.");
    REFERENCE_RF_CHARS: "REFERENCE-RF-CHARS", Error, Red, Reference, "§6.3 (ISO 11649)",
        de("RF-Referenz mit unerlaubten Zeichen",
           "Die RF-Gläubigerreferenz „{value}“ enthält das Zeichen „{char}“; erlaubt sind nur Großbuchstaben und Ziffern.",
           "Eine RF-Referenz besteht aus RF, 2 Prüfziffern und 1 bis 21 Buchstaben oder Ziffern, ohne Satzzeichen. Banken lehnen sie sonst ab.",
           citizen: "In der Referenz im Code stehen unerlaubte Zeichen. Banken lehnen die Überweisung dann ab."),
        en("RF reference with characters not allowed",
           "The RF creditor reference \"{value}\" contains the character \"{char}\"; only capital letters and digits are allowed.",
           "An RF reference is RF, 2 check digits and 1 to 21 letters or digits, without punctuation. Banks refuse it otherwise.",
           citizen: "The reference in the code holds characters that are not allowed. Banks then refuse the transfer.");
    REFERENCE_RF_INVALID: "REFERENCE-RF-INVALID", Error, Red, Reference, "§6.3 (ISO 11649)",
        de("RF-Prüfziffern falsch",
           "Die Prüfziffern der RF-Gläubigerreferenz „{value}“ stimmen nicht (ISO 11649, Modulo 97): vermutlich ein Tippfehler.",
           "Banken lehnen RF-Referenzen mit falschen Prüfziffern ab. Prüfen Sie, wie der Generator die Referenz bildet.",
           citizen: "Die Referenz im Code ist ungültig (Prüfziffer falsch). Banken lehnen die Überweisung dann ab."),
        en("RF check digits wrong",
           "The check digits of the RF creditor reference \"{value}\" do not match (ISO 11649, modulo 97): probably a typo.",
           "Banks refuse RF references with wrong check digits. Check how the generator builds the reference.",
           citizen: "The reference in the code is invalid (wrong check digits). Banks then refuse the transfer.");
    REFERENCE_RF_SPACES: "REFERENCE-RF-SPACES", Warning, Yellow, Reference, "§6.3",
        de("RF-Referenz mit Leerzeichen",
           "Die RF-Referenz steht im Papierformat mit Leerzeichen.",
           "Im Code gehört das elektronische Format ohne Leerzeichen: {normalized}.",
           citizen: "Die Referenz im Code enthält Leerzeichen. Manche Banking-Apps lehnen sie deshalb ab."),
        en("RF reference with spaces",
           "The RF reference is in paper format with spaces.",
           "The code needs the electronic format without spaces: {normalized}.",
           citizen: "The reference in the code contains spaces. Some banking apps refuse it for that.");
    REFERENCE_NOT_RF: "REFERENCE-NOT-RF", Warning, Yellow, Reference, "§1.2 line 10, §5.1 #3",
        de("Referenz ist keine RF-Referenz",
           "Zeile 10 enthält eine strukturierte Referenz, die keine RF-Referenz ist: „{value}“.",
           "Erlaubt, aber manche deutsche Apps ignorieren sie dann. Ein Kassenzeichen steht sicherer in Zeile 11 (Verwendungszweck), oder bilden Sie daraus eine RF-Referenz.",
           citizen: "Die Referenz „{value}“ steht an einer Stelle im Code, die manche Banking-Apps nicht übernehmen. Prüfen Sie, ob sie in Ihrer Überweisung steht. Tragen Sie sie sonst im Verwendungszweck ein."),
        en("Reference is not an RF reference",
           "Line 10 holds a structured reference that is not an RF reference: \"{value}\".",
           "Allowed, but some German apps then ignore it. A cash reference (Kassenzeichen) is safer in line 11 (remittance text), or turn it into an RF reference.",
           citizen: "The reference \"{value}\" sits in a place in the code that some banking apps do not take over. Check that it appears in your transfer. Otherwise enter it as the payment reference.");
    REMITTANCE_BOTH: "REMITTANCE-BOTH", Error, Red, Reference, "§1.2 lines 10–11, §5.1 #4",
        de("Referenz und Verwendungszweck zugleich",
           "Zeile 10 (Referenz) und Zeile 11 (Verwendungszweck) sind beide befüllt; erlaubt ist nur eine davon.",
           "Apps übernehmen dann meist nur die Referenz und verwerfen den Text – ein Kassenzeichen im Text geht verloren.",
           citizen: "Der Code enthält eine Referenz und einen Verwendungszweck. Banking-Apps übernehmen meist nur die Referenz. Ein Kassenzeichen im Verwendungszweck geht dann verloren."),
        en("Both reference and text",
           "Line 10 (reference) and line 11 (remittance text) are both populated; only one is allowed.",
           "Apps then mostly take the reference and drop the text – a cash reference in the text is lost.",
           citizen: "The code holds both a reference and a payment reference text. Banking apps mostly take only the reference. A reference number in the text is then lost.");
    REMITTANCE_MISSING: "REMITTANCE-MISSING", Warning, Yellow, Text, "§5.2",
        de("Weder Referenz noch Verwendungszweck",
           "Weder Referenz (Zeile 10) noch Verwendungszweck (Zeile 11): die Zahlung lässt sich keinem Bescheid zuordnen.",
           "Geben Sie das Kassenzeichen in Zeile 11 an. Zudem verlangen manche Parser mindestens 10 Zeilen und lehnen kürzere Codes ab.",
           citizen: "Im Code steht kein Verwendungszweck. Tragen Sie das Kassenzeichen vom Bescheid selbst ein, sonst lässt sich Ihre Zahlung nicht zuordnen."),
        en("Neither reference nor text",
           "Neither a reference (line 10) nor a remittance text (line 11): the payment cannot be matched to a notice.",
           "Put the cash reference (Kassenzeichen) in line 11. Some parsers also require at least 10 lines and refuse shorter codes.",
           citizen: "The code holds no payment reference. Enter the reference number from the notice yourself, otherwise your payment cannot be matched.");
    TEXT_TOO_LONG: "TEXT-TOO-LONG", Error, Yellow, Text, "§1.2 line 11",
        de("Verwendungszweck zu lang",
           "Der Verwendungszweck hat {actual} Zeichen, erlaubt sind höchstens {limit}.",
           "Banken kürzen auf 140 Zeichen; was danach steht – oft das Kassenzeichen – geht verloren.",
           citizen: "Der Verwendungszweck ist zu lang. Banken kürzen ihn auf 140 Zeichen, der Rest geht verloren. Prüfen Sie, ob das Kassenzeichen vollständig in der Überweisung steht."),
        en("Remittance text too long",
           "The remittance text has {actual} characters; at most {limit} are allowed.",
           "Banks cut it at 140 characters; whatever follows – often the cash reference – is lost.",
           citizen: "The payment reference is too long. Banks cut it at 140 characters and the rest is lost. Check that the reference number is complete in the transfer.");
    INFO_TOO_LONG: "INFO-TOO-LONG", Error, Green, Information, "§1.2 line 12",
        de("Hinweis zu lang",
           "Der Hinweis an den Zahler (Zeile 12) hat {actual} Zeichen, erlaubt sind höchstens {limit}.",
           "Der Hinweis wird nur dem Zahler angezeigt und nicht überwiesen; Apps kürzen ihn.",
           citizen: "Der Hinweis für Sie ist zu lang. Ihre Banking-App zeigt ihn vielleicht gekürzt an. Für die Überweisung ist das egal."),
        en("Information too long",
           "The information for the payer (line 12) has {actual} characters; at most {limit} are allowed.",
           "The information is only shown to the payer and not transferred; apps cut it.",
           citizen: "The note for you is too long. Your banking app may show it shortened. It makes no difference to the transfer.");
    NOTICE_AMOUNT: "NOTICE-AMOUNT", Error, Red, Amount, "the notice's text (PDF)",
        de("Betrag weicht vom Bescheid ab",
           "Betrag im Code: {actual_de}; auf dem Bescheid: {expected_de}.",
           "Code und Bescheid kommen aus demselben Datensatz, die Vorlage ordnet den Betrag aber anders zu: ein alter Gebührensatz, eine Summe ohne Auslagen, ein leeres Feld. Prüfen Sie die Zuordnung des Betrags in Serienbrief und Datenquelle.",
           citizen: "Der Betrag im Code ({actual_de}) ist nicht der Betrag auf dem Bescheid ({expected_de}). Bezahlen Sie nicht mit dem Code; übertragen Sie die Angaben vom Bescheid von Hand und informieren Sie die ausstellende Stelle."),
        en("Amount differs from the notice",
           "Amount in the code: {actual_en}; on the notice: {expected_en}.",
           "Code and notice come from the same record, but the template maps the amount differently: last year's fee, a total without the expenses, an empty field. Check how the mail-merge and the data source map the amount.",
           citizen: "The amount in the code ({actual_en}) is not the amount on the notice ({expected_en}). Do not pay with the code; type in the details from the notice by hand and tell the issuing office.");
    NOTICE_IBAN: "NOTICE-IBAN", Error, Red, Iban, "the notice's text (PDF)",
        de("IBAN weicht vom Bescheid ab",
           "IBAN im Code: {actual}; auf dem Bescheid: {expected}.",
           "Der Code zahlt auf ein anderes Konto als das, das der Bescheid nennt. Prüfen Sie die Bankverbindung in Serienbrief und Datenquelle.",
           citizen: "Die IBAN im Code ({actual}) ist nicht die IBAN auf dem Bescheid ({expected}). Bezahlen Sie nicht mit dem Code; übertragen Sie die Angaben vom Bescheid von Hand und informieren Sie die ausstellende Stelle."),
        en("IBAN differs from the notice",
           "IBAN in the code: {actual}; on the notice: {expected}.",
           "The code pays another account than the one the notice names. Check the bank details in the mail-merge and the data source.",
           citizen: "The IBAN in the code ({actual}) is not the IBAN on the notice ({expected}). Do not pay with the code; type in the details from the notice by hand and tell the issuing office.");
    NOTICE_REFERENCE: "NOTICE-REFERENCE", Error, Red, Reference, "the notice's text (PDF)",
        de("Referenz weicht vom Bescheid ab",
           "Der Bescheid nennt {what_de} {expected}, der Code trägt es nicht (Verwendungszweck im Code: {actual_de}).",
           "Eine Zahlung ohne das richtige Kassenzeichen kann die Kasse nicht zuordnen: Der Bürger bekommt eine Mahnung, obwohl er gezahlt hat. Prüfen Sie die Zuordnung von Referenz und Verwendungszweck in Serienbrief und Datenquelle.",
           citizen: "Der Code enthält nicht die Angabe {expected} vom Bescheid ({what_de}). Ohne sie kann Ihre Zahlung nicht zugeordnet werden. Übertragen Sie die Angaben vom Bescheid von Hand und informieren Sie die ausstellende Stelle."),
        en("Reference differs from the notice",
           "The notice gives the {what_en} {expected}; the code does not carry it (remittance in the code: {actual_en}).",
           "A payment without the right Kassenzeichen cannot be matched: the citizen gets a reminder although they paid. Check how the mail-merge and the data source map the reference and the remittance text.",
           citizen: "The code lacks the {what_en} {expected} printed on the notice. Without it your payment cannot be matched. Type in the details from the notice by hand and tell the issuing office.");
    NOTICE_NAME: "NOTICE-NAME", Warning, Yellow, Name, "the notice's text (PDF)",
        de("Empfänger weicht vom Bescheid ab",
           "Empfänger im Code: „{actual}“; auf dem Bescheid: „{expected}“.",
           "Der Code nennt einen anderen Empfänger als der Bescheid, anders als nur in Schreibweise, Umlauten oder Rechtsform. Banken vergleichen den Namen mit dem Kontoinhaber und warnen bei Abweichung. Prüfen Sie den Empfängernamen in Serienbrief und Datenquelle.",
           citizen: "Der Empfänger im Code („{actual}“) ist nicht der Empfänger auf dem Bescheid („{expected}“). Vergleichen Sie die Angaben mit dem Bescheid, bevor Sie bezahlen; fragen Sie im Zweifel bei der ausstellenden Stelle nach."),
        en("Beneficiary differs from the notice",
           "Beneficiary in the code: \"{actual}\"; on the notice: \"{expected}\".",
           "The code names another beneficiary than the notice, beyond spelling, umlauts or legal form. Banks compare the name with the account holder and warn on a difference. Check the beneficiary name in the mail-merge and the data source.",
           citizen: "The beneficiary in the code (\"{actual}\") is not the one on the notice (\"{expected}\"). Compare the details with the notice before you pay; if in doubt, ask the issuing office.");
    NOTICE_CONFIRMED: "NOTICE-CONFIRMED", Info, Green, Payload, "the notice's text (PDF)",
        de("Code stimmt mit dem Bescheid überein",
           "{confirmed_de} stimmen mit dem Bescheid überein.",
           "Zur Kontrolle: Was der Bescheid an Zahlungsangaben nennt, trägt der Code genauso.",
           citizen: "Die Angaben im Code passen zum Bescheid: {confirmed_de}."),
        en("Code agrees with the notice",
           "The {confirmed_en} agree with the notice.",
           "For the record: the payment details the notice states are the ones the code carries.",
           citizen: "The details in the code match the notice: {confirmed_en}.");
    NOTICE_UNCLEAR: "NOTICE-UNCLEAR", Info, Green, Payload, "the notice's text (PDF)",
        de("Bescheid nicht eindeutig",
           "{what_de} nicht verglichen: Der Bescheid nennt mehrere ({found}).",
           "Wo der Bescheid mehrere Werte nennt, sagt giroscope nichts über Abweichungen, statt zu raten. Prüfen Sie diese Angabe bei der Stichprobe von Hand.",
           citizen: "Auf dem Bescheid stehen mehrere Angaben für {what_de}. Vergleichen Sie selbst, welche im Code steht."),
        en("Notice not clear",
           "{what_en} not compared: the notice gives several ({found}).",
           "Where the notice gives several values, giroscope says nothing about differences rather than guess. Check this field by hand in your sample.",
           citizen: "The notice gives several values for the {what_en}. Compare yourself which one the code holds.");
    NOTICE_NOTHING_FOUND: "NOTICE-NOTHING-FOUND", Info, Green, Payload, "the notice's text (PDF)",
        de("Keine Zahlungsangaben im Text",
           "Im Text der Seite steht kein Betrag, keine IBAN und keine Referenz mit Bezeichnung, die sich vergleichen ließen.",
           "Der Code wurde nicht mit dem Bescheid verglichen. Steht der Betrag etwa ohne Bezeichnung wie „Zu zahlender Betrag“ oder „Gesamtbetrag“ da, prüfen Sie ihn von Hand; gehören Code und Angaben auf verschiedene Seiten, nennen Sie sie mit --code-pages.",
           citizen: "Wir konnten den Code nicht mit dem Bescheid vergleichen. Vergleichen Sie Betrag, IBAN und Kassenzeichen selbst."),
        en("No payment details in the text",
           "The page's text holds no labelled amount, IBAN or reference to compare.",
           "The code was not compared with the notice. If the amount stands without a label such as \"Zu zahlender Betrag\" or \"Gesamtbetrag\", check it by hand; if code and details are on different pages, name them with --code-pages.",
           citizen: "We could not compare the code with the notice. Compare the amount, IBAN and reference yourself.");
    NOTICE_NO_TEXT: "NOTICE-NO-TEXT", Info, Green, Payload, "the notice's text (PDF)",
        de("Keine Schrift zum Vergleichen",
           "Die Seite hat keinen Text, nur Bild (ein Scan?): Der Code wurde nicht mit dem Bescheid verglichen.",
           "PDFs aus dem Fachverfahren haben eine Textebene; ein gescannter Bescheid nicht. Prüfen Sie Betrag, IBAN und Kassenzeichen bei der Stichprobe von Hand.",
           citizen: "Wir konnten den Text des Bescheids nicht lesen und den Code deshalb nicht damit vergleichen. Vergleichen Sie Betrag, IBAN und Kassenzeichen selbst."),
        en("No text to compare",
           "The page has no text, only pictures (a scan?): the code was not compared with the notice.",
           "PDFs from the office's software have a text layer; a scanned notice has none. Check amount, IBAN and Kassenzeichen by hand in your sample.",
           citizen: "We could not read the notice's text, so the code was not compared with it. Compare the amount, IBAN and reference yourself.");
    PAYEE_CONFIRMED: "PAYEE-CONFIRMED", Info, Green, Iban, "trusted payees (--payees)",
        de("Empfängerkonto bestätigt",
           "Die IBAN steht in der Liste der eigenen Konten: {payee}.",
           "Das Konto ist als eigenes Konto eingetragen: Der Code zahlt an die richtige Stelle.",
           citizen: "Empfängerkonto bestätigt: {payee}. Das ersetzt nicht die Empfängerüberprüfung Ihrer Bank. Zeigt Ihre Banking-App einen Hinweis zum Empfänger, nehmen Sie ihn ernst."),
        en("Recipient account confirmed",
           "The IBAN is in the list of own accounts: {payee}.",
           "The account is listed as one of your own: the code pays the right office.",
           citizen: "Recipient account confirmed: {payee}. This does not replace your bank's own Verification of Payee. If your banking app shows a notice about the recipient, take it seriously.");
    PAYEE_NAME_CLOSE: "PAYEE-NAME-CLOSE", Warning, Yellow, Name, "trusted payees (--payees)",
        de("Empfängername weicht leicht vom Kontoinhaber ab",
           "Der Code nennt „{name}“, das Konto gehört „{holder}“.",
           "Seit Oktober 2025 vergleicht jede Bank den Empfängernamen mit dem Kontoinhaber. Bei einer solchen Abweichung (Schreibweise, Rechtsform, Umlaute) zeigt die Banking-App den richtigen Namen und fragt nach, ob trotzdem überwiesen werden soll; manche Bürgerinnen und Bürger brechen dann ab. Schreiben Sie den Namen im Code genau so wie den Kontoinhaber: „{holder}“.",
           citizen: "Ihre Banking-App zeigt vielleicht den Hinweis, dass der Empfängername leicht abweicht: Das Konto gehört „{holder}“. Das ist in Ordnung, Sie können die Zahlung bestätigen."),
        en("Beneficiary name differs slightly from the account holder",
           "The code names \"{name}\", the account belongs to \"{holder}\".",
           "Since October 2025 every bank compares the beneficiary name with the account holder. On a difference like this (spelling, legal form, umlauts) the banking app shows the correct name and asks whether to pay anyway; some citizens give up then. Write the name in the code exactly as the account holder's: \"{holder}\".",
           citizen: "Your banking app may say that the beneficiary name differs slightly: the account belongs to \"{holder}\". That is fine; you can confirm the payment.");
    PAYEE_NAME_MISMATCH: "PAYEE-NAME-MISMATCH", Warning, Yellow, Name, "trusted payees (--payees)",
        de("Empfängername passt nicht zum Kontoinhaber",
           "Der Code nennt „{name}“, das Konto gehört aber „{holder}“.",
           "Jede Bank vergleicht den Empfängernamen mit dem Kontoinhaber und warnt bei einem anderen Namen, das Geld könne an einen Falschen gehen: Viele zahlen dann nicht. Tragen Sie als Empfänger im Code den Kontoinhaber ein: „{holder}“.",
           citizen: "Ihre Banking-App wird wahrscheinlich warnen, dass der Empfängername nicht zum Konto passt. Das Konto ist aber als Konto von „{holder}“ bekannt. Vergleichen Sie IBAN und Empfänger mit dem Bescheid; fragen Sie im Zweifel bei der Stelle nach, die ihn geschickt hat."),
        en("Beneficiary name does not match the account holder",
           "The code names \"{name}\", but the account belongs to \"{holder}\".",
           "Every bank compares the beneficiary name with the account holder and, on another name, warns that the money may go to the wrong person: many then do not pay. Put the account holder in the code as the beneficiary: \"{holder}\".",
           citizen: "Your banking app will probably warn that the beneficiary name does not match the account. The account is known as belonging to \"{holder}\", though. Compare the IBAN and the beneficiary with the notice; if in doubt, ask the office that sent it.");
    PAYEE_UNKNOWN: "PAYEE-UNKNOWN", Error, Red, Iban, "trusted payees (--payees)",
        de("Empfängerkonto nicht in der Liste",
           "Die IBAN {iban} steht nicht in der Liste der eigenen Konten.",
           "Der Code zahlt auf ein Konto, das nicht als eigenes eingetragen ist: ein Fehler in Stammdaten oder Vorlage, auf der Straße auch ein überklebter Code. Prüfen Sie die Bankverbindung oder ergänzen Sie die Liste, wenn das Konto Ihnen gehört.",
           citizen: "Vorsicht: Dieses Empfängerkonto steht nicht auf der Liste der bekannten Konten. Vergleichen Sie IBAN und Empfänger mit dem gedruckten Bescheid und prüfen Sie, ob ein Aufkleber über dem Code klebt. Fragen Sie im Zweifel nach, bevor Sie bezahlen."),
        en("Recipient account not in the list",
           "The IBAN {iban} is not in the list of own accounts.",
           "The code pays an account that is not listed as your own: a mistake in the master data or the template, or, in the street, a sticker over the code. Check the bank details, or add the account to the list if it is yours.",
           citizen: "Careful: this recipient account is not on the list of known accounts. Compare the IBAN and the recipient with the printed notice and check whether a sticker covers the code. If in doubt, ask before you pay.");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_upper_kebab_case() {
        let mut seen = HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn both_languages_use_the_same_placeholders() {
        fn names(text: &str) -> Vec<&str> {
            let mut names: Vec<&str> = text
                .split('{')
                .skip(1)
                .filter_map(|part| part.split_once('}').map(|(name, _)| name))
                // `{count|one|other}`: the plural forms differ by language, the name not.
                .map(|name| name.split('|').next().unwrap_or_default())
                .map(|name| name.trim_end_matches("_de").trim_end_matches("_en"))
                .collect();
            names.sort_unstable();
            names.dedup();
            names
        }
        for rule in ALL {
            assert_eq!(
                names(rule.de.message),
                names(rule.en.message),
                "{}",
                rule.code
            );
            assert_eq!(names(rule.de.help), names(rule.en.help), "{}", rule.code);
            assert_eq!(
                names(rule.de.citizen),
                names(rule.en.citizen),
                "{}",
                rule.code
            );
            // The citizen's text may only use values the finding carries for its message or help.
            let known = [names(rule.de.message), names(rule.de.help)].concat();
            for name in names(rule.de.citizen) {
                assert!(known.contains(&name), "{}: {{{name}}}", rule.code);
            }
        }
    }

    /// Every rule speaks to both audiences in both languages: the issuer's help and the
    /// citizen's text are there, differ, and the citizen's text holds none of the issuer's
    /// machinery (line numbers, templates, flags, rulebook sections) and only short sentences.
    #[test]
    fn every_rule_has_a_citizen_text_in_german_and_english() {
        const ISSUER_WORDS: &[&str] = &[
            "Zeile",
            "line ",
            "Generator",
            "generator",
            "Stammdaten",
            "master data",
            "Vorlage",
            "template",
            "Serienbrief",
            "mail-merge",
            "--",
            "§",
            "EPC",
            "ISO",
            "Modul",
            "module",
            "Payload",
            "payload",
            "giroscope",
            "Byte",
            "ECI",
            "UTF",
            "dpi",
        ];
        for rule in ALL {
            for (lang, text) in [("de", &rule.de), ("en", &rule.en)] {
                let what = format!("{} ({lang})", rule.code);
                assert!(!text.title.is_empty(), "{what}: title");
                assert!(!text.message.is_empty(), "{what}: message");
                assert!(!text.help.is_empty(), "{what}: issuer help");
                assert!(!text.citizen.is_empty(), "{what}: citizen text");
                assert_ne!(text.citizen, text.help, "{what}");
                for word in ISSUER_WORDS {
                    assert!(
                        !text.citizen.contains(word),
                        "{what}: {word:?} in {:?}",
                        text.citizen
                    );
                }
                for sentence in text.citizen.split_inclusive(['.', ':', '?']) {
                    let words = sentence.split_whitespace().count();
                    assert!(words <= 22, "{what}: {words} words in {sentence:?}");
                }
            }
            assert_ne!(rule.de.citizen, rule.en.citizen, "{}", rule.code);
        }
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(lookup("iban-checksum"), Some(&IBAN_CHECKSUM));
        assert_eq!(lookup("NO-SUCH-RULE"), None);
    }
}
