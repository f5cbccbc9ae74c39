//! The `{kind.key}` placeholder grammar: finds every placeholder in a text and says
//! whether it is a valid reference or a malformed one, and why.
//!
//! A `{` opens something shaped like a placeholder when it is followed by letters (any
//! script, any case), digits, `_`, `-`, dots, spaces, or invisible and look-alike
//! characters, ending at `}` or, when never closed, at the end of the line. It is meant as
//! a reference when its first word starts with a letter or `_` and holds a `.` or is a
//! kind (`{Host server}`, `{path}`). Everything else is literal text: `{{json .Containers}}`,
//! `{{.State.Health.Status}}`, `{.State.Health}`, `${VAR}`, `${VAR:-x}`, `{CID}`,
//! awk's `{print $1}`, `find -exec {} \;`, brace expansion `{a,b}`, JSON `{"a": 1}`.

use std::fmt;
use std::ops::Range;

/// The kinds of fact a `{kind.key}` placeholder can name.
pub const KINDS: &[&str] = &[
    "host",
    "path",
    "container",
    "service",
    "compose",
    "compose_file",
    "network",
    "env",
    "domain",
    "db",
    "cli",
];

/// One placeholder found in a text, with its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder<'a> {
    /// `{kind.key}`: a lowercase kind, a dot and a key of ASCII letters, digits, `_`
    /// and `-`. Whether the kind and key exist is for the caller to check.
    Valid {
        range: Range<usize>,
        kind: &'a str,
        key: &'a str,
    },
    /// Shaped like a placeholder and meant as one, but not a valid reference.
    Malformed(Malformed),
}

/// A placeholder that cannot be a reference as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub range: Range<usize>,
    pub problem: Problem,
    /// The kind it most likely meant: trimmed, lowercased, look-alikes made ASCII.
    pub kind: String,
    /// The key it most likely meant (empty when it names none).
    pub key: String,
}

/// Why a placeholder is malformed: the first of these that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A character that does not show, such as U+200B ZERO WIDTH SPACE.
    Invisible(char),
    /// A character that looks like an ASCII one but is not, such as a Cyrillic `а`.
    LookAlike { found: char, looks_like: char },
    /// Any other character beyond ASCII.
    NotAscii(char),
    /// No `}` before the end of the line or the next `{`.
    Unclosed,
    /// Spaces inside the braces.
    Spaces,
    /// A kind without `.key`.
    NoKey,
    /// A kind that is not lowercase ASCII letters and `_`.
    Kind,
    /// Nothing after the dot.
    EmptyKey,
    /// A key character other than an ASCII letter, digit, `_` or `-`.
    Key(char),
}

impl Problem {
    /// A short label for the caret under the placeholder.
    pub fn label(self) -> &'static str {
        match self {
            Problem::Invisible(_) => "invisible character",
            Problem::LookAlike { .. } => "look-alike character",
            Problem::NotAscii(_) => "character beyond ASCII",
            Problem::Unclosed => "no closing `}`",
            Problem::Spaces => "spaces inside the braces",
            Problem::NoKey => "no `.key`",
            Problem::Kind => "kind not in lowercase",
            Problem::EmptyKey => "empty key",
            Problem::Key(_) => "not a key",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Problem::Invisible(c) => {
                write!(f, "it holds {}, which does not show", describe(c))
            }
            Problem::LookAlike { found, looks_like } => write!(
                f,
                "it holds {}, which looks like `{}` but is not ASCII",
                describe(found),
                looks_like.escape_default()
            ),
            Problem::NotAscii(c) => write!(
                f,
                "it holds {}; a placeholder is ASCII letters, digits, `_`, `-` and one `.`",
                describe(c)
            ),
            Problem::Unclosed => f.write_str("it is never closed with `}`"),
            Problem::Spaces => f.write_str("it has spaces inside the braces"),
            Problem::NoKey => f.write_str("it names a kind but no key"),
            Problem::Kind => {
                f.write_str("its kind is not written in lowercase ASCII letters and `_`")
            }
            Problem::EmptyKey => f.write_str("its key is empty"),
            Problem::Key(c) => write!(
                f,
                "its key holds `{}`; a key is ASCII letters, digits, `_` and `-`",
                c.escape_default()
            ),
        }
    }
}

