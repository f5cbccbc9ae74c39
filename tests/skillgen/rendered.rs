//! What the rendered skill promises its reader: compact branches, links that land,
//! and server commands Claude can copy as they are.

use std::collections::BTreeMap;

use skillgen::skill::Skill;

use crate::project::repo_root;

fn rendered() -> Skill {
    let root = repo_root();
    skillgen::build_skill(&root.join("facts"), &root.join("templates"))
        .unwrap_or_else(|errors| panic!("{errors}"))
}

/// Lines of shell fences, with their file and whether a `# local:` marker precedes them.
fn shell_lines(skill: &Skill) -> Vec<(String, String, bool)> {
    let mut lines = Vec::new();
    for (file, text) in &skill.files {
        let mut in_shell = false;
        let mut local_marker = false;
        for line in text.lines() {
            if let Some(info) = line.strip_prefix("```") {
                in_shell = !in_shell && info == "bash";
                local_marker = false;
                continue;
            }
            if !in_shell {
                continue;
            }
            if line.starts_with("# local: ") {
                local_marker = true;
            } else if !line.starts_with('#') {
                lines.push((file.clone(), line.to_string(), local_marker));
                local_marker = false;
            }
        }
    }
    lines
}

/// Splits `ssh [-t] HOST "script"` into (tty, host, script as the server receives it).
/// Fails on anything the local shell would expand or end early inside the quotes.
fn parse_ssh(line: &str) -> Result<(bool, &str, String), String> {
    let rest = line
        .strip_prefix("ssh ")
        .ok_or("does not start with `ssh `")?;
    let (tty, rest) = match rest.strip_prefix("-t ") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (host, quoted) = rest.split_once(' ').ok_or("no remote command")?;
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .ok_or("remote command is not one double-quoted string")?;
    let mut script = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(escaped @ ('\\' | '"' | '$' | '`')) => script.push(escaped),
                Some(other) => {
                    script.push('\\');
                    script.push(other);
                }
                None => return Err("trailing backslash".into()),
            },
            '"' | '$' | '`' => {
                return Err(format!("unescaped {c} would be handled by the local shell"));
            }
            c => script.push(c),
        }
    }
    Ok((tty, host, script))
}

#[test]
fn every_branch_fits_its_line_budget() {
    let skill = rendered();
    let facts = skillgen::facts::load(&repo_root().join("facts")).expect("facts");
    assert_eq!(
        facts.skill.branch_line_budget, 100,
        "the issue's budget for branches"
    );
    for (file, text) in &skill.files {
        let budget = if file == "SKILL.md" {
            facts.skill.skill_line_budget
        } else {
            facts.skill.branch_line_budget
        };
        let lines = text.lines().count();
        assert!(lines <= budget, "{file} has {lines} lines, budget {budget}");
    }
}

#[test]
fn skill_md_has_valid_frontmatter_and_links_every_branch() {
    let skill = rendered();
    let text = &skill.files["SKILL.md"];
    let frontmatter = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .map(|(f, _)| f);
    let frontmatter = frontmatter.expect("frontmatter between --- lines");
    assert!(
        frontmatter.starts_with("name: skriptoteket-devops\ndescription: \""),
        "{frontmatter}"
    );
    assert!(!frontmatter.contains('<') && !frontmatter.contains('>'));
    for file in skill.files.keys().filter(|f| *f != "SKILL.md") {
        assert!(
            text.contains(&format!("]({file})")),
            "SKILL.md does not link to {file}"
        );
    }
}

