//! Fitting the ecosystem: the facts schema, SARIF, init, package, completions, help.

use std::fs;
use std::io::Cursor;
use std::path::Path;

use serde_json::Value;

use crate::project::{FIXTURE, Project, SKILL, repo_root};

fn facts_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("facts folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

/// Every facts file in `dir` starts with the line that points editors at the schema
/// (`SCHEMA_DIR/facts.schema.json`, relative to the file), and the schema accepts it.
pub fn assert_facts_validate(dir: &Path, schema_dir: &str) {
    let schema: Value = serde_json::from_str(&skillgen::facts::schema()).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let files = facts_files(dir);
    assert!(!files.is_empty(), "no facts files in {}", dir.display());
    let header = format!("# yaml-language-server: $schema={schema_dir}/facts.schema.json\n");
    for path in &files {
        let text = fs::read_to_string(path).expect("facts file");
        assert!(
            text.starts_with(&header),
            "{} does not point editors at the schema",
            path.display()
        );
        let document: Value = serde_saphyr::from_str(&text).expect("YAML");
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_committed_schema_is_in_sync() {
    let committed =
        fs::read_to_string(repo_root().join("schema/facts.schema.json")).expect("committed schema");
    assert!(
        committed == skillgen::facts::schema(),
        "schema/facts.schema.json is stale: run `cargo run -- schema > schema/facts.schema.json`"
    );
}

#[test]
fn the_committed_settings_schema_is_in_sync() {
    let committed = fs::read_to_string(repo_root().join("schema/skillgen.schema.json"))
        .expect("committed settings schema");
    assert!(
        committed == skillgen::settings::schema(),
        "schema/skillgen.schema.json is stale (a rule was added or renamed, or a setting changed): run `cargo run -q -- schema settings > schema/skillgen.schema.json`"
    );
}

/// The settings schema accepts every settings fixture (the whole `skillgen.toml`, or
/// the `[tool.skillgen]` table of `pyproject.toml`) and refuses a misspelt rule.
#[test]
fn the_settings_schema_validates_the_fixtures_and_refuses_a_typo() {
    let schema: Value =
        serde_json::from_str(&skillgen::settings::schema()).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let fixtures = repo_root().join(crate::project::SETTINGS_FIXTURES);
    for (file, table) in [
        ("skillgen-toml/skillgen.toml", None),
        ("pyproject/pyproject.toml", Some("skillgen")),
    ] {
        let text = fs::read_to_string(fixtures.join(file)).expect("fixture");
        let document: Value = toml::from_str(&text).expect("TOML");
        let settings = match table {
            Some(name) => document["tool"][name].clone(),
            None => document,
        };
        let errors: Vec<String> = validator
            .iter_errors(&settings)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
    let typo: Value =
        toml::from_str(&fs::read_to_string(fixtures.join("typo/skillgen.toml")).expect("fixture"))
            .expect("TOML");
    assert!(
        !validator.is_valid(&typo),
        "a misspelt rule passes the schema"
    );
    let level: Value = toml::from_str("[rules]\nbroken-link = \"warn\"\n").expect("TOML");
    assert!(
        !validator.is_valid(&level),
        "a misspelt level passes the schema"
    );
}

#[test]
fn the_schema_validates_every_facts_file_and_refuses_a_typo() {
    let fixture = repo_root().join(FIXTURE).join("facts");
    assert_facts_validate(&fixture, "../../../../schema");
    // The fixture sets every top-level key, so the schema has seen each of them.
    let keys: Vec<String> = facts_files(&fixture)
        .iter()
        .flat_map(|path| {
            let document: Value =
                serde_saphyr::from_str(&fs::read_to_string(path).expect("facts file"))
                    .expect("YAML");
            document
                .as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .collect();
    let schema: Value = serde_json::from_str(&skillgen::facts::schema()).expect("schema is JSON");
    for key in schema["properties"].as_object().expect("properties").keys() {
        assert!(keys.contains(key), "the fixture facts never set `{key}`");
    }
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let typo: Value =
        serde_saphyr::from_str("hosts:\n  server:\n    alais: prod-box\n").expect("YAML");
    assert!(
        !validator.is_valid(&typo),
        "an unknown key must not validate"
    );
}

/// The parts of the SARIF 2.1.0 schema (OASIS) that skillgen's output uses, with their
/// required properties, types and enumerations.
const SARIF_SUBSET: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["version", "runs"],
  "properties": {
    "$schema": { "type": "string", "format": "uri" },
    "version": { "enum": ["2.1.0"] },
    "runs": { "type": "array", "items": { "$ref": "#/$defs/run" } }
  },
  "$defs": {
    "run": {
      "type": "object",
      "required": ["tool"],
      "properties": {
        "tool": {
          "type": "object",
          "required": ["driver"],
          "properties": { "driver": { "$ref": "#/$defs/driver" } }
        },
        "results": { "type": "array", "items": { "$ref": "#/$defs/result" } }
      }
    },
    "driver": {
      "type": "object",
      "required": ["name"],
      "properties": {
        "name": { "type": "string" },
        "version": { "type": "string" },
        "rules": {
          "type": "array",
          "uniqueItems": true,
          "items": {
            "type": "object",
            "required": ["id"],
            "properties": {
              "id": { "type": "string" },
              "shortDescription": { "$ref": "#/$defs/message" },
              "help": { "$ref": "#/$defs/message" },
              "defaultConfiguration": {
                "type": "object",
                "properties": { "level": { "enum": ["none", "note", "warning", "error"] } }
              }
            }
          }
        }
      }
    },
    "message": {
      "type": "object",
      "anyOf": [{ "required": ["text"] }, { "required": ["id"] }],
      "properties": { "text": { "type": "string" } }
    },
    "result": {
      "type": "object",
      "required": ["message"],
      "properties": {
        "ruleId": { "type": "string" },
        "ruleIndex": { "type": "integer", "minimum": -1 },
        "level": { "enum": ["none", "note", "warning", "error"] },
        "message": { "$ref": "#/$defs/message" },
        "locations": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "physicalLocation": {
                "type": "object",
                "properties": {
                  "artifactLocation": {
                    "type": "object",
                    "properties": { "uri": { "type": "string", "format": "uri-reference" } }
                  },
                  "region": {
                    "type": "object",
                    "properties": {
                      "startLine": { "type": "integer", "minimum": 1 },
                      "startColumn": { "type": "integer", "minimum": 1 },
                      "endLine": { "type": "integer", "minimum": 1 },
                      "endColumn": { "type": "integer", "minimum": 1 }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}"##;

#[test]
fn sarif_output_validates_and_points_into_the_repository() {
    let project = Project::fixture();
    project.edit(
        &format!("{SKILL}/deploy.md"),
        "[SKILL.md](SKILL.md)",
        "[SKILL.md](SKIL.md)",
    );
    let run = project.run(&["lint", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let schema: Value = serde_json::from_str(SARIF_SUBSET).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "broken-link");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        format!("{SKILL}/deploy.md")
    );
    // The region covers the whole link, `[SKILL.md](SKIL.md)`.
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["endLine"], region["startLine"]);
    let width = region["endColumn"].as_u64().expect("end column")
        - region["startColumn"].as_u64().expect("start column");
    assert_eq!(width, "[SKILL.md](SKIL.md)".len() as u64);
    let index = result["ruleIndex"].as_u64().expect("rule index") as usize;
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"][index]["id"],
        "broken-link"
    );
    let broken: Value = serde_json::json!({ "version": "2.0.0", "runs": [] });
    assert!(!validator.is_valid(&broken), "the subset schema can fail");
}

#[test]
fn check_reports_drift_as_github_annotations() {
    let project = Project::fixture();
    project.edit(
        "facts/infrastructure.yaml",
        "    alias: prod-box\n",
        "    alias: prod-box2\n",
    );
    let run = project.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.lines().any(|line| line
            .starts_with(&format!("::error file={SKILL}/deploy.md,line="))
            && line.contains("title=out-of-date::")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("+ssh prod-box2 "),
        "the diff goes to stderr: {}",
        run.stderr
    );
}

#[test]
fn human_output_charts_each_file_against_its_budget() {
    let project = Project::fixture();
    let run = project.run(&["check"]);
    assert_eq!(run.code, 0);
    let deploy = run
        .stdout
        .lines()
        .find(|line| line.starts_with("deploy.md"))
        .expect("a deploy.md bar");
    let lines = project.read(&format!("{SKILL}/deploy.md")).lines().count();
    assert!(deploy.ends_with(&format!("  {lines}/100")), "{deploy}");
    assert!(
        deploy.contains('█') && deploy.contains('░') || lines >= 95,
        "{deploy}"
    );
    assert!(
        run.stdout
            .lines()
            .any(|line| line.starts_with("SKILL.md") && line.ends_with("/500"))
    );
}

#[test]
fn init_makes_a_project_whose_first_check_passes() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_skillgen"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("runs")
    };
    let init = run(&["init", "team", "--name", "team-ops"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    for file in [
        "facts/skill.yaml",
        "templates/SKILL.md.j2",
        "schema/facts.schema.json",
        "README.md",
        "skill-out/team-ops/SKILL.md",
    ] {
        assert!(
            dir.path().join("team").join(file).exists(),
            "{file} missing"
        );
    }
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_skillgen"))
        .arg("check")
        .current_dir(dir.path().join("team"))
        .output()
        .expect("runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let again = run(&["init", "team", "--name", "team-ops"]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "init must not overwrite a project"
    );
    let bad = run(&["init", "other", "--name", "Team_Ops"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a valid skill name"));
}

#[test]
fn the_package_unzips_to_a_skill_that_lint_accepts() {
    let project = Project::fixture();
    let run = project.run(&["package", "--output", "dist.skill"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let bytes = fs::read(project.path("dist.skill")).expect("package written");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let unpacked = project.path("unpacked");
    archive.extract(&unpacked).expect("extracts");
    let run = project.run(&["lint", "unpacked/shop-ops"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let original = skillgen::skill::Skill::read(&project.path(SKILL)).expect("skill");
    let extracted = skillgen::skill::Skill::read(&unpacked.join("shop-ops")).expect("skill");
    assert_eq!(original, extracted);
}

#[test]
fn package_refuses_a_skill_with_lint_errors() {
    let project = Project::fixture();
    project.edit(
        &format!("{SKILL}/deploy.md"),
        "[SKILL.md](SKILL.md)",
        "[SKILL.md](SKIL.md)",
    );
    let run = project.run(&["package"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[broken-link]"), "{}", run.stdout);
    assert!(!project.path("dist/shop-ops.skill").exists());
}

/// What only Claude's upload refuses is a lint warning (Claude Code loads the skill),
/// but a package is for that upload: it refuses them.
#[test]
fn package_refuses_what_only_the_upload_refuses() {
    let project = Project::fixture();
    project.edit(
        &format!("{SKILL}/SKILL.md"),
        "\n---\n",
        "\nversion: 1.0.0\n---\n",
    );
    let lint = project.run(&["lint"]);
    assert!(
        lint.stdout.contains("warning[frontmatter]: `version`"),
        "{}",
        lint.stdout
    );
    let run = project.run(&["package"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("error[frontmatter]: `version`"),
        "{}",
        run.stdout
    );
    assert!(!project.path("dist/shop-ops.skill").exists());
}

#[test]
fn completions_and_help_examples() {
    let project = Project::fixture();
    let bash = project.run(&["completions", "bash"]);
    assert_eq!(bash.code, 0);
    assert!(bash.stdout.contains("skillgen") && bash.stdout.contains("generate"));
    for command in [
        "generate",
        "check",
        "lint",
        "rules",
        "explain",
        "package",
        "init",
        "schema",
        "completions",
    ] {
        let help = project.run(&[command, "--help"]);
        assert_eq!(help.code, 0, "{command}");
        assert!(
            help.stdout.contains("Example: skillgen"),
            "{command} --help has no example:\n{}",
            help.stdout
        );
    }
}

#[test]
fn pre_commit_hooks_run_real_subcommands() {
    let text = fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).expect("hooks file");
    let hooks: Value = serde_saphyr::from_str(&text).expect("YAML");
    let hooks = hooks.as_array().expect("a list of hooks");
    assert!(hooks.len() >= 2);
    let project = Project::fixture();
    for hook in hooks {
        let entry = hook["entry"].as_str().expect("entry");
        let args: Vec<&str> = entry.split_whitespace().collect();
        assert_eq!(args[0], "skillgen", "{entry}");
        assert_eq!(hook["language"], "rust");
        let run = project.run(&args[1..]);
        assert_eq!(
            run.code, 0,
            "`{entry}` fails on the fixture project: {}{}",
            run.stdout, run.stderr
        );
    }
}
