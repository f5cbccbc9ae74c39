//! A bounded fuzz run on stable Rust. Each target gets the committed regression inputs,
//! the seeds (the fixture project's facts and markdown, and the lint fixtures), and then
//! random mutations of the seeds for `SKILLGEN_FUZZ_SECONDS` seconds (default 0:
//! `cargo test` only replays, so it is deterministic; `.ci/fuzz-short` gives each target
//! more). When that variable is set, a local cargo-fuzz corpus in `fuzz/corpus/` is
//! replayed too. An input that panics, or takes over 10 seconds, is written to
//! `fuzz-short-failures/` in cargo's test temp folder and the test fails.

#![allow(clippy::print_stderr)] // the run reports its numbers

mod targets;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn budget() -> Duration {
    let seconds = std::env::var("SKILLGEN_FUZZ_SECONDS")
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .unwrap_or(0.0);
    Duration::from_secs_f64(seconds.max(0.0))
}

/// One input taking longer than this is a hang, reported like a panic.
const SLOW: Duration = Duration::from_secs(10);

/// The input each fuzzing thread is running, and since when.
type Running = std::sync::Mutex<Vec<(std::thread::ThreadId, String, Instant, Vec<u8>)>>;
static RUNNING: Running = std::sync::Mutex::new(Vec::new());

/// An input that never returns cannot fail its test; a watchdog thread saves it and
/// ends the run once it has taken three times `SLOW`.
fn start_watchdog() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::thread::spawn(|| {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                let running = RUNNING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                for (_, label, started, input) in running.iter() {
                    if started.elapsed() > SLOW * 3 {
                        let path = save_failure(label, input);
                        eprintln!(
                            "fuzz target `{label}` hangs on {} (running {:?}); add it to the regressions",
                            path.display(),
                            started.elapsed()
                        );
                        std::process::exit(101);
                    }
                }
            }
        });
    });
}

fn set_running(label: &str, input: Option<&[u8]>) {
    let id = std::thread::current().id();
    let mut running = RUNNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    running.retain(|(thread, ..)| *thread != id);
    if let Some(input) = input {
        running.push((id, label.to_string(), Instant::now(), input.to_vec()));
    }
}

/// xorshift64*: enough randomness for mutations, and no dependency.
struct Rng(u64);

impl Rng {
    fn seeded() -> Rng {
        let seed = std::env::var("SKILLGEN_FUZZ_SEED")
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |time| time.as_nanos() as u64)
            });
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }
}

/// Bytes that matter to YAML, markdown and shell.
const INTERESTING: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"\t",
    b" ",
    b":",
    b"- ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"&a ",
    b"*a",
    b"<<: ",
    b"'",
    b"\"",
    b"\\",
    b"`",
    b"```",
    b"~~~",
    b"```bash\n",
    b"---\n",
    b"#",
    b"# ",
    b"$(",
    b"${",
    b"|",
    b"&&",
    b";",
    b"<<EOF\n",
    b"ssh ",
    b"ssh -t hemma ",
    b"](",
    b"[x](#",
    b"<!--",
    b"-->",
    b"skillgen-disable-next-line ",
    b"# local: ",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\0",
    b"{container.",
    b"{env.",
    b"yes",
    b"no",
    b"~",
    b"!",
    b"%",
    b"@",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..=rng.below(8) {
        let at = rng.below(input.len() + 1);
        match rng.below(7) {
            0 if !input.is_empty() => {
                let end = (at + rng.below(64)).min(input.len());
                input.drain(at.min(end)..end);
            }
            1 => {
                let token = INTERESTING[rng.below(INTERESTING.len())];
                input.splice(at..at, token.iter().copied());
            }
            2 if at < input.len() => input[at] = rng.next() as u8,
            3 if !input.is_empty() => {
                // Repeat a slice: long lines, deep nesting, many aliases.
                let start = rng.below(input.len());
                let end = (start + 1 + rng.below(32)).min(input.len());
                let slice = input[start..end].to_vec();
                for _ in 0..rng.below(200) {
                    input.splice(at..at, slice.iter().copied());
                }
            }
            4 => {
                // Splice in part of another seed.
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + rng.below(256)).min(other.len());
                    input.splice(at..at, other[start..end].iter().copied());
                }
            }
            5 if !input.is_empty() => {
                let start = rng.below(input.len());
                let end = (start + rng.below(64)).min(input.len());
                input.truncate(start.max(end.min(input.len())));
            }
            _ => input.insert(at.min(input.len()), rng.next() as u8),
        }
    }
    input.truncate(256 * 1024);
}

