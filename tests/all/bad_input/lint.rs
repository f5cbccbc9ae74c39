//! `skillgen lint DIR` on markdown that is broken, huge, binary or looping. Lint
//! reports findings (exit 1) or none (exit 0); it never panics, never hangs, and never
//! changes the folder it reads.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tempfile::TempDir;

use crate::bad_input::support::fixture;

const CLEAN: &str = "---\nname: demo-skill\ndescription: A bad-input fixture skill that lints clean. Use when testing bad input.\n---\n\n# Demo\n\nCheck the service:\n\n```bash\nssh hemma \"docker ps\"\n```\n";

struct Lint {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A temporary folder holding `demo-skill/`, outside any skillgen project.
fn skill_dir(files: &[(&str, &[u8])]) -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("demo-skill");
    fs::create_dir(&dir).expect("skill folder");
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).expect("write");
    }
    (tmp, dir)
}

fn from_fixture(name: &str) -> (TempDir, PathBuf) {
    let text = fs::read(fixture(&format!("lint/{name}/SKILL.md"))).expect("fixture");
    skill_dir(&[("SKILL.md", &text)])
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, bool)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        let meta = fs::symlink_metadata(&path).expect("metadata");
        let bytes = if meta.is_file() {
            fs::read(&path).expect("read")
        } else {
            Vec::new()
        };
        out.push((path, bytes, meta.file_type().is_symlink()));
    }
    out.sort();
    out
}