/// Every placeholder in `text`, in order. Literal braces yield nothing.
pub fn find(text: &str) -> impl Iterator<Item = Placeholder<'_>> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(open) = text[from..].find('{').map(|at| from + at) {
            from = open + 1;
            if let Some(found) = at_brace(text, open) {
                from = match &found {
                    Placeholder::Valid { range, .. } => range.end,
                    Placeholder::Malformed(malformed) => malformed.range.end,
                };
                return Some(found);
            }
        }
        None
    })
}

/// The text with every placeholder, valid or not, replaced by spaces, so literal-name
/// checks see only what was written by hand.
pub fn blank(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for found in find(text) {
        let range = match found {
            Placeholder::Valid { range, .. } => range,
            Placeholder::Malformed(malformed) => malformed.range,
        };
        out.push_str(&text[copied..range.start]);
        // As many spaces as bytes, so a position in the blanked text is one in `text`.
        out.extend(std::iter::repeat_n(' ', range.len()));
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The placeholder opened by the `{` at byte `open`, if it is one.
fn at_brace(text: &str, open: usize) -> Option<Placeholder<'_>> {
    if text[..open].ends_with('$') {
        return None;
    }
    let after = &text[open + 1..];
    let run = after
        .char_indices()
        .find(|&(_, c)| !is_shaped(c))
        .map_or(after.len(), |(at, _)| at);
    let (inside, end, closed) = if after[run..].starts_with('}') {
        (&after[..run], open + 1 + run + 1, true)
    } else {
        // Never closed when no `}` comes before the next `{` or the end of the line;
        // otherwise the braces hold something else, such as `{a,b}` or `{"a": 1}`.
        let line = after
            .find(['{', '\n', '\r'])
            .map_or(after, |stop| &after[..stop]);
        if line.contains('}') {
            return None;
        }
        // Up to the end of the first word: the rest of the line is other text.
        let leading = after[..run].len() - after[..run].trim_start().len();
        let word = after[leading..run]
            .find(char::is_whitespace)
            .map_or(run, |at| leading + at);
        (&after[..word], open + 1 + word, false)
    };
    if !meant_as_reference(inside) {
        return None;
    }
    let range = open..end;
    if closed && let Some((kind, key)) = valid(inside) {
        return Some(Placeholder::Valid { range, kind, key });
    }
    let (kind, key) = meant(inside);
    Some(Placeholder::Malformed(Malformed {
        range,
        problem: problem(inside, closed),
        kind,
        key,
    }))
}

/// `kind.key` exactly, as the resolver accepts it.
fn valid(inside: &str) -> Option<(&str, &str)> {
    let (kind, key) = inside.split_once('.')?;
    let kind_ok = !kind.is_empty() && kind.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let key_ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (kind_ok && key_ok).then_some((kind, key))
}

/// Whether the inside of the braces is clearly a reference: its first word starts with a
/// letter or `_` and holds a `.`, or is a kind. `{.State}`, `{CID}` and
/// `{json .Containers}` are not.
fn meant_as_reference(inside: &str) -> bool {
    let trimmed = trim(inside);
    let word = trimmed
        .split(|c: char| c.is_whitespace() || lookalike(c).is_some_and(|(a, _)| a == ' '))
        .next()
        .unwrap_or("");
    let starts_well = word
        .chars()
        .find(|&c| !is_invisible(c))
        .is_some_and(|c| c.is_alphabetic() || c == '_');
    if !starts_well {
        return false;
    }
    if word.contains('.')
        || word
            .chars()
            .any(|c| lookalike(c).is_some_and(|(a, _)| a == '.'))
    {
        return true;
    }
    KINDS.contains(&fold(word).to_lowercase().as_str())
}

/// The first problem of a placeholder that is not valid.
fn problem(inside: &str, closed: bool) -> Problem {
    if let Some(c) = inside.chars().find(|&c| is_invisible(c)) {
        return Problem::Invisible(c);
    }
    if let Some(c) = inside.chars().find(|c| !c.is_ascii()) {
        return match lookalike(c) {
            Some((looks_like, _)) => Problem::LookAlike {
                found: c,
                looks_like,
            },
            None => Problem::NotAscii(c),
        };
    }
    if !closed {
        return Problem::Unclosed;
    }
    if inside.contains(char::is_whitespace) {
        return Problem::Spaces;
    }
    let Some((kind, key)) = inside.split_once('.') else {
        return Problem::NoKey;
    };
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Problem::Kind;
    }
    match key
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    {
        _ if key.is_empty() => Problem::EmptyKey,
        Some(c) => Problem::Key(c),
        None => Problem::Kind,
    }
}

