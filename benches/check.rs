//! The payload check on typical and maximal payloads. Target: under 10 µs per payload.

use criterion::{Criterion, criterion_group, criterion_main};
use giroscope::CodeReport;

fn payloads() -> Vec<(&'static str, Vec<u8>)> {
    let typical = b"BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1 Verwarnungsgeld Parken".to_vec();
    // 331 bytes: the largest valid payload, every field used and every length near its limit.
    let name = "Stadtkasse Musterstadt Fachbereich Ordnung Verkehrsueberwachung Sued";
    let text = "Kassenzeichen 5.1234.567890.1 Verwarnungsgeld Parken Tatort Hauptstrasse 12 Tatzeit 12.03.2026 08:14 Kennzeichen MU-AB 1234 Betrag 25.00 EUR";
    let mut maximal = format!(
        "BCD\n001\n1\nSCT\nBYLADEM1001\n{name}\nDE02120300000000202051\nEUR999999999.99\nGOVT\n\n{text}\n"
    )
    .into_bytes();
    maximal.resize(331, b'I');
    let umlauts = "BCD\n002\n1\nSCT\n\nStadt Müllheim Bürgerbüro\nDE02120300000000202051\nEUR7\nGOVT\n\nGebühr für Melderegisterauskunft".as_bytes().to_vec();
    let broken = b"BCD\r\n001\n1\nINST\ncoba deff\nStadtkasse\0\0\nde02 1203 0000 0000 2020 52\n25,00\nabcd\nRF17 5390\nText\n\n".to_vec();
    vec![
        ("typical", typical),
        ("maximal_331_bytes", maximal),
        ("umlauts", umlauts),
        ("many_defects", broken),
    ]
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for (name, bytes) in payloads() {
        group.bench_function(name, |b| {
            b.iter(|| CodeReport::from_payload(std::hint::black_box(&bytes)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
