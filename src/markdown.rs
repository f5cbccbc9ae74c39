//! The document model of one markdown file: parsed once, read by every lint rule.
//!
//! The file is split into its YAML frontmatter and its body; the body is parsed with
//! pulldown-cmark with source offsets, into headings (with GitHub's slugs), links,
//! code fences (with the source line of each of their lines) and suppression comments.
//! A UTF-8 byte order mark is dropped and CRLF line endings are read as LF.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The comment that silences one rule on the line after it.
pub const SUPPRESSION_DIRECTIVE: &str = "skillgen-disable-next-line";

/// One markdown file of a skill, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the skill folder.
    pub path: String,
    /// The text without a byte order mark; positions below refer to it.
    pub source: String,
    pub frontmatter: Option<Frontmatter>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub fences: Vec<Fence>,
    /// Fragments a link may point at: heading slugs and HTML `id`/`name` attributes.
    pub anchors: BTreeSet<String>,
    pub suppressions: Vec<Suppression>,
    line_starts: Vec<usize>,
}

/// The YAML between the opening `---` line and the closing `---` (or `...`) line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frontmatter {
    pub yaml: String,
    /// Line of the opening `---`; the YAML starts on the line after it.
    pub line: usize,
    /// False when no closing line was found; `yaml` then runs to the end of the file.
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// GitHub's anchor for this heading, made unique within the file.
    pub slug: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (reference links resolved).
    pub dest: String,
    pub is_image: bool,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The whole info string after the opening backticks or tildes, trimmed.
    pub info: String,
    /// The first word of the info string, lowercased; `None` when there is none.
    pub language: Option<String>,
    pub line: usize,
    pub column: usize,
    /// The content lines, each with its line in the file.
    pub lines: Vec<FenceLine>,
    /// False when the file ends before the closing fence.
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FenceLine {
    pub line: usize,
    pub text: String,
}

/// `<!-- skillgen-disable-next-line RULE ... -->`: silences the named rules on `line + 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub rules: Vec<String>,
    pub line: usize,
    pub column: usize,
}

impl Fence {
    /// The fence's content as one text, one line per content line, `\n`-separated.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for line in &self.lines {
            text.push_str(&line.text);
            text.push('\n');
        }
        text
    }
}

impl Document {
    pub fn parse(path: &str, text: &str) -> Document {
        let source = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let mut document = Document {
            path: path.to_string(),
            source,
            frontmatter: None,
            headings: Vec::new(),
            links: Vec::new(),
            fences: Vec::new(),
            anchors: BTreeSet::new(),
            suppressions: Vec::new(),
            line_starts,
        };
        let (frontmatter, body_start) = split_frontmatter(&document.source);
        document.frontmatter = frontmatter;
        document.parse_body(body_start);
        document
    }