/// The kind and key a malformed placeholder most likely meant: invisible characters
/// dropped, look-alikes made ASCII, spaces around the dot closed up, the kind lowercased.
fn meant(inside: &str) -> (String, String) {
    let folded = fold(inside);
    let mut words = folded.split_whitespace();
    let mut reference = words.next().unwrap_or("").to_string();
    let mut next = words.next();
    while let Some(word) = next {
        if !(reference.ends_with('.') || word.starts_with('.')) {
            break;
        }
        reference.push_str(word);
        next = words.next();
    }
    let (kind, key) = match reference.split_once('.') {
        Some((kind, key)) => (kind.to_string(), key.to_string()),
        // `{Host server}`: the word after the kind is the key it meant.
        None => (reference.clone(), next.unwrap_or("").to_string()),
    };
    (kind.to_lowercase(), key)
}

/// Invisible characters dropped and look-alikes replaced by the ASCII they look like.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| lookalike(c).map_or(c, |(ascii, _)| ascii))
        .collect()
}

/// The text without spaces and invisible characters around it.
fn trim(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// A character that can be part of something shaped like a placeholder.
fn is_shaped(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '_' | '-' | '.')
        || (c.is_whitespace() && !matches!(c, '\n' | '\r'))
        || is_invisible(c)
        || is_combining(c)
        || lookalike(c).is_some()
}

fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Format and filler characters that take no visible space.
fn is_invisible(c: char) -> bool {
    invisible_name(c).is_some() || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E007F}')
}

fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{115F}' => "HANGUL CHOSEONG FILLER",
        '\u{1160}' => "HANGUL JUNGSEONG FILLER",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}' => "FUNCTION APPLICATION",
        '\u{2062}' => "INVISIBLE TIMES",
        '\u{2063}' => "INVISIBLE SEPARATOR",
        '\u{2064}' => "INVISIBLE PLUS",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{3164}' => "HANGUL FILLER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{FFA0}' => "HALFWIDTH HANGUL FILLER",
        _ => return None,
    })
}