fn files_in(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.map(|entry| entry.expect("entry").path()).collect();
    paths.sort();
    paths
        .iter()
        .filter(|path| path.is_file())
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        })
        .map(|path| fs::read(path).expect("corpus file"))
        .collect()
}

fn save_failure(name: &str, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-short-failures")
        .join(name);
    fs::create_dir_all(&dir).expect("failure folder");
    let path = dir.join(format!(
        "crash-{}",
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |time| time.as_nanos())
    ));
    fs::write(&path, input).expect("write failure");
    path
}

thread_local! {
    /// Set by the panic hook on the thread that panicked, even when the panic is caught
    /// inside skillgen: the binary would still print it to stderr.
    static PANICKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.with(|flag| flag.set(true));
            default(info);
        }));
    });
}

/// Runs one target on every known input, then on mutations until the budget is spent.
fn run(name: &str, target: fn(&[u8])) {
    run_as(name, name, target);
}

/// `run` with the failures filed under `label`.
fn run_as(label: &str, name: &str, target: fn(&[u8])) {
    // Silence the default hook's message for each caught panic; the input is reported.
    let check = |input: &[u8]| {
        let started = Instant::now();
        PANICKED.with(|flag| flag.set(false));
        set_running(label, Some(input));
        let panicked = catch_unwind(AssertUnwindSafe(|| target(input))).is_err()
            || PANICKED.with(std::cell::Cell::get);
        set_running(label, None);
        if started.elapsed() > SLOW {
            let path = save_failure(label, input);
            panic!(
                "fuzz target `{label}` took {:?} on {} (a hang on bad input; add it to tests/fuzz_short/regressions/{name}/)",
                started.elapsed(),
                path.display()
            );
        }
        if panicked {
            let path = save_failure(label, input);
            panic!(
                "fuzz target `{label}` panicked on {} (input saved there; add it to tests/fuzz_short/regressions/{name}/)",
                path.display()
            );
        }
    };
    install_panic_hook();
    start_watchdog();
    let regressions = files_in(
        &manifest_dir()
            .join("tests/fuzz_short/regressions")
            .join(name),
    );
    for input in &regressions {
        check(input);
    }
    let seeds = targets::seeds(name);
    assert!(!seeds.is_empty(), "no seeds for {name}");
    for input in &seeds {
        check(input);
    }
    // A local cargo-fuzz corpus can hold thousands of inputs: replayed only in a run
    // that asks for time, not in every `cargo test`.
    if std::env::var_os("SKILLGEN_FUZZ_SECONDS").is_some() {
        for input in files_in(&manifest_dir().join("fuzz/corpus").join(name)) {
            check(&input);
        }
    }
    let mut pool: Vec<Vec<u8>> = seeds.iter().chain(&regressions).cloned().collect();
    let mut rng = Rng::seeded();
    let seed = rng.0;
    let start = Instant::now();
    let mut executions = 0u64;
    while start.elapsed() < budget() {
        let mut input = pool[rng.below(pool.len())].clone();
        mutate(&mut rng, &seeds, &mut input);
        check(&input);
        executions += 1;
        if rng.below(16) == 0 && pool.len() < 4096 {
            pool.push(input);
        }
    }
    eprintln!(
        "fuzz-short {name}: {executions} mutated inputs in {:.1}s (seed {seed}), {} seeds, {} regressions",
        start.elapsed().as_secs_f64(),
        seeds.len(),
        regressions.len()
    );
}

#[test]
fn facts_loading_never_panics() {
    run("facts", targets::facts);
}

#[test]
fn markdown_linting_never_panics() {
    run("markdown", targets::markdown);
}

#[test]
fn shell_parsing_never_panics() {
    run("shell", targets::shell);
}

/// A harness that cannot see a panic proves nothing: a target that panics must fail.
#[test]
fn a_panicking_target_is_caught() {
    fn boom(data: &[u8]) {
        assert!(data.len() > 1_000_000, "boom");
    }
    let caught = catch_unwind(|| run_as("self-test", "markdown", boom));
    assert!(caught.is_err());
}

/// Writes the seeds as a starting corpus for cargo-fuzz:
/// `cargo test --test fuzz_short -- --ignored write_seed_corpus`.
#[test]
#[ignore = "writes fuzz/corpus; run by hand before a cargo-fuzz run"]
fn write_seed_corpus() {
    for name in ["facts", "markdown", "shell"] {
        let dir = manifest_dir().join("fuzz/corpus").join(name);
        fs::create_dir_all(&dir).expect("corpus folder");
        for (index, seed) in targets::seeds(name).iter().enumerate() {
            fs::write(dir.join(format!("seed-{index:03}")), seed).expect("seed");
        }
    }
}