    /// 1-based line and column (in characters) of a byte offset into `source`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[index];
        let column = self
            .source
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (index + 1, column)
    }

    /// The text of a 1-based line, without its line ending; `None` past the end.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.source.len(), |next| next - 1);
        let text = self.source.get(start..end)?;
        Some(text.strip_suffix('\r').unwrap_or(text))
    }

    /// How many lines the file has (a final line ending does not start a new line).
    pub fn line_count(&self) -> usize {
        // `line_starts` has one entry per line ending plus one; a final line ending
        // starts no line.
        if self.source.is_empty() {
            0
        } else if self.source.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    fn parse_body(&mut self, body_start: usize) {
        let body = &self.source[body_start..];
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        let mut slugs = Slugger::default();
        let mut heading: Option<(u8, String, usize)> = None;
        let mut fence: Option<Fence> = None;
        let mut fence_texts: Vec<(String, usize)> = Vec::new();
        let mut headings = Vec::new();
        let mut links = Vec::new();
        let mut fences = Vec::new();
        let mut html = Vec::new();
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let range = range.start + body_start..range.end + body_start;
            let is_image = matches!(event, Event::Start(Tag::Image { .. }));
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((level as u8, String::new(), range.start));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, text, start)) = heading.take() {
                        let (line, column) = self.position(start);
                        let text = text.trim().to_string();
                        headings.push(Heading {
                            level,
                            slug: slugs.slug(&text),
                            text,
                            line,
                            column,
                        });
                    }
                }
                Event::Start(Tag::Link { dest_url, .. })
                | Event::Start(Tag::Image { dest_url, .. }) => {
                    let (line, column) = self.position(range.start);
                    links.push(Link {
                        dest: dest_url.to_string(),
                        is_image,
                        line,
                        column,
                    });
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    let (line, column) = self.position(range.start);
                    let info = info.trim().to_string();
                    let language = info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .filter(|word| !word.is_empty())
                        .map(str::to_lowercase);
                    let closed = self.fence_is_closed(&range);
                    let fence_start = Fence {
                        info,
                        language,
                        line,
                        column,
                        lines: Vec::new(),
                        closed,
                    };
                    fence = Some(fence_start);
                    fence_texts.clear();
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(mut done) = fence.take() {
                        done.lines = self.fence_lines(done.line, &fence_texts);
                        fences.push(done);
                    }
                }
                Event::Text(text) | Event::Code(text) => {
                    if fence.is_some() {
                        fence_texts.push((text.to_string(), range.start));
                    } else if let Some((_, heading_text, _)) = heading.as_mut() {
                        heading_text.push_str(&text);
                    }
                }
                Event::Html(_) | Event::InlineHtml(_) => html.push(range),
                _ => {}
            }
        }
        for range in html {
            self.scan_html(range);
        }
        self.anchors.extend(headings.iter().map(|h| h.slug.clone()));
        self.headings = headings;
        self.links = links;
        self.fences = fences;
    }

    /// Maps the text events of a fence back to file lines. Each event starts at a known
    /// offset; lines inside one event follow on consecutive file lines.
    fn fence_lines(&self, fence_line: usize, texts: &[(String, usize)]) -> Vec<FenceLine> {
        let mut lines: Vec<FenceLine> = Vec::new();
        let mut open = false; // the last line had no line ending yet
        for (text, offset) in texts {
            let (mut line, _) = self.position(*offset);
            for piece in text.split_inclusive('\n') {
                let ends = piece.ends_with('\n');
                let content = piece.trim_end_matches('\n');
                let content = content.strip_suffix('\r').unwrap_or(content);
                match lines.last_mut() {
                    Some(last) if open => last.text.push_str(content),
                    _ => lines.push(FenceLine {
                        line: line.max(fence_line + 1),
                        text: content.to_string(),
                    }),
                }
                open = !ends;
                if ends {
                    line += 1;
                }
            }
        }
        lines
    }

    fn fence_is_closed(&self, range: &Range<usize>) -> bool {
        let (first, _) = self.position(range.start);
        let end = range.end.saturating_sub(1).max(range.start);
        let (last, _) = self.position(end);
        if last <= first {
            return false;
        }
        let opening = self.line_text(first).unwrap_or("").trim_start();
        let marker = opening.chars().next().unwrap_or('`');
        let width = opening.chars().take_while(|&c| c == marker).count();
        let closing = self.line_text(last).unwrap_or("").trim();
        // Inside a block quote or list the closing line may carry the container's prefix.
        let closing = closing.trim_start_matches(['>', ' ', '\t']);
        closing.chars().count() >= width && closing.chars().all(|c| c == marker)
    }

    fn scan_html(&mut self, range: Range<usize>) {
        let Some(html) = self.source.get(range.clone()) else {
            return;
        };
        let html = html.to_string();
        let mut from = 0;
        while let Some(open) = html[from..].find("<!--") {
            let start = from + open;
            // The end is looked for after `<!--`, so `<!-->` does not end where it began.
            let Some(close) = html[start + 4..].find("-->").map(|at| at + 4) else {
                break;
            };
            let inner = html[start + 4..start + close].trim();
            if let Some(rest) = inner.strip_prefix(SUPPRESSION_DIRECTIVE) {
                let (line, column) = self.position(range.start + start);
                let rules = rest
                    .split(|c: char| c.is_whitespace() || c == ',')
                    .filter(|rule| !rule.is_empty())
                    .map(str::to_string)
                    .collect();
                self.suppressions.push(Suppression {
                    rules,
                    line,
                    column,
                });
            }
            from = start + close + 3;
        }
        for attribute in ["id", "name"] {
            for quote in ['"', '\''] {
                let needle = format!("{attribute}={quote}");
                for (at, _) in html.match_indices(&needle) {
                    let before = html[..at].chars().next_back();
                    if !before.is_some_and(char::is_whitespace) {
                        continue;
                    }
                    let value = &html[at + needle.len()..];
                    if let Some(end) = value.find(quote) {
                        self.anchors.insert(value[..end].to_string());
                    }
                }
            }
        }
    }
}

/// Splits off a frontmatter block that starts on the first line. Returns it and the byte
/// offset where the markdown body starts.
fn split_frontmatter(source: &str) -> (Option<Frontmatter>, usize) {
    let mut lines = source.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (None, 0);
    };
    if first.trim_end() != "---" {
        return (None, 0);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = source[yaml_start..offset].replace("\r\n", "\n");
            let body_start = offset + line.len();
            let frontmatter = Frontmatter {
                yaml,
                line: 1,
                closed: true,
            };
            return (Some(frontmatter), body_start);
        }
        offset += line.len();
    }
    let frontmatter = Frontmatter {
        yaml: source[yaml_start..].replace("\r\n", "\n"),
        line: 1,
        closed: false,
    };
    (Some(frontmatter), source.len())
}

