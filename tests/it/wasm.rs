use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use crate::util::{root, shared_corpus, temp_file};

/// `node`, or `None` with a message; CI, which has it, fails instead.
fn node_or_skip(what: &str) -> Option<&'static str> {
    if Command::new("node").arg("--version").output().is_ok() {
        return Some("node");
    }
    eprintln!("skipping {what}: node is not installed");
    assert!(std::env::var_os("CI").is_none(), "CI must run {what}");
    None
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// One check: an input, the language, and a payee list.
#[derive(Clone)]
struct Job {
    path: PathBuf,
    lang: &'static str,
    payees: Option<PathBuf>,
}

/// The summary's run time is the one field allowed to differ.
fn without_timing(document: &str) -> String {
    document
        .lines()
        .map(
            |line| match line.trim_start().strip_prefix("\"seconds\": ") {
                Some(_) => "    \"seconds\": 0,",
                None => line,
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// The command line's document for each job, two at a time.
fn cli_documents(jobs: &[Job]) -> Vec<String> {
    let next = Mutex::new(0usize);
    let documents = Mutex::new(vec![String::new(); jobs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut next = next.lock().expect("lock");
                        *next += 1;
                        *next - 1
                    };
                    let Some(job) = jobs.get(index) else { break };
                    let mut command = Command::new(env!("CARGO_BIN_EXE_giroscope"));
                    command.args(["check", "--format", "json", "--lang", job.lang]);
                    if let Some(payees) = &job.payees {
                        command.arg("--payees").arg(payees);
                    }
                    let output = command
                        .arg(&job.path)
                        .current_dir(root())
                        .stdin(Stdio::null())
                        .output()
                        .expect("the giroscope binary runs");
                    documents.lock().expect("lock")[index] =
                        String::from_utf8(output.stdout).expect("UTF-8 JSON");
                }
            });
        }
    });
    documents.into_inner().expect("lock")
}

/// Which build of the browser module.
#[derive(Debug, Clone, Copy)]
enum Build {
    /// With WebAssembly SIMD: what every current browser and Node run.
    Simd,
    /// Without: what browsers without SIMD get.
    Scalar,
}

/// The browser module's document for each job, from one Node process.
fn module_documents(node: &str, jobs: &[Job], build: Build) -> Vec<String> {
    use std::io::Write;
    let list: Vec<serde_json::Value> = jobs
        .iter()
        .map(|job| {
            serde_json::json!({
                "path": job.path,
                "name": job.path,
                "lang": job.lang,
                "payees": job.payees,
            })
        })
        .collect();
    let mut child = Command::new(node)
        .arg("tests/wasm/verify.mjs")
        .args(matches!(build, Build::Scalar).then_some("--scalar"))
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let list = serde_json::to_vec(&list).expect("JSON");
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || stdin.write_all(&list));
    let output = child.wait_with_output().expect("node finishes");
    writer.join().expect("writer").expect("list written");
    assert!(output.status.success(), "node failed: {:?}", output.status);
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            value["document"].as_str().expect("a document").to_string()
        })
        .collect()
}