/// Characters commonly mistaken for ASCII ones: the ASCII character and the Unicode name.
const LOOKALIKES: &[(char, char, &str)] = &[
    ('\u{0430}', 'a', "CYRILLIC SMALL LETTER A"),
    ('\u{0435}', 'e', "CYRILLIC SMALL LETTER IE"),
    ('\u{043E}', 'o', "CYRILLIC SMALL LETTER O"),
    ('\u{0440}', 'p', "CYRILLIC SMALL LETTER ER"),
    ('\u{0441}', 'c', "CYRILLIC SMALL LETTER ES"),
    ('\u{0443}', 'y', "CYRILLIC SMALL LETTER U"),
    ('\u{0445}', 'x', "CYRILLIC SMALL LETTER HA"),
    ('\u{0455}', 's', "CYRILLIC SMALL LETTER DZE"),
    (
        '\u{0456}',
        'i',
        "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
    ),
    ('\u{0458}', 'j', "CYRILLIC SMALL LETTER JE"),
    ('\u{04BB}', 'h', "CYRILLIC SMALL LETTER SHHA"),
    ('\u{04CF}', 'l', "CYRILLIC SMALL LETTER PALOCHKA"),
    ('\u{0501}', 'd', "CYRILLIC SMALL LETTER KOMI DE"),
    ('\u{051B}', 'q', "CYRILLIC SMALL LETTER QA"),
    ('\u{051D}', 'w', "CYRILLIC SMALL LETTER WE"),
    ('\u{0405}', 'S', "CYRILLIC CAPITAL LETTER DZE"),
    (
        '\u{0406}',
        'I',
        "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I",
    ),
    ('\u{0408}', 'J', "CYRILLIC CAPITAL LETTER JE"),
    ('\u{0410}', 'A', "CYRILLIC CAPITAL LETTER A"),
    ('\u{0412}', 'B', "CYRILLIC CAPITAL LETTER VE"),
    ('\u{0415}', 'E', "CYRILLIC CAPITAL LETTER IE"),
    ('\u{041A}', 'K', "CYRILLIC CAPITAL LETTER KA"),
    ('\u{041C}', 'M', "CYRILLIC CAPITAL LETTER EM"),
    ('\u{041D}', 'H', "CYRILLIC CAPITAL LETTER EN"),
    ('\u{041E}', 'O', "CYRILLIC CAPITAL LETTER O"),
    ('\u{0420}', 'P', "CYRILLIC CAPITAL LETTER ER"),
    ('\u{0421}', 'C', "CYRILLIC CAPITAL LETTER ES"),
    ('\u{0422}', 'T', "CYRILLIC CAPITAL LETTER TE"),
    ('\u{0423}', 'Y', "CYRILLIC CAPITAL LETTER U"),
    ('\u{0425}', 'X', "CYRILLIC CAPITAL LETTER HA"),
    ('\u{03B1}', 'a', "GREEK SMALL LETTER ALPHA"),
    ('\u{03B9}', 'i', "GREEK SMALL LETTER IOTA"),
    ('\u{03BA}', 'k', "GREEK SMALL LETTER KAPPA"),
    ('\u{03BD}', 'v', "GREEK SMALL LETTER NU"),
    ('\u{03BF}', 'o', "GREEK SMALL LETTER OMICRON"),
    ('\u{03C1}', 'p', "GREEK SMALL LETTER RHO"),
    ('\u{03C5}', 'u', "GREEK SMALL LETTER UPSILON"),
    ('\u{0391}', 'A', "GREEK CAPITAL LETTER ALPHA"),
    ('\u{0392}', 'B', "GREEK CAPITAL LETTER BETA"),
    ('\u{0395}', 'E', "GREEK CAPITAL LETTER EPSILON"),
    ('\u{0396}', 'Z', "GREEK CAPITAL LETTER ZETA"),
    ('\u{0397}', 'H', "GREEK CAPITAL LETTER ETA"),
    ('\u{0399}', 'I', "GREEK CAPITAL LETTER IOTA"),
    ('\u{039A}', 'K', "GREEK CAPITAL LETTER KAPPA"),
    ('\u{039C}', 'M', "GREEK CAPITAL LETTER MU"),
    ('\u{039D}', 'N', "GREEK CAPITAL LETTER NU"),
    ('\u{039F}', 'O', "GREEK CAPITAL LETTER OMICRON"),
    ('\u{03A1}', 'P', "GREEK CAPITAL LETTER RHO"),
    ('\u{03A4}', 'T', "GREEK CAPITAL LETTER TAU"),
    ('\u{03A5}', 'Y', "GREEK CAPITAL LETTER UPSILON"),
    ('\u{03A7}', 'X', "GREEK CAPITAL LETTER CHI"),
    ('\u{0131}', 'i', "LATIN SMALL LETTER DOTLESS I"),
    ('\u{0251}', 'a', "LATIN SMALL LETTER ALPHA"),
    ('\u{0261}', 'g', "LATIN SMALL LETTER SCRIPT G"),
    ('\u{2010}', '-', "HYPHEN"),
    ('\u{2011}', '-', "NON-BREAKING HYPHEN"),
    ('\u{2012}', '-', "FIGURE DASH"),
    ('\u{2013}', '-', "EN DASH"),
    ('\u{2212}', '-', "MINUS SIGN"),
    ('\u{2024}', '.', "ONE DOT LEADER"),
    ('\u{FF0E}', '.', "FULLWIDTH FULL STOP"),
    ('\u{FF3F}', '_', "FULLWIDTH LOW LINE"),
    ('\u{00A0}', ' ', "NO-BREAK SPACE"),
    ('\u{2002}', ' ', "EN SPACE"),
    ('\u{2003}', ' ', "EM SPACE"),
    ('\u{2007}', ' ', "FIGURE SPACE"),
    ('\u{2009}', ' ', "THIN SPACE"),
    ('\u{202F}', ' ', "NARROW NO-BREAK SPACE"),
    ('\u{3000}', ' ', "IDEOGRAPHIC SPACE"),
];

/// The ASCII character `c` passes for, and `c`'s Unicode name.
fn lookalike(c: char) -> Option<(char, String)> {
    if let Some(&(_, ascii, name)) = LOOKALIKES.iter().find(|(found, _, _)| *found == c) {
        return Some((ascii, name.to_string()));
    }
    // Fullwidth forms of ASCII letters and digits: U+FF10 to U+FF5A.
    let ascii = char::from_u32(u32::from(c).checked_sub(0xFEE0)?)?;
    let name = if ascii.is_ascii_digit() {
        let digits = [
            "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
        ];
        format!(
            "FULLWIDTH DIGIT {}",
            digits[usize::from(ascii as u8 - b'0')]
        )
    } else if ascii.is_ascii_uppercase() {
        format!("FULLWIDTH LATIN CAPITAL LETTER {ascii}")
    } else if ascii.is_ascii_lowercase() {
        format!(
            "FULLWIDTH LATIN SMALL LETTER {}",
            ascii.to_ascii_uppercase()
        )
    } else {
        return None;
    };
    Some((ascii, name))
}