fn github_slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn every_link_lands_on_a_file_and_heading() {
    let skill = rendered();
    let mut anchors: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (file, text) in &skill.files {
        let mut in_fence = false;
        for line in text.lines() {
            in_fence ^= line.starts_with("```");
            if !in_fence && line.starts_with('#') {
                anchors
                    .entry(file)
                    .or_default()
                    .push(github_slug(line.trim_start_matches('#')));
            }
        }
    }
    let mut checked = 0;
    for (file, text) in &skill.files {
        for (index, _) in text.match_indices("](") {
            let target = &text[index + 2..];
            let target = &target[..target.find(')').expect("closed link")];
            if target.starts_with("https://") {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
            let path = if path.is_empty() { file.as_str() } else { path };
            let headings = anchors
                .get(path)
                .unwrap_or_else(|| panic!("{file}: link to missing file {target}"));
            if !anchor.is_empty() {
                assert!(
                    headings.iter().any(|h| h == anchor),
                    "{file}: link {target} has no heading; {path} has {headings:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} links found");
}

#[test]
fn every_server_command_is_ssh_to_a_known_host_quoted_for_the_server() {
    let skill = rendered();
    let lines = shell_lines(&skill);
    assert!(lines.len() > 40, "{} commands", lines.len());
    for (file, line, local) in &lines {
        if *local {
            assert!(
                !line.starts_with("ssh "),
                "{file}: local marker before an ssh command: {line}"
            );
            continue;
        }
        let (_, host, _) = parse_ssh(line).unwrap_or_else(|why| panic!("{file}: {why}: {line}"));
        assert!(
            ["hemma", "hemma-local"].contains(&host),
            "{file}: unknown host {host}"
        );
    }
    let local: Vec<_> = lines
        .iter()
        .filter(|(_, _, local)| *local)
        .map(|(_, line, _)| line.as_str())
        .collect();
    assert!(
        local.iter().any(|l| l.starts_with("dig ")) && local.iter().any(|l| l.starts_with("curl ")),
        "{local:?}"
    );
}

#[test]
fn interactive_commands_and_only_they_use_ssh_t() {
    let skill = rendered();
    let mut interactive = 0;
    for (file, line, local) in shell_lines(&skill) {
        if local {
            continue;
        }
        let (tty, _, script) = parse_ssh(&line).unwrap_or_else(|why| panic!("{file}: {why}"));
        let needs_tty = script.contains("docker exec -it ");
        assert_eq!(tty, needs_tty, "{file}: {line}");
        interactive += usize::from(needs_tty);
        if script.contains("bootstrap-superuser") {
            assert!(tty, "bootstrap-superuser prompts for a password: {line}");
        }
    }
    assert!(
        interactive >= 2,
        "psql and bootstrap-superuser are interactive"
    );
}

#[test]
fn server_commands_target_production_and_quote_remote_expansion() {
    let skill = rendered();
    for (file, line, local) in shell_lines(&skill) {
        if local {
            continue;
        }
        let (_, _, script) = parse_ssh(&line).unwrap_or_else(|why| panic!("{file}: {why}"));
        for dev in ["skriptoteket_web", "skriptoteket-db-1"] {
            assert!(
                !script.contains(dev),
                "{file}: dev container {dev} on the server: {line}"
            );
        }
        if script.contains("docker compose") {
            let prod = script.contains("cd ~/apps/skriptoteket && ")
                && script.contains("docker compose -f compose.prod.yaml ");
            // The infrastructure folder's own default compose file (compose.yaml or
            // docker-compose.yml: facts/infrastructure.yaml says why there is no -f).
            let infrastructure = script.starts_with("cd ~/infrastructure && docker compose ");
            assert!(
                prod || infrastructure,
                "{file}: compose without its production file: {line}"
            );
        }
        if script.contains("skriptoteket.cli") || script.contains("db-upgrade") {
            assert!(
                script.contains("-e PYTHONPATH=/app/src "),
                "{file}: CLI without PYTHONPATH: {line}"
            );
        }
    }
    let backup = &skill.files["database.md"];
    assert!(
        backup.contains(r#"skriptoteket-\$(date +%Y%m%d-%H%M%S).sql && docker exec shared-postgres pg_dump -U postgres skriptoteket > \"\$f.partial\""#),
        "the date must expand on the server"
    );
}

#[test]
fn secrets_never_appear_in_the_skill() {
    let skill = rendered();
    for text in skill.files.values() {
        assert!(
            !text.contains("generate-with-python-secrets-token-urlsafe"),
            "an example secret key was rendered"
        );
        assert!(
            !text.contains("change-me"),
            "an example secret value was rendered"
        );
        assert!(
            !text.contains("postgres:postgres@"),
            "a database password was rendered"
        );
    }
}

#[test]
fn parse_ssh_rejects_what_the_local_shell_would_expand() {
    assert!(parse_ssh(r#"ssh hemma "echo \$(date)""#).is_ok());
    assert!(parse_ssh(r#"ssh hemma "echo $(date)""#).is_err());
    assert!(parse_ssh(r#"ssh hemma "psql -c "SELECT 1"""#).is_err());
    assert!(parse_ssh("docker ps").is_err());
}