/// GitHub's anchor for a heading text: lowercase, punctuation dropped except `-` and
/// `_`, each space a hyphen.
pub fn github_slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// Makes slugs unique the way GitHub does: the second `foo` becomes `foo-1`, then `foo-2`.
#[derive(Debug, Default)]
struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    fn slug(&mut self, text: &str) -> String {
        let base = github_slug(text);
        let mut slug = base.clone();
        while self.seen.contains_key(&slug) {
            let count = self.seen.entry(base.clone()).or_insert(0);
            *count += 1;
            slug = format!("{base}-{count}");
        }
        self.seen.insert(slug.clone(), 0);
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(github_slug("Deploy & Rollback"), "deploy--rollback");
        assert_eq!(github_slug("`docker ps` output"), "docker-ps-output");
        assert_eq!(
            github_slug("Step 2: snake_case-ok!"),
            "step-2-snake_case-ok"
        );
        assert_eq!(github_slug("Överblick"), "överblick");
    }

    #[test]
    fn duplicate_headings_get_numbered() {
        let doc = Document::parse("a.md", "# Logs\n## Logs\n## Logs\n## Logs-1\n");
        let slugs: Vec<_> = doc.headings.iter().map(|h| h.slug.as_str()).collect();
        assert_eq!(slugs, ["logs", "logs-1", "logs-2", "logs-1-1"]);
    }

    #[test]
    fn frontmatter_is_split_and_lines_stay_true() {
        let doc = Document::parse("SKILL.md", "---\nname: x\n---\n# Title\n\n[a](b.md#c)\n");
        let frontmatter = doc.frontmatter.as_ref().unwrap();
        assert_eq!(frontmatter.yaml, "name: x\n");
        assert!(frontmatter.closed);
        assert_eq!(doc.headings[0].line, 4);
        assert_eq!((doc.links[0].line, doc.links[0].column), (6, 1));
        assert_eq!(doc.links[0].dest, "b.md#c");
    }

    #[test]
    fn unclosed_frontmatter_is_marked() {
        let doc = Document::parse("SKILL.md", "---\nname: x\n# Title\n");
        assert!(!doc.frontmatter.unwrap().closed);
    }

    #[test]
    fn crlf_and_bom_are_read() {
        let text = "\u{feff}---\r\nname: x\r\n---\r\n# Top\r\n\r\n```bash\r\nls \\\r\n  -l\r\necho\r\n```\r\n";
        let doc = Document::parse("SKILL.md", text);
        assert_eq!(doc.frontmatter.as_ref().unwrap().yaml, "name: x\n");
        assert_eq!(doc.headings[0].slug, "top");
        let fence = &doc.fences[0];
        assert_eq!(fence.language.as_deref(), Some("bash"));
        assert_eq!(fence.line, 6);
        let lines: Vec<_> = fence
            .lines
            .iter()
            .map(|l| (l.line, l.text.as_str()))
            .collect();
        assert_eq!(lines, [(7, "ls \\"), (8, "  -l"), (9, "echo")]);
        assert!(fence.closed);
        assert_eq!(doc.line_text(7), Some("ls \\"));
    }

    #[test]
    fn fences_in_lists_keep_their_lines() {
        let text = "1. Step\n\n   ```sh\n   ssh hemma ls\n\n   ssh hemma df\n   ```\n";
        let doc = Document::parse("a.md", text);
        let fence = &doc.fences[0];
        let lines: Vec<_> = fence
            .lines
            .iter()
            .map(|l| (l.line, l.text.as_str()))
            .collect();
        assert_eq!(lines, [(4, "ssh hemma ls"), (5, ""), (6, "ssh hemma df")]);
        assert!(fence.closed);
    }

    #[test]
    fn unterminated_fence_runs_to_the_end() {
        let doc = Document::parse("a.md", "# A\n```\nls\n");
        assert_eq!(doc.fences.len(), 1);
        assert!(!doc.fences[0].closed);
        assert_eq!(doc.fences[0].language, None);
    }

    #[test]
    fn suppressions_and_html_anchors_are_found() {
        let text = "<!-- skillgen-disable-next-line broken-link fence-language -->\n[x](y.md)\n\n<a id=\"here\"></a>\n";
        let doc = Document::parse("a.md", text);
        assert_eq!(doc.suppressions.len(), 1);
        assert_eq!(doc.suppressions[0].rules, ["broken-link", "fence-language"]);
        assert_eq!(doc.suppressions[0].line, 1);
        assert!(doc.anchors.contains("here"));
    }

    #[test]
    fn line_count_matches_lines() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\n",
            "---\nx\n---\n# T\n",
        ] {
            let doc = Document::parse("a.md", text);
            assert_eq!(doc.line_count(), doc.source.lines().count(), "{text:?}");
        }
    }

    #[test]
    fn positions_count_characters() {
        let doc = Document::parse("a.md", "åäö [x](y)\n");
        assert_eq!((doc.links[0].line, doc.links[0].column), (1, 5));
        assert_eq!(doc.position(doc.source.len()), (2, 1));
    }
}
