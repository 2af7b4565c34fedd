//! schemathesis (PyPI) against /openapi.json on a real server on a loopback port, bounded
//! examples, fixed seed. Skips with a message where schemathesis is missing; .ci/run installs
//! it into target/schemathesis.

use std::process::Command;

use giroscope_server::Config;

use crate::util::root;

#[test]
fn schemathesis_finds_nothing_against_the_openapi_description() {
    let venv = root().join("target/schemathesis/bin/st");
    let st = if venv.exists() {
        venv.into_os_string()
    } else {
        "st".into()
    };
    if Command::new(&st).arg("--version").output().is_err() {
        eprintln!("skipping schemathesis: `st` not found (pip install schemathesis)");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run schemathesis; .ci/run installs it"
        );
        return;
    }
    let (_runtime, address) = crate::util::loopback_server(Config::default());
    let output = Command::new(&st)
        .arg("--no-color")
        .arg("--config-file")
        .arg(root().join("tests/api/schemathesis.toml"))
        .args(["run", &format!("http://{address}/openapi.json")])
        .args(["--max-examples", "40", "--seed", "1", "--workers", "1"])
        .output()
        .expect("st runs");
    let log = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && log.contains("No issues found"),
        "schemathesis:\n{log}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Every operation of the description was selected and exercised.
    let selected = log
        .lines()
        .find_map(|line| line.trim().strip_prefix("Selected: "))
        .and_then(|counts| counts.split_once('/'))
        .expect("schemathesis names the selected operations");
    assert_eq!(selected.0, selected.1, "{log}");
    assert!(selected.0.parse::<usize>().is_ok_and(|n| n >= 8), "{log}");
    assert!(log.contains(&format!("Tested: {}", selected.0)), "{log}");
}