/// Checks every job with the command line and both builds of the module, and names each input
/// whose documents differ.
fn assert_same_reports(node: &str, jobs: &[Job]) {
    let (cli, builds) = std::thread::scope(|scope| {
        let builds = [Build::Simd, Build::Scalar].map(|build| {
            (
                build,
                scope.spawn(move || module_documents(node, jobs, build)),
            )
        });
        let cli = cli_documents(jobs);
        (
            cli,
            builds.map(|(build, thread)| (build, thread.join().expect("module thread"))),
        )
    });
    for (build, module) in builds {
        assert_eq!(module.len(), jobs.len(), "a document for every input");
        let differing: Vec<(&Job, &String, &String)> = jobs
            .iter()
            .zip(cli.iter().zip(&module))
            .filter(|(_, (cli, module))| without_timing(cli) != without_timing(module))
            .map(|(job, (cli, module))| (job, cli, module))
            .collect();
        if let Some((_, cli, module)) = differing.first() {
            eprintln!("first difference — command line:\n{cli}\n{build:?} module:\n{module}");
        }
        assert!(
            differing.is_empty(),
            "{build:?} build: {} of {} inputs differ: {}",
            differing.len(),
            jobs.len(),
            differing
                .iter()
                .map(|(job, ..)| format!("{} ({})", job.path.display(), job.lang))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn jobs(paths: Vec<PathBuf>, lang: &'static str) -> Vec<Job> {
    paths
        .into_iter()
        .map(|path| Job {
            path,
            lang,
            payees: None,
        })
        .collect()
}

#[test]
fn the_module_reports_the_samples_and_hostile_inputs_as_the_command_line_does() {
    let Some(node) = node_or_skip("the browser module's parity test") else {
        return;
    };
    let samples = files(&root().join("samples"));
    let mut hostile: Vec<PathBuf> = crate::hostile_pdfs::cases()
        .into_iter()
        .map(|(name, bytes, _)| temp_file(&format!("parity-{name}.pdf"), &bytes))
        .collect();
    hostile.push(temp_file(
        "parity-junk.bin",
        &[0xff, 0x00, 0x13, 0x37, 0xfe],
    ));
    let payees = temp_file(
        "parity-payees.csv",
        "DE02120300000000202051,Stadtkasse Musterstadt\n".as_bytes(),
    );
    let mut all = jobs(samples.clone(), "de");
    all.extend(jobs(samples, "en"));
    all.extend(jobs(hostile, "de"));
    all.extend(
        [
            "images/phone-perspective.jpg",
            "payloads/adult-education.txt",
        ]
        .into_iter()
        .map(|sample| Job {
            path: root().join("samples").join(sample),
            lang: "de",
            payees: Some(payees.clone()),
        }),
    );
    assert!(all.len() > 100, "{} inputs", all.len());
    assert_same_reports(node, &all);
}

#[test]
fn the_module_reports_every_corpus_file_as_the_command_line_does() {
    let Some(node) = node_or_skip("the browser module's corpus parity test") else {
        return;
    };
    let Some(corpus) = shared_corpus("the browser module's corpus parity test") else {
        return;
    };
    let all = jobs(files(&corpus), "de");
    assert!(all.len() > 1000, "{} corpus files", all.len());
    assert_same_reports(node, &all);
}

#[test]
fn the_npm_package_does_what_its_types_promise_in_node() {
    let Some(node) = node_or_skip("the npm package's tests") else {
        return;
    };
    let tests = root().join("tests/wasm");
    if !tests.join("node_modules/typescript").exists() {
        eprintln!("skipping the npm package's tests: npm ci --prefix tests/wasm");
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the npm package's tests"
        );
        return;
    }
    let frames = Path::new(env!("CARGO_TARGET_TMPDIR")).join("frames");
    crate::frames::write(&root(), &frames).expect("frames written");
    let output = Command::new(node)
        .args(["--test", "api.test.mjs"])
        .current_dir(&tests)
        .env("GIROSCOPE_FRAMES", &frames)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "node --test:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let types = Command::new(node)
        .args(["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"])
        .current_dir(&tests)
        .output()
        .expect("tsc runs");
    assert!(
        types.status.success(),
        "tsc:\n{}",
        String::from_utf8_lossy(&types.stdout)
    );
}

/// The size the README gives for `module`, in bytes (its table's third column).
fn size_in_readme(module: &str) -> u64 {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let row = readme
        .lines()
        .find(|line| line.starts_with(&format!("| `{module}`")))
        .unwrap_or_else(|| panic!("README has no row for {module}"));
    let cell = row.split('|').nth(3).expect("a size column");
    cell.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a size in bytes")
}

#[test]
fn each_module_is_within_a_tenth_of_its_size_in_the_readme_and_the_photo_module_within_1_5_mb() {
    for (module, budget) in [
        ("giroscope_core_bg.wasm", Some(1_500_000)),
        ("giroscope_core_scalar_bg.wasm", Some(1_500_000)),
        ("giroscope_full_bg.wasm", None),
        ("giroscope_full_scalar_bg.wasm", None),
    ] {
        let size = std::fs::metadata(root().join("crates/giroscope-web/npm").join(module))
            .expect("the module is committed")
            .len();
        let listed = size_in_readme(module);
        assert!(
            size * 10 <= listed * 11,
            "{module} is {size} bytes, more than 10 % past the README's {listed}"
        );
        if let Some(budget) = budget {
            assert!(size <= budget, "{module} is {size} bytes, over {budget}");
        }
    }
}
