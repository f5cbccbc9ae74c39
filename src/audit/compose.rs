//! A compose file as typed data: the fields the audit compares, with their positions.
//! Fields it does not need are skipped, so any valid compose file reads.

use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::read::{is_blank, located};
use crate::located::{LocatedError, SourceFile};

/// One compose file.
#[derive(Debug, Default, Deserialize)]
pub struct ComposeDoc {
    /// The project name, when the file sets it.
    pub name: Option<Spanned<String>>,
    #[serde(default)]
    pub services: IndexMap<Spanned<String>, Service>,
    #[serde(default)]
    pub networks: IndexMap<Spanned<String>, Option<TopNetwork>>,
}

/// A network of the top-level `networks:` map.
#[derive(Debug, Default, Deserialize)]
pub struct TopNetwork {
    pub external: Option<External>,
    pub name: Option<String>,
}

/// `external: true`, or the legacy `external: {name: x}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum External {
    Flag(bool),
    Named { name: Option<String> },
}

#[derive(Debug, Default, Deserialize)]
pub struct Service {
    pub container_name: Option<Spanned<String>>,
    #[serde(default)]
    pub networks: Names,
    #[serde(default)]
    pub ports: Vec<Spanned<Port>>,
    #[serde(default)]
    pub expose: Vec<Spanned<Scalar>>,
    #[serde(default)]
    pub profiles: Vec<String>,
    #[serde(default)]
    pub environment: Environment,
    pub env_file: Option<EnvFiles>,
    #[serde(default)]
    pub volumes: Vec<Spanned<Volume>>,
}

/// A YAML scalar as compose allows it where a string is meant.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(value) => write!(f, "{value}"),
            Scalar::Int(value) => write!(f, "{value}"),
            Scalar::Float(value) => write!(f, "{value}"),
            Scalar::Str(value) => f.write_str(value),
        }
    }
}

/// A `ports:` entry: `"8000:8000"`, `"127.0.0.1:8000:8000/tcp"`, `5432`, or the long form.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Port {
    Short(Scalar),
    Long {
        target: Scalar,
        published: Option<Scalar>,
    },
}

impl Port {
    /// `HOST:CONTAINER`, or `CONTAINER` alone when no host port is published.
    pub fn mapping(&self) -> String {
        match self {
            Port::Short(short) => {
                let short = with_defaults(&short.to_string());
                let parts: Vec<&str> = short.split(':').collect();
                let strip = |part: &str| part.split('/').next().unwrap_or(part).to_string();
                match parts.as_slice() {
                    [.., host, container] => format!("{}:{}", strip(host), strip(container)),
                    [container] => strip(container),
                    [] => String::new(),
                }
            }
            Port::Long { target, published } => match published {
                Some(published) => format!("{published}:{target}"),
                None => target.to_string(),
            },
        }
    }
}

/// The text with each `${NAME:-default}` or `${NAME-default}` replaced by its default,
/// as compose reads it when NAME is unset (`${NAME}` becomes empty).
pub fn with_defaults(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..];
        let Some(end) = inner.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let expression = &inner[..end];
        if let Some(at) = expression.find('-') {
            out.push_str(&expression[at + 1..]);
        }
        rest = &inner[end + 1..];
    }
    out.push_str(rest);
    out
}

/// `env_file: .env` or a list of paths or `{path: ..., required: ...}` entries.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EnvFiles {
    One(String),
    Many(Vec<EnvFileEntry>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EnvFileEntry {
    Path(String),
    Long { path: String },
}

impl EnvFiles {
    pub fn paths(&self) -> Vec<&str> {
        match self {
            EnvFiles::One(path) => vec![path],
            EnvFiles::Many(entries) => entries
                .iter()
                .map(|entry| match entry {
                    EnvFileEntry::Path(path) | EnvFileEntry::Long { path } => path.as_str(),
                })
                .collect(),
        }
    }
}

/// A `volumes:` entry, short (`src:dst:ro`) or long.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Volume {
    Short(String),
    Long {
        source: Option<String>,
        target: Option<String>,
    },
}

/// Names given as a list or as the keys of a map (`networks:` of a service).
#[derive(Debug, Default)]
pub struct Names(pub Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamesVisitor;
        impl<'de> Visitor<'de> for NamesVisitor {
            type Value = Names;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of names or a map keyed by name")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Names, E> {
                Ok(Names::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<Spanned<String>>()? {
                    names.push(name);
                }
                Ok(Names(names))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some((name, _)) = map.next_entry::<Spanned<String>, IgnoredAny>()? {
                    names.push(name);
                }
                Ok(Names(names))
            }
        }
        deserializer.deserialize_any(NamesVisitor)
    }
}

/// One variable of a service's `environment:`.
#[derive(Debug)]
pub struct EnvEntry {
    pub name: String,
    /// `None` for `- NAME` or `NAME:` with no value (taken from the shell).
    pub value: Option<String>,
    pub line: usize,
    pub column: usize,
}

/// `environment:` as a list of `NAME=value` or as a map.
#[derive(Debug, Default)]
pub struct Environment(pub Vec<EnvEntry>);