/// `U+0430 CYRILLIC SMALL LETTER A`, or just `U+00EB` for a character without a name here.
pub fn describe(c: char) -> String {
    let name = invisible_name(c)
        .map(str::to_string)
        .or_else(|| lookalike(c).map(|(_, name)| name));
    match name {
        Some(name) => format!("U+{:04X} {name}", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

/// The text with invisible characters written as `\u{200B}`, so a message shows them.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if is_invisible(c) {
                format!("\\u{{{:04X}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn malformed(text: &str) -> Malformed {
        match find(text).collect::<Vec<_>>().as_slice() {
            [Placeholder::Malformed(malformed)] => malformed.clone(),
            other => panic!("{text:?}: {other:?}"),
        }
    }

    fn literal(text: &str) {
        assert_eq!(find(text).collect::<Vec<_>>(), vec![], "{text:?}");
    }

    #[test]
    fn valid_placeholders_are_kind_dot_key() {
        let text = "docker exec {container.web_prod} {cli.db-upgrade} -e {env.PYTHONPATH}";
        let found: Vec<_> = find(text).collect();
        assert_eq!(
            found[0],
            Placeholder::Valid {
                range: 12..32,
                kind: "container",
                key: "web_prod"
            }
        );
        assert_eq!(found.len(), 3);
        for placeholder in &found {
            let Placeholder::Valid { range, kind, key } = placeholder else {
                panic!("{placeholder:?}");
            };
            assert_eq!(&text[range.clone()], format!("{{{kind}.{key}}}"));
        }
        // An unknown kind is well-formed; the resolver says it is unknown.
        assert!(matches!(
            find("{contaner.web}").next(),
            Some(Placeholder::Valid {
                kind: "contaner",
                ..
            })
        ));
        assert!(matches!(
            find("{_x.y}").next(),
            Some(Placeholder::Valid { kind: "_x", .. })
        ));
    }

    #[test]
    fn literal_braces_stay_literal() {
        for text in [
            "docker network inspect x --format '{{json .Containers}}'",
            "docker inspect --format '{{.State.Health.Status}}' web",
            "{{ .Name }} {{json .}} {{index .Config.Labels \"a.b\"}}",
            "echo ${VAR} ${VAR:-x} ${path.app_repo} ${HOME",
            "{.State.Health}",
            "{CID}",
            "awk '{print $1}'",
            "awk '{ print }'",
            "find . -name '*.pyc' -exec rm {} \\;",
            "cp x.{a,b} {old.txt,new.txt} /tmp/",
            "mv file{.bak,}",
            "echo '{\"a\": 1}' '{ \"a.b\": {\"c\": 2} }'",
            "{hostname} {version} {1.5} {json .Containers}",
            "the loader refuses a command that uses {cli.*} without",
            "{}",
            "{",
            "}",
            "",
        ] {
            literal(text);
        }
        // The inner `{` of `{{kind.key}}` is still a placeholder, as it always was.
        assert!(matches!(
            find("{{path.app_repo}}").next(),
            Some(Placeholder::Valid { range, .. }) if range == (1..16)
        ));
    }

    #[test]
    fn a_look_alike_letter_is_named() {
        let found = malformed("cd {path.\u{430}pp_repo} && ls");
        assert_eq!(found.range, 3..19);
        assert_eq!(
            found.problem,
            Problem::LookAlike {
                found: '\u{430}',
                looks_like: 'a'
            }
        );
        assert_eq!(
            (found.kind.as_str(), found.key.as_str()),
            ("path", "app_repo")
        );
        let message = found.problem.to_string();
        assert!(
            message.contains("U+0430 CYRILLIC SMALL LETTER A"),
            "{message}"
        );
        // A look-alike in the kind, even without a dot, is still a kind.
        let found = malformed("{\u{440}ath}");
        assert_eq!(found.problem.label(), "look-alike character");
        assert_eq!(found.kind, "path");
    }

    #[test]
    fn an_invisible_character_is_named_and_shown() {
        let text = "{path.app\u{200B}_repo}";
        let found = malformed(text);
        assert_eq!(found.range, 0..text.len());
        assert_eq!(found.problem, Problem::Invisible('\u{200B}'));
        assert_eq!(found.key, "app_repo");
        assert!(
            found
                .problem
                .to_string()
                .contains("U+200B ZERO WIDTH SPACE")
        );
        assert_eq!(visible(text), "{path.app\\u{200B}_repo}");
        // Even before the kind.
        assert_eq!(malformed("{\u{FEFF}host.server}").kind, "host");
    }

    #[test]
    fn spaces_inside_the_braces() {
        let found = malformed("x { path.app_repo } y");
        assert_eq!(found.range, 2..19);
        assert_eq!(found.problem, Problem::Spaces);
        assert_eq!(
            (found.kind.as_str(), found.key.as_str()),
            ("path", "app_repo")
        );
        let found = malformed("{path . app_repo}");
        assert_eq!(
            (found.kind.as_str(), found.key.as_str()),
            ("path", "app_repo")
        );
        let found = malformed("{Host server}");
        assert_eq!(
            (found.kind.as_str(), found.key.as_str()),
            ("host", "server")
        );
        assert_eq!(
            malformed("{path\u{A0}.x}").problem.label(),
            "look-alike character"
        );
    }

    #[test]
    fn a_placeholder_never_closed() {
        let found = malformed("cd {path.app_repo");
        assert_eq!(found.range, 3..17);
        assert_eq!(found.problem, Problem::Unclosed);
        // Up to its first word, when other text follows on the line.
        let text = "cd {path.app_repo && docker logs {container.web}";
        let found: Vec<_> = find(text).collect();
        let Placeholder::Malformed(first) = &found[0] else {
            panic!("{found:?}");
        };
        assert_eq!(&text[first.range.clone()], "{path.app_repo");
        assert!(matches!(
            found[1],
            Placeholder::Valid {
                kind: "container",
                ..
            }
        ));
        let found = malformed("see `{path.app_repo`\nnext line}");
        assert_eq!(found.range, 5..19);
    }

    #[test]
    fn empty_key_capitalised_kind_and_missing_key() {
        let found = malformed("{path.}");
        assert_eq!(found.problem, Problem::EmptyKey);
        assert_eq!((found.kind.as_str(), found.key.as_str()), ("path", ""));
        let found = malformed("{Host.server}");
        assert_eq!(found.problem, Problem::Kind);
        assert_eq!(
            (found.kind.as_str(), found.key.as_str()),
            ("host", "server")
        );
        assert_eq!(malformed("{path}").problem, Problem::NoKey);
        assert_eq!(malformed("{ENV}").problem, Problem::NoKey);
        assert_eq!(malformed("{path.app.repo}").problem, Problem::Key('.'));
        assert_eq!(malformed("{path2.x}").problem, Problem::Kind);
        assert_eq!(malformed("{path.app_rëpo}").problem, Problem::NotAscii('ë'));
        assert_eq!(describe('ë'), "U+00EB");
        assert_eq!(
            describe('\u{FF41}'),
            "U+FF41 FULLWIDTH LATIN SMALL LETTER A"
        );
    }

    #[test]
    fn blanking_covers_every_placeholder_and_nothing_else() {
        assert_eq!(blank("a {service.certbot} b"), "a                   b");
        assert_eq!(blank("{{json .X}} {Host.x}"), "{{json .X}}         ");
        assert_eq!(blank("${container.web}"), "${container.web}");
        assert_eq!(blank("{path.\u{430}} x"), "          x");
    }

    #[test]
    fn ranges_fall_on_character_boundaries_of_any_text() {
        let text = "{p\u{430}th.\u{200B}x {Host.y}} ${a.b} {{c.d}} {e.f\n{ g.h }{\u{FF41}.\u{A0}}{db.\u{301}";
        let starts: Vec<usize> = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        for &start in &starts {
            for &end in starts.iter().filter(|&&end| end >= start) {
                let slice = &text[start..end];
                for found in find(slice) {
                    let range = match found {
                        Placeholder::Valid { range, .. } => range,
                        Placeholder::Malformed(malformed) => malformed.range,
                    };
                    assert!(slice.get(range.clone()).is_some(), "{slice:?} {range:?}");
                }
                assert_eq!(blank(slice).len(), slice.len());
            }
        }
    }
}