/// Lints `dir` and checks what every case must hold: no panic, exit 0 or 1 as
/// expected, in bounded time, and the folder unchanged.
fn lint(tmp: &TempDir, dir: &Path, expected_code: i32) -> Lint {
    let before = snapshot(dir);
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_skillgen"))
        .args(["lint", "--hosts", "hemma"])
        .arg(dir)
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("skillgen runs");
    let run = Lint {
        code: output.status.code().unwrap_or(-1),
        // The temporary folder differs between runs; findings are compared without it.
        stdout: String::from_utf8_lossy(&output.stdout)
            .replace(&tmp.path().display().to_string(), "TMP"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        start.elapsed().as_secs() < 60,
        "lint took {:?}",
        start.elapsed()
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stdout.contains("panicked"),
        "{}",
        run.stderr
    );
    assert_eq!(run.code, expected_code, "{}{}", run.stdout, run.stderr);
    assert_eq!(snapshot(dir), before, "lint changed the folder");
    run
}

#[test]
fn lint_clean_fixture_is_clean() {
    let (tmp, dir) = skill_dir(&[("SKILL.md", CLEAN.as_bytes())]);
    let run = lint(&tmp, &dir, 0);
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
}

#[test]
fn lint_non_utf8_markdown() {
    let mut bytes = CLEAN.as_bytes().to_vec();
    bytes.extend_from_slice(b"\nCaf\xe9 au lait.\n");
    let line = CLEAN.lines().count() + 2;
    let (tmp, dir) = skill_dir(&[("SKILL.md", &bytes)]);
    let run = lint(&tmp, &dir, 1);
    assert!(
        run.stdout
            .contains(&format!("demo-skill/SKILL.md:{line}:4")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("UTF-8"), "{}", run.stdout);
}

#[test]
fn lint_crlf_gives_the_same_findings() {
    let broken = CLEAN.replace("```bash", "```");
    let (tmp, dir) = skill_dir(&[("SKILL.md", broken.as_bytes())]);
    // A fence without a language: a warning, so exit 0.
    let lf = lint(&tmp, &dir, 0);
    assert!(
        lf.stdout.contains("warning[fence-language]"),
        "{}",
        lf.stdout
    );
    let (tmp, dir) = skill_dir(&[("SKILL.md", broken.replace('\n', "\r\n").as_bytes())]);
    let crlf = lint(&tmp, &dir, 0);
    assert_eq!(lf.stdout, crlf.stdout);
    let (tmp, dir) = skill_dir(&[("SKILL.md", CLEAN.replace('\n', "\r\n").as_bytes())]);
    lint(&tmp, &dir, 0);
}

#[test]
fn lint_bom_gives_the_same_findings() {
    let broken = CLEAN.replace("```bash", "```");
    let (tmp, dir) = skill_dir(&[("SKILL.md", broken.as_bytes())]);
    let plain = lint(&tmp, &dir, 0);
    assert!(
        plain.stdout.contains("warning[fence-language]"),
        "{}",
        plain.stdout
    );
    let (tmp, dir) = skill_dir(&[("SKILL.md", format!("\u{feff}{broken}").as_bytes())]);
    let bom = lint(&tmp, &dir, 0);
    assert_eq!(plain.stdout, bom.stdout);
    let (tmp, dir) = skill_dir(&[("SKILL.md", format!("\u{feff}{CLEAN}").as_bytes())]);
    lint(&tmp, &dir, 0);
}

#[test]
fn lint_unterminated_fence() {
    let (tmp, dir) = from_fixture("unterminated-fence");
    let run = lint(&tmp, &dir, 1);
    assert!(
        run.stdout.contains("demo-skill/SKILL.md:10:1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("never closed"), "{}", run.stdout);
}

#[test]
fn lint_unterminated_quote_in_a_shell_line() {
    let (tmp, dir) = from_fixture("unterminated-quote");
    let run = lint(&tmp, &dir, 1);
    assert!(
        run.stdout.contains("demo-skill/SKILL.md:11:11"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`\"` is never closed"),
        "{}",
        run.stdout
    );
}

#[test]
fn lint_unterminated_single_quote_and_heredoc() {
    for (body, message) in [
        ("ssh hemma 'docker ps\n", "`'` is never closed"),
        (
            "ssh hemma \"cat <<EOF\"\ncat <<EOF\nnever ended\n",
            "never ended",
        ),
        ("ssh hemma \"echo $(date\"\n", "`\"` is never closed"),
    ] {
        let text = CLEAN.replace("ssh hemma \"docker ps\"\n", body);
        let (tmp, dir) = skill_dir(&[("SKILL.md", text.as_bytes())]);
        let run = lint(&tmp, &dir, 1);
        assert!(run.stdout.contains(message), "{body:?}: {}", run.stdout);
        assert!(
            run.stdout.contains("demo-skill/SKILL.md:"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn lint_binary_file_named_md() {
    let mut binary: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    binary.splice(0..0, *b"\x89PNG\r\n\x1a\n");
    let (tmp, dir) = skill_dir(&[("SKILL.md", CLEAN.as_bytes()), ("image.md", &binary)]);
    let run = lint(&tmp, &dir, 1);
    assert!(
        run.stdout.contains("demo-skill/image.md:1:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("UTF-8"), "{}", run.stdout);
}

/// Control characters and NULs are valid UTF-8: linted as text, without a panic.
#[test]
fn lint_binary_but_valid_utf8_md() {
    let text: String = (0..20_000u32)
        .filter_map(|n| char::from_u32(n % 0x80))
        .collect();
    let (tmp, dir) = skill_dir(&[
        ("SKILL.md", CLEAN.as_bytes()),
        ("control.md", text.as_bytes()),
    ]);
    let tmp_code = {
        let output = Command::new(env!("CARGO_BIN_EXE_skillgen"))
            .args(["lint", "--hosts", "hemma"])
            .arg(&dir)
            .current_dir(tmp.path())
            .output()
            .expect("skillgen runs");
        output.status.code()
    };
    assert!(matches!(tmp_code, Some(0 | 1)), "{tmp_code:?}");
    lint(&tmp, &dir, tmp_code.unwrap_or(-1));
}

#[test]
fn lint_symlink_loop() {
    let (tmp, dir) = from_fixture("symlink-loop");
    std::os::unix::fs::symlink(".", dir.join("self")).expect("symlink");
    std::os::unix::fs::symlink("..", dir.join("up")).expect("symlink");
    std::os::unix::fs::symlink("b.md", dir.join("a.md")).expect("symlink");
    std::os::unix::fs::symlink("a.md", dir.join("b.md")).expect("symlink");
    let run = lint(&tmp, &dir, 1);
    for name in ["a.md", "b.md", "up"] {
        assert!(
            run.stdout.contains(&format!("demo-skill/{name}:1:1")),
            "{name}: {}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("symlink"), "{}", run.stdout);
}

/// 10 MB of markdown: headings, links, fences and prose, linted in bounded time.
#[test]
fn lint_ten_megabyte_markdown() {
    let mut text = CLEAN.to_string();
    let mut n = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!(
            "\n## Part {n}\n\nSee [part {n}](#part-{n}) and [demo](SKILL.md#demo).\n\n```bash\nssh hemma \"docker logs --tail {n} web\"\n```\n"
        ));
        n += 1;
    }
    let (tmp, dir) = skill_dir(&[("SKILL.md", text.as_bytes())]);
    // Over its line budget (a warning), and nothing else.
    let run = lint(&tmp, &dir, 0);
    assert!(
        run.stdout.contains("warning[line-budget]"),
        "{}",
        &run.stdout[..run.stdout.len().min(2000)]
    );
}

/// A single line of 100,000 characters, in prose and in a shell command.
#[test]
fn lint_hundred_thousand_character_line() {
    let long = "word ".repeat(20_000);
    let text = format!(
        "{CLEAN}\n{long}\n\n```bash\nssh hemma \"echo {long}\"\n```\n\n```bash\necho {long}\n```\n"
    );
    let (tmp, dir) = skill_dir(&[("SKILL.md", text.as_bytes())]);
    let run = lint(&tmp, &dir, 1);
    assert!(
        run.stdout.contains("ssh-first"),
        "{}",
        &run.stdout[..run.stdout.len().min(2000)]
    );
    assert!(
        run.stdout.len() < 1_000_000,
        "the report repeats the long line in full"
    );
}

/// `<!-->` closes where it opens; the suppression scanner once sliced backwards on it
/// (found by fuzzing).
#[test]
fn lint_html_comment_closing_inside_its_opening() {
    let text = format!(
        "{CLEAN}\nAn empty comment: <!--> and <!---> and <!-- skillgen-disable-next-line -->\n"
    );
    let (tmp, dir) = skill_dir(&[("SKILL.md", text.as_bytes())]);
    let output = Command::new(env!("CARGO_BIN_EXE_skillgen"))
        .args(["lint", "--hosts", "hemma"])
        .arg(&dir)
        .current_dir(tmp.path())
        .output()
        .expect("skillgen runs");
    let code = output.status.code().unwrap_or(-1);
    assert!(
        matches!(code, 0 | 1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    lint(&tmp, &dir, code);
}

/// Thirty nested subshells once took the shell parser minutes (exponential
/// backtracking; found by fuzzing). The reader takes them in one pass and checks the
/// command inside.
#[test]
fn lint_deeply_nested_subshells() {
    let nested = format!("{}ssh hemma uptime{}", "( ".repeat(30), " )".repeat(30));
    let text = CLEAN.replace("ssh hemma \"docker ps\"", &nested);
    let (tmp, dir) = skill_dir(&[("SKILL.md", text.as_bytes())]);
    let run = lint(&tmp, &dir, 0);
    assert!(run.stdout.contains("no problems"), "{}", run.stdout);
    // The skill still reaches hemma elsewhere, so ssh-first applies to it.
    let local = CLEAN.replace(
        "ssh hemma \"docker ps\"",
        &format!(
            "{}\nssh hemma \"docker ps\"",
            nested.replace("ssh hemma ", "")
        ),
    );
    let (tmp, dir) = skill_dir(&[("SKILL.md", local.as_bytes())]);
    let run = lint(&tmp, &dir, 1);
    assert!(
        run.stdout.contains("demo-skill/SKILL.md:11:61") && run.stdout.contains("ssh-first"),
        "{}",
        run.stdout
    );
}

/// A redirection from a file descriptor beyond `i32` made the old shell parser panic
/// (found by fuzzing). It is a redirection like any other.
#[test]
fn lint_file_descriptor_beyond_i32() {
    let text = CLEAN.replace("ssh hemma \"docker ps\"", "ssh hemma uptime 11111111111<&1");
    let (tmp, dir) = skill_dir(&[("SKILL.md", text.as_bytes())]);
    let run = lint(&tmp, &dir, 0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

/// The old parser panicked on this nested expansion with here-strings (found by
/// fuzzing); the line is reported where reading stops, once, and nothing reaches stderr.
#[test]
fn lint_shell_parser_panic_stays_quiet() {
    let line = "$ ssh hemma dH -<   ( tiID=\"$(uuips   ( tis not$ <<<<<<<<<<<<<<<<<<<<<<<   ( tiID=\"$(uuidgen)\";20G";
    let text = CLEAN.replace("ssh hemma \"docker ps\"", line);
    let (tmp, dir) = skill_dir(&[("SKILL.md", text.as_bytes())]);
    let run = lint(&tmp, &dir, 1);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(
        run.stdout.contains("demo-skill/SKILL.md:11:17"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("shell-syntax"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("error[shell-syntax]").count(), 1);
}
