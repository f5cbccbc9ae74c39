//! The reports for tools: a JSON array, GitHub Actions workflow commands, and SARIF
//! 2.1.0 for code scanning.

use super::display_path;
use crate::diagnostic::{Finding, Severity};

/// A JSON array with one object per finding, with the keys `rule`, `severity`, `skill`,
/// `file`, `line`, `column` and `message`, and `related` when there are related places.
/// For the findings of one skill folder, `skill`; see [`json_by_skill`].
pub fn json(findings: &[Finding]) -> String {
    json_by_skill(&[("", findings)])
}

/// [`json`] for the findings of several skill folders: each object's `skill` is its
/// folder as the user named it, and `file` stays relative to that folder.
pub fn json_by_skill(blocks: &[(&str, &[Finding])]) -> String {
    #[derive(serde::Serialize)]
    struct Object<'a> {
        rule: &'a str,
        severity: crate::diagnostic::Severity,
        skill: &'a str,
        file: &'a str,
        line: usize,
        column: usize,
        message: &'a str,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        related: &'a [crate::diagnostic::Related],
    }
    let objects: Vec<Object<'_>> = blocks
        .iter()
        .flat_map(|(skill, findings)| {
            findings.iter().map(move |finding| Object {
                rule: finding.rule,
                severity: finding.severity,
                skill,
                file: &finding.file,
                line: finding.line,
                column: finding.column,
                message: &finding.message,
                related: &finding.related,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&objects)
        .unwrap_or_else(|_| unreachable!("findings are strings and integers"));
    text.push('\n');
    text
}

/// GitHub Actions workflow commands, one line per finding. `root` is the skill folder's
/// path from the repository root (empty when it is the root); it is put before each file.
pub fn github(findings: &[Finding], root: &str) -> String {
    let mut out = String::new();
    for finding in findings {
        let file = display_path(root, &finding.file);
        let mut message = finding.message.clone();
        for related in &finding.related {
            message.push_str(&format!(
                " ({}: {}:{}:{})",
                related.label, related.file, related.line, related.column
            ));
        }
        out.push_str(&format!(
            "::{} file={},line={},col={},title={}::{}\n",
            finding.severity,
            escape_property(&file),
            finding.line,
            finding.column,
            escape_property(finding.rule),
            escape_data(&message),
        ));
    }
    out
}

/// What SARIF says about a rule: its name, one line, and its default severity.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo<'a> {
    pub name: &'a str,
    pub summary: &'a str,
    pub severity: Severity,
}

/// A SARIF 2.1.0 log of one run, for GitHub code scanning, from the findings of each
/// skill folder: each result's file is named from the repository root (the folder put
/// before it, as in [`github`]) and, when there is a folder, its `properties.skill`
/// names it. `rules` describes every rule that may appear.
pub fn sarif(blocks: &[(&str, &[Finding])], rules: &[RuleInfo<'_>]) -> String {
    let level = |severity: Severity| match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let location = |uri: String, line: usize, column: usize| sarif::Location {
        physical_location: sarif::PhysicalLocation {
            artifact_location: sarif::Artifact { uri },
            region: sarif::Region {
                start_line: line.max(1),
                start_column: column.max(1),
                end_line: None,
                end_column: None,
            },
        },
        message: None,
    };
    // SARIF's end column is, like skillgen's, the column just past the region.
    let finding_location = |root: &str, finding: &Finding| {
        let mut place = location(
            display_path(root, &finding.file),
            finding.line,
            finding.column,
        );
        if let Some((line, column)) = finding.end {
            place.physical_location.region.end_line = Some(line);
            place.physical_location.region.end_column = Some(column);
        }
        place
    };
    let results: Vec<sarif::Result<'_>> = blocks
        .iter()
        .flat_map(|&(root, findings)| findings.iter().map(move |finding| (root, finding)))
        .map(|(root, finding)| sarif::Result {
            rule_id: finding.rule,
            rule_index: rules.iter().position(|rule| rule.name == finding.rule),
            level: level(finding.severity),
            message: sarif::Text {
                text: &finding.message,
            },
            locations: vec![finding_location(root, finding)],
            related_locations: finding
                .related
                .iter()
                .map(|related| sarif::Location {
                    message: Some(sarif::Text {
                        text: &related.label,
                    }),
                    ..location(related.file.clone(), related.line, related.column)
                })
                .collect(),
            properties: (!root.is_empty()).then_some(sarif::Properties { skill: root }),
        })
        .collect();
    let help: Vec<String> = rules
        .iter()
        .map(|rule| format!("skillgen explain {}", rule.name))
        .collect();
    let descriptors: Vec<sarif::Rule<'_>> = rules
        .iter()
        .zip(&help)
        .map(|(rule, help)| sarif::Rule {
            id: rule.name,
            short_description: sarif::Text { text: rule.summary },
            help: sarif::Text { text: help },
            default_configuration: sarif::Configuration {
                level: level(rule.severity),
            },
        })
        .collect();
    let log = sarif::Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [sarif::Run {
            tool: sarif::Tool {
                driver: sarif::Driver {
                    name: "skillgen",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: descriptors,
                },
            },
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log)
        .unwrap_or_else(|_| unreachable!("a SARIF log is strings and integers"));
    text.push('\n');
    text
}

/// The parts of a SARIF 2.1.0 log skillgen writes, serialized straight from the
/// findings: a tree of JSON values cost about 10 KB a finding.
mod sarif {
    use serde::Serialize;

    #[derive(Serialize)]
    pub struct Log<'a> {
        #[serde(rename = "$schema")]
        pub schema: &'a str,
        pub version: &'a str,
        pub runs: [Run<'a>; 1],
    }

    #[derive(Serialize)]
    pub struct Run<'a> {
        pub tool: Tool<'a>,
        pub results: Vec<Result<'a>>,
    }

    #[derive(Serialize)]
    pub struct Tool<'a> {
        pub driver: Driver<'a>,
    }

    #[derive(Serialize)]
    pub struct Driver<'a> {
        pub name: &'a str,
        pub version: &'a str,
        pub rules: Vec<Rule<'a>>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Rule<'a> {
        pub id: &'a str,
        pub short_description: Text<'a>,
        pub help: Text<'a>,
        pub default_configuration: Configuration<'a>,
    }

    #[derive(Serialize)]
    pub struct Configuration<'a> {
        pub level: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Result<'a> {
        pub rule_id: &'a str,
        pub level: &'a str,
        pub message: Text<'a>,
        pub locations: Vec<Location<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub rule_index: Option<usize>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub related_locations: Vec<Location<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub properties: Option<Properties<'a>>,
    }

    /// A result's property bag: the skill folder it is in, as the user named it.
    #[derive(Serialize)]
    pub struct Properties<'a> {
        pub skill: &'a str,
    }

    #[derive(Serialize)]
    pub struct Text<'a> {
        pub text: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Location<'a> {
        pub physical_location: PhysicalLocation,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub message: Option<Text<'a>>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PhysicalLocation {
        pub artifact_location: Artifact,
        pub region: Region,
    }

    #[derive(Serialize)]
    pub struct Artifact {
        pub uri: String,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Region {
        pub start_line: usize,
        pub start_column: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub end_line: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub end_column: Option<usize>,
    }
}

/// GitHub's escaping of a workflow command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a workflow command's property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(message: &str) -> Finding {
        Finding::new("broken-link", Severity::Error, "a,b:c.md", 3, 7, message)
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let out = github(&[finding("100% off\r\nnext: line, two")], "skills/x/");
        assert_eq!(
            out,
            "::error file=skills/x/a%2Cb%3Ac.md,line=3,col=7,title=broken-link::100%25 off%0D%0Anext: line, two\n"
        );
    }

    #[test]
    fn json_has_exactly_the_contract_keys() {
        let value: serde_json::Value = serde_json::from_str(&json(&[finding("m")])).unwrap();
        let object = value[0].as_object().unwrap();
        let keys: Vec<_> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "column", "file", "line", "message", "rule", "severity", "skill"
            ]
        );
        assert_eq!(object["severity"], "error");
        assert_eq!(object["column"], 7);
    }
}
