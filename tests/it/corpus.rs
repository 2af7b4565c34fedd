//! giroscope's symbol reader against the facts zxing-cpp and ZXing reported for the public
//! corpora in ../shared/corpus (`N.result.txt`, `N.metadata.txt`). Skips with a message when
//! the corpus is absent.

use std::path::{Path, PathBuf};

use giroscope::{Options, verify};

fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if root.is_dir() {
        Some(root)
    } else {
        eprintln!("skipping: ../shared/corpus is absent");
        None
    }
}

fn reports(root: &Path) -> Vec<(PathBuf, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for set in ["zxing-cpp", "zxing-blackbox"] {
        let Ok(folders) = std::fs::read_dir(root.join(set)) else {
            continue;
        };
        for folder in folders.flatten() {
            let Ok(files) = std::fs::read_dir(folder.path()) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_string();
                let Some(stem) = name
                    .strip_suffix(".result.txt")
                    .or_else(|| name.strip_suffix(".metadata.txt"))
                else {
                    continue;
                };
                let image = ["png", "jpg", "webp"]
                    .iter()
                    .map(|ext| path.with_file_name(format!("{stem}.{ext}")))
                    .find(|p| p.exists());
                let facts = std::fs::read_to_string(&path)
                    .unwrap_or_default()
                    .lines()
                    .filter_map(|l| l.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                if let Some(image) = image {
                    out.push((image, facts));
                }
            }
        }
    }
    out
}

#[test]
fn symbol_facts_agree_with_zxing_reports() {
    let Some(root) = corpus() else { return };
    let mut compared = 0;
    for (image, facts) in reports(&root) {
        let bytes = std::fs::read(&image).expect("corpus image");
        let Ok(verified) = verify(&bytes, &Options::default()) else {
            continue;
        };
        let Some(symbol) = verified.codes.first().and_then(|c| c.symbol.as_ref()) else {
            continue;
        };
        if symbol.version.is_none() {
            continue; // read by an engine alone (e.g. a model-1 symbol): nothing to compare
        }
        for (key, value) in facts {
            let name = image.display();
            match key.as_str() {
                "ecLevel" => assert_eq!(symbol.ec_level, Some(value.as_str()), "{name}"),
                "isInverted" => assert_eq!(symbol.inverted, value == "true", "{name}"),
                "symbologyIdentifier" | "SYMBOLOGY_IDENTIFIER" => {
                    // ]Q1 plain, ]Q2 with ECI, ]Q3 GS1 (FNC1 in first position).
                    assert_eq!(symbol.eci.is_some(), value == "]Q2", "{name}: {value}");
                    assert_eq!(
                        symbol.modes.contains(&"fnc1-first"),
                        value == "]Q3",
                        "{name}: {value}"
                    );
                }
                "ERRORS_CORRECTED" => {
                    assert_eq!(
                        symbol.corrected_errors.map(|n| n.to_string()),
                        Some(value),
                        "{name}"
                    )
                }
                _ => continue,
            }
            compared += 1;
        }
    }
    assert!(compared >= 5, "only {compared} facts compared");
}
