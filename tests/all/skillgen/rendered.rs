//! What the rendered skill promises its reader: compact branches, links that land,
//! and server commands Claude can copy as they are. On the fixture project.

use std::collections::BTreeMap;

use skillgen::skill::Skill;

use crate::project::{FIXTURE, Project, SKILL, repo_root};

fn rendered() -> Skill {
    let root = repo_root().join(FIXTURE);
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
    let facts = skillgen::facts::load(&repo_root().join(FIXTURE).join("facts")).expect("facts");
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
        frontmatter.starts_with("name: shop-ops\ndescription: \""),
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
    assert!(checked > 12, "only {checked} links found");
}

#[test]
fn every_server_command_is_ssh_to_a_known_host_quoted_for_the_server() {
    let skill = rendered();
    let lines = shell_lines(&skill);
    assert!(lines.len() > 25, "{} commands", lines.len());
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
            ["prod-box", "prod-box-lan", "prod-box-root"].contains(&host),
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
        if script.contains("create-admin") {
            assert!(tty, "create-admin prompts for a password: {line}");
        }
    }
    assert!(interactive >= 2, "psql and create-admin are interactive");
}

#[test]
fn server_commands_target_production_and_quote_remote_expansion() {
    let skill = rendered();
    for (file, line, local) in shell_lines(&skill) {
        if local {
            continue;
        }
        let (_, _, script) = parse_ssh(&line).unwrap_or_else(|why| panic!("{file}: {why}"));
        for dev in ["shop-dev-web-1", "shop-dev-db-1"] {
            assert!(
                !script.contains(dev),
                "{file}: dev container {dev} on the server: {line}"
            );
        }
        if script.contains("docker compose") {
            let prod = script.contains("cd ~/apps/shop && ")
                && script.contains("docker compose -f compose.live.yaml ");
            let infrastructure = script.starts_with("cd ~/edge && docker compose -f compose.yaml ");
            assert!(
                prod || infrastructure,
                "{file}: compose without its production file: {line}"
            );
        }
        if script.contains("shop.cli") || script.contains("pdm run") {
            assert!(
                script.contains("-e PYTHONPATH=/srv/shop/src "),
                "{file}: CLI without PYTHONPATH: {line}"
            );
        }
    }
    let backup = &skill.files["data.md"];
    assert!(
        backup.contains(r#"shop-\$(date +%Y%m%d-%H%M%S).sql && docker exec shop-db pg_dump -U shop_admin shop > \"\$f.partial\""#),
        "the date must expand on the server"
    );
}

#[test]
fn secrets_never_appear_in_the_skill() {
    let skill = rendered();
    let facts = skillgen::facts::load(&repo_root().join(FIXTURE).join("facts")).expect("facts");
    let secrets: Vec<&String> = facts
        .env_vars
        .iter()
        .filter(|(_, var)| var.secret)
        .map(|(name, _)| name)
        .collect();
    assert!(secrets.len() >= 2, "{secrets:?}");
    for name in secrets {
        let row = skill.files["SKILL.md"]
            .lines()
            .find(|line| line.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("no row for {name}"));
        assert!(row.contains("| secret, never shown |"), "{row}");
        for (file, text) in &skill.files {
            assert!(
                !text.contains(&format!("{name}=")),
                "{file}: a value for the secret {name} was rendered"
            );
        }
    }
    for text in skill.files.values() {
        assert!(
            !text.contains("shop_admin:") && !text.contains("PASSWORD@"),
            "a database password was rendered"
        );
    }
}

#[test]
fn parse_ssh_rejects_what_the_local_shell_would_expand() {
    assert!(parse_ssh(r#"ssh prod-box "echo \$(date)""#).is_ok());
    assert!(parse_ssh(r#"ssh prod-box "echo $(date)""#).is_err());
    assert!(parse_ssh(r#"ssh prod-box "psql -c "SELECT 1"""#).is_err());
    assert!(parse_ssh("docker ps").is_err());
}

#[test]
fn rendering_is_deterministic_across_processes() {
    // Two separate runs of the binary, each in its own copy, write the same bytes.
    let first = Project::fixture();
    let second = Project::fixture();
    std::fs::remove_dir_all(first.path(SKILL)).expect("remove");
    std::fs::remove_dir_all(second.path(SKILL)).expect("remove");
    assert_eq!(first.run(&["generate"]).code, 0);
    assert_eq!(second.run(&["generate"]).code, 0);
    let bytes = |project: &Project| {
        project
            .snapshot_output()
            .into_iter()
            .map(|(path, bytes)| {
                (
                    path.strip_prefix(project.dir.path())
                        .expect("inside")
                        .to_path_buf(),
                    bytes,
                )
            })
            .collect::<Vec<_>>()
    };
    let written = bytes(&first);
    assert_eq!(written.len(), rendered().files.len());
    assert_eq!(written, bytes(&second));
}