impl<'de> Deserialize<'de> for Environment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvVisitor;
        impl<'de> Visitor<'de> for EnvVisitor {
            type Value = Environment;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of NAME=value or a map of NAME: value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Environment, E> {
                Ok(Environment::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Environment, A::Error> {
                let mut entries = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    let (name, value) = match item.value.split_once('=') {
                        Some((name, value)) => (name.to_string(), Some(value.to_string())),
                        None => (item.value.clone(), None),
                    };
                    entries.push(EnvEntry {
                        name: name.trim().to_string(),
                        value,
                        line: item.referenced.line() as usize,
                        column: item.referenced.column() as usize,
                    });
                }
                Ok(Environment(entries))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Environment, A::Error> {
                let mut entries = Vec::new();
                while let Some((name, value)) =
                    map.next_entry::<Spanned<String>, Option<Scalar>>()?
                {
                    entries.push(EnvEntry {
                        name: name.value.clone(),
                        value: value.map(|value| value.to_string()),
                        line: name.referenced.line() as usize,
                        column: name.referenced.column() as usize,
                    });
                }
                Ok(Environment(entries))
            }
        }
        deserializer.deserialize_any(EnvVisitor)
    }
}

/// Parses a compose file; an error points at its line and column.
pub fn parse(source: &SourceFile) -> Result<ComposeDoc, LocatedError> {
    if is_blank(&source.text, "#") {
        return Ok(ComposeDoc::default());
    }
    serde_saphyr::from_str::<ComposeDoc>(&source.text).map_err(|error| {
        let message = error.to_string();
        let message = message.lines().next().unwrap_or("invalid YAML");
        let message = match message.rfind(" at line ") {
            Some(end) => &message[..end],
            None => message,
        };
        // The position goes where the report shows it, not into the message.
        let message = message.strip_prefix("error: ").unwrap_or(message);
        let message = match message
            .strip_prefix("line ")
            .and_then(|rest| rest.split_once(": "))
        {
            Some((_, rest)) => rest,
            None => message,
        };
        let (line, column) = error
            .location()
            .map_or((1, 1), |at| (at.line() as usize, at.column() as usize));
        located(
            source,
            line,
            column,
            format!("not a valid compose file: {message}"),
        )
        .with_help("fix the YAML here; `docker compose config` shows what compose reads")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> ComposeDoc {
        parse(&SourceFile::new("compose.yaml".into(), text)).expect("parses")
    }

    #[test]
    fn reads_both_forms_of_environment_and_networks_with_lines() {
        let doc = doc(
            "name: app\nservices:\n  web:\n    container_name: app-web\n    environment:\n      - A=1\n      - B\n    networks: [default, hule]\n    ports: [\"127.0.0.1:8000:8000\", 5432]\n  db:\n    environment:\n      C: x\n      D:\n    networks:\n      hule:\n        aliases: [db]\n    x-unknown: 1\nnetworks:\n  hule:\n    external: true\n    name: hule-network\n",
        );
        let (web_key, web) = doc.services.get_index(0).expect("web");
        assert_eq!(web_key.value, "web");
        assert_eq!(web_key.referenced.line(), 3);
        assert_eq!(
            web.container_name.as_ref().map(|n| n.referenced.line()),
            Some(4)
        );
        let env: Vec<_> = web
            .environment
            .0
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_deref(), e.line))
            .collect();
        assert_eq!(env, [("A", Some("1"), 6), ("B", None, 7)]);
        let nets: Vec<_> = web.networks.0.iter().map(|n| n.value.as_str()).collect();
        assert_eq!(nets, ["default", "hule"]);
        let ports: Vec<_> = web.ports.iter().map(|p| p.value.mapping()).collect();
        assert_eq!(ports, ["8000:8000", "5432"]);
        let db = &doc.services[1];
        let env: Vec<_> = db
            .environment
            .0
            .iter()
            .map(|e| (e.name.as_str(), e.value.as_deref(), e.line))
            .collect();
        assert_eq!(env, [("C", Some("x"), 12), ("D", None, 13)]);
        assert_eq!(db.networks.0[0].value, "hule");
        let (_, hule) = doc.networks.get_index(0).expect("hule");
        assert!(matches!(
            hule.as_ref().and_then(|n| n.external.as_ref()),
            Some(External::Flag(true))
        ));
    }

    #[test]
    fn published_ports_take_the_default_of_an_unset_variable() {
        let doc =
            doc("services:\n  db:\n    ports: [\"${PORT:-55432}:5432\", \"${X}8000:8000/tcp\"]\n");
        let ports: Vec<_> = doc.services[0]
            .ports
            .iter()
            .map(|p| p.value.mapping())
            .collect();
        assert_eq!(ports, ["55432:5432", "8000:8000"]);
    }

    #[test]
    fn broken_yaml_is_located() {
        let error = parse(&SourceFile::new(
            "compose.yaml".into(),
            "services:\n  web: [\n",
        ))
        .unwrap_err();
        assert!(error.span.is_some(), "{error}");
    }
}
