#!/usr/bin/env python3
"""Writes the sample payloads in this folder. Run from this folder: python3 make.py

Each defect sample changes exactly one thing in one of the four valid notices, so that it
produces exactly the finding listed for it in expected.tsv.
"""


def write(name, lines, sep="\n", enc="utf-8", prefix=b""):
    with open(name + ".txt", "wb") as f:
        f.write(prefix + sep.join(lines).encode(enc))


PARKING = ["BCD", "002", "1", "SCT", "", "Stadtkasse Musterstadt", "DE02120300000000202051", "EUR25",
           "GOVT", "", "Kassenzeichen 5.1234.567890.1 Verwarnungsgeld Parken", "Parkverstoss am 12.03.2026"]
AMBULANCE = ["BCD", "001", "2", "SCT", "BYLADEM1001", "Landkreis Musterkreis - Rettungsdienst",
             "DE02120300000000202051", "EUR387.60", "HLTC", "RF18539007547034"]
VHS = ["BCD", "002", "1", "SCT", "", "Volkshochschule Musterstadt", "DE02120300000000202051", "EUR89.00",
       "EDUC", "", "VHS-Kurs 26F-1042 Spanisch A1 Kassenzeichen 4.7000.112233.9", "Kursbeginn 2. Maerz 2026"]
REGISTER = ["BCD", "002", "1", "SCT", "", "Stadt Musterstadt Buergerbuero", "DE02120300000000202051", "EUR7",
            "GOVT", "", "Melderegisterauskunft Kassenzeichen 7.0001.234567.8"]
UMLAUT = ["BCD", "002", "2", "SCT", "", "Stadt Müllheim Bürgerbüro", "DE02120300000000202051", "EUR7", "GOVT",
          "", "Melderegisterauskunft Kassenzeichen 7.0001.234567.8"]


def changed(lines, **at):
    lines = list(lines)
    for key, value in at.items():
        lines[int(key[1:]) - 1] = value
    return lines


write("parking-ticket", PARKING)
write("ambulance-transport", AMBULANCE, enc="latin-1")
write("adult-education", VHS, sep="\r\n")
write("register-extract", REGISTER)
write("register-extract-umlaut-latin1", UMLAUT, enc="latin-1")

write("parking-ticket-trailing-newline", PARKING + [""])
write("parking-ticket-amount-comma", changed(PARKING, l8="EUR25,00"))
write("parking-ticket-iban-typo", changed(PARKING, l7="DE02120300000000202052"))
write("parking-ticket-name-too-long", changed(
    PARKING, l6="Stadtkasse der Stadt Musterstadt, Fachbereich Ordnung, Abteilung Verkehrsueberwachung"))
write("parking-ticket-inst", changed(PARKING, l4="INST"))
write("parking-ticket-kassenzeichen-in-line-10", changed(PARKING, l10="5.1234.567890.1", l11=""))
write("ambulance-transport-no-eur", changed(AMBULANCE, l8="387.60"), enc="latin-1")
write("ambulance-transport-missing-bic-v001", changed(AMBULANCE, l5=""), enc="latin-1")
write("adult-education-both-remittance", changed(VHS, l10="RF18539007547034"), sep="\r\n")
write("adult-education-nul-padded-name", changed(VHS, l6="Volkshochschule Musterstadt" + " " * 20 + "\0\0\0"),
      sep="\r\n")
write("register-extract-latin1-under-utf8", changed(UMLAUT, l3="1", l11="Melderegisterauskunft"), enc="latin-1")
write("register-extract-bom", REGISTER, prefix=b"\xef\xbb\xbf")
write("swiss-qr-bill", ["SPC", "0200", "1", "CH4431999123000889012", "S", "Stadt Zuerich", "", "", "8001",
                        "Zuerich", "CH", "", "", "", "", "", "", "", "25.00", "CHF", "", "", "", "", "", "", "",
                        "NON", "", "", "EPD"])
