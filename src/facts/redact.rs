//! Masking secret values in a facts file's text before any message shows a line of it.
//! The file may not even parse, so this reads the text itself: under `env_vars:`, an
//! entry that mentions `secret` has the scalar of each `value:` and `example:` key
//! replaced by `*`, character for character, so every position stays where it was.

/// The keys whose scalars are masked in an entry that mentions `secret`.
const MASKED_KEYS: [&str; 2] = ["value", "example"];

/// The values a masked text hides, longest first, to scrub from messages too.
pub fn hidden_values(text: &str, masked: &str) -> Vec<String> {
    let mut values = Vec::new();
    for (line, hidden) in text.lines().zip(masked.lines()) {
        if line == hidden {
            continue;
        }
        let mut run: Option<usize> = None;
        let mut chars = line.char_indices().zip(hidden.chars()).peekable();
        while let Some(((at, original), shown)) = chars.next() {
            let differs = shown == '*' && original != '*';
            match (differs, run) {
                (true, None) => run = Some(at),
                (false, Some(start)) => {
                    values.push(line[start..at].to_string());
                    run = None;
                }
                _ => {}
            }
            if chars.peek().is_none()
                && let Some(start) = run
            {
                values.push(line[start..].to_string());
            }
        }
    }
    values.retain(|value| value.trim().len() > 1);
    values.sort_by_key(|value| std::cmp::Reverse(value.len()));
    values
}

/// `text` with the values of secret env vars masked, or `None` when nothing is.
pub fn mask_secret_values(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut masked = String::with_capacity(text.len());
    let mut changed = false;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if !line.starts_with("env_vars:") {
            masked.push_str(line);
            index += 1;
            continue;
        }
        masked.push_str(line);
        index += 1;
        // The entries: lines indented under `env_vars:`, up to the next top-level key.
        let end = (index..lines.len())
            .find(|&at| {
                let next = lines[at];
                !next.trim().is_empty() && !next.starts_with([' ', '\t', '#'])
            })
            .unwrap_or(lines.len());
        let entries = &lines[index..end];
        let entry_indent = entries
            .iter()
            .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
            .map_or(0, |line| indent(line));
        let mut start = 0;
        while start < entries.len() {
            let stop = (start + 1..entries.len())
                .find(|&at| indent(entries[at]) <= entry_indent && !entries[at].trim().is_empty())
                .unwrap_or(entries.len());
            let entry = &entries[start..stop];
            if entry.iter().any(|line| line.contains("secret")) {
                for line in entry {
                    let hidden = mask_line(line);
                    changed |= hidden != *line;
                    masked.push_str(&hidden);
                }
            } else {
                entry.iter().for_each(|line| masked.push_str(line));
            }
            start = stop;
        }
        index = end;
    }
    changed.then_some(masked)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// A line with the scalar after each `value:` or `example:` masked, in block style
/// (to the end of the line) or flow style (to the next `,` or `}`).
fn mask_line(line: &str) -> String {
    let mut out = line.to_string();
    for key in MASKED_KEYS {
        let mut from = 0;
        while let Some(found) = out[from..].find(&format!("{key}:")) {
            let key_at = from + found;
            let starts_key = out[..key_at]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || c == '{' || c == ',' || c == '-');
            let value_start = key_at + key.len() + 1;
            from = value_start;
            if !starts_key {
                continue;
            }
            let rest = &out[value_start..];
            let flow = out[..key_at].contains('{');
            let value_end = rest
                .char_indices()
                .find(|&(_, c)| c == '\n' || c == '\r' || (flow && (c == ',' || c == '}')))
                .map_or(rest.len(), |(at, _)| at);
            let value = &rest[..value_end];
            let lead = value.len() - value.trim_start().len();
            let hidden: String = value[lead..].chars().map(|_| '*').collect();
            out = format!(
                "{}{}{hidden}{}",
                &out[..value_start],
                &value[..lead],
                &out[value_start + value_end..]
            );
            // `*` is one byte a character, so the text after may have moved back.
            from = value_start + lead + hidden.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_are_masked_in_block_and_flow_style() {
        let text = "env_vars:\n  KEY:\n    secret: yes\n    value: hunter2\n    example: \"x-hunter2\"\n  PLAIN:\n    value: visible\n  FLOW: {environments: [prod], secret: true, value: hunter2, bogus: 1}\ncli:\n  value: kept\n";
        let masked = mask_secret_values(text).expect("masked");
        assert!(!masked.contains("hunter2"), "{masked}");
        assert!(masked.contains("value: visible") && masked.contains("  value: kept"));
        assert!(masked.contains("value: *******, bogus: 1}"), "{masked}");
        assert_eq!(masked.len(), text.len());
        assert_eq!(
            masked.lines().map(str::len).collect::<Vec<_>>(),
            text.lines().map(str::len).collect::<Vec<_>>()
        );
        assert_eq!(mask_secret_values("env_vars:\n  A:\n    value: x\n"), None);
    }
}
