//! What a word as written means: its text with quoting removed, and the expansions the
//! local shell would perform in it.

/// Removes shell quoting from a word: single and double quotes, `$'...'` and
/// backslashes. Expansions (`$VAR`, `$(...)`) are kept as written.
pub fn unquote(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next()
                    && next != '\n'
                {
                    out.push(next);
                }
            }
            '\'' => {
                for inner in chars.by_ref() {
                    if inner == '\'' {
                        break;
                    }
                    out.push(inner);
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                while let Some(inner) = chars.next() {
                    match inner {
                        '\'' => break,
                        '\\' => match chars.next() {
                            Some('n') => out.push('\n'),
                            Some('t') => out.push('\t'),
                            Some(other) => out.push(other),
                            None => {}
                        },
                        other => out.push(other),
                    }
                }
            }
            '"' => {
                while let Some(inner) = chars.next() {
                    match inner {
                        '"' => break,
                        '\\' => match chars.peek() {
                            Some(&next @ ('$' | '`' | '"' | '\\')) => {
                                chars.next();
                                out.push(next);
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => out.push('\\'),
                        },
                        other => out.push(other),
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The first expansion the local shell performs in a word as written: `$(...)`,
/// `` `...` ``, `${...}` or `$NAME` outside single quotes and not escaped.
pub fn local_expansion(raw: &str) -> Option<String> {
    let mut chars = raw.char_indices().peekable();
    let mut in_single = false;
    let mut in_double = false;
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if !in_single => {
                chars.next();
            }
            '\'' if !in_double => in_single = !in_single,
            '"' if !in_single => in_double = !in_double,
            '`' if !in_single => return Some(expansion_text(raw, at)),
            '$' if !in_single => {
                let next = chars.peek().map(|(_, c)| *c);
                if next.is_some_and(|c| c == '(' || c == '{' || c == '_' || c.is_ascii_alphabetic())
                {
                    return Some(expansion_text(raw, at));
                }
            }
            _ => {}
        }
    }
    None
}

/// The expansion starting at byte `at`, up to its end or 30 characters.
fn expansion_text(raw: &str, at: usize) -> String {
    let rest = &raw[at..];
    let end = rest
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, ')' | '}' | '`' | '"' | '\'') || c.is_whitespace())
        .map_or(rest.len(), |(index, c)| {
            index
                + if matches!(c, ')' | '}' | '`') {
                    c.len_utf8()
                } else {
                    0
                }
        });
    rest[..end].chars().take(30).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote_handles_the_shell_quotes() {
        assert_eq!(
            unquote(r#"'a b'"c \"d\" $X"\ e$'\tf'"#),
            "a bc \"d\" $X e\tf"
        );
    }

    #[test]
    fn expansions_the_local_shell_performs_are_found() {
        assert_eq!(
            local_expansion(r#""pg_dump > ~/b/x-$(date +%F).sql""#).as_deref(),
            Some("$(date")
        );
        assert_eq!(
            local_expansion(r#""echo `hostname`""#).as_deref(),
            Some("`hostname`")
        );
        assert_eq!(local_expansion(r#""echo $HOME""#).as_deref(), Some("$HOME"));
        assert_eq!(
            local_expansion(r#""pg_dump > ~/b/x-\$(date +%F).sql""#),
            None
        );
        assert_eq!(local_expansion(r#"'echo $(date)'"#), None);
        assert_eq!(local_expansion(r#""grep -c '$'""#), None);
    }
}
