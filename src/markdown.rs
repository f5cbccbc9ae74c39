//! The document model of one markdown file: parsed once, read by every lint rule.
//!
//! The file is split into its YAML frontmatter and its body; the body is parsed with
//! pulldown-cmark with source offsets, into headings (with GitHub's slugs), links,
//! inline code spans, code fences (with the source line of each of their lines, and how
//! each one ends) and suppression comments. Fences inside block quotes and list items
//! are read from the parser's events like any other: their lines come without the
//! container's `> ` or indent, and whether they are closed follows CommonMark.
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
    /// Inline code (`` `text` ``), in the order they appear.
    pub code_spans: Vec<CodeSpan>,
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
    /// Where the whole link (`[text](dest)`, `![alt](src)`, `<url>`) ends: the line and
    /// the column just past its last character.
    pub end: (usize, usize),
    /// The link's bytes in `source`.
    pub range: Range<usize>,
}

/// An inline code span. `text` is its content as CommonMark reads it (a line ending
/// inside is a space); the positions cover the backticks too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSpan {
    pub text: String,
    pub line: usize,
    pub column: usize,
    /// The line and the column just past the closing backticks.
    pub end: (usize, usize),
    /// Whether it is part of a link's text (`` [`api.md`](api.md) ``).
    pub in_link: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The opening run of backticks or tildes (```` ``` ````, `~~~~`); a closing fence
    /// repeats it.
    pub marker: String,
    /// The whole info string after the opening backticks or tildes, trimmed.
    pub info: String,
    /// The first word of the info string, lowercased; `None` when there is none.
    pub language: Option<String>,
    pub line: usize,
    pub column: usize,
    /// The content lines, each with its line in the file and without the prefix of
    /// the block quote or list item that holds the fence.
    pub lines: Vec<FenceLine>,
    /// The container the fence is in (the innermost), if any.
    pub container: Option<Container>,
    pub end: FenceEnd,
    /// The fence's bytes in `source`, from its opening fence to its closing fence (or
    /// its last content line).
    pub range: Range<usize>,
}

/// A block that holds other blocks, and so may end a fence inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    BlockQuote,
    ListItem,
    Footnote,
}

impl Container {
    /// What a reader calls it: `block quote`, `list item`, `footnote`.
    pub fn name(self) -> &'static str {
        match self {
            Container::BlockQuote => "block quote",
            Container::ListItem => "list item",
            Container::Footnote => "footnote",
        }
    }
}

/// How a code fence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FenceEnd {
    /// By a closing fence line the author wrote.
    Closed,
    /// Not at all: the file ends first, so the rest of the file is code.
    EndOfFile,
    /// By the end of the block quote or list item that holds it. CommonMark closes the
    /// fence there, so it renders as meant; but no closing fence was written, and in
    /// the text Claude reads, only a missing `> ` or indent says where the code stops.
    /// `line` is the first line after the fence's container ends it.
    ContainerEnds { container: Container, line: usize },
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
    /// The line and the column just past the comment's `-->`.
    pub end: (usize, usize),
}

impl Fence {
    /// Whether a closing fence line ends it.
    pub fn is_closed(&self) -> bool {
        self.end == FenceEnd::Closed
    }

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
            code_spans: Vec::new(),
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
        let mut fence: Option<OpenFence> = None;
        // The block quotes, list items and footnotes around the current event.
        let mut containers: Vec<Container> = Vec::new();
        let mut link_depth = 0usize;
        let mut headings = Vec::new();
        let mut links = Vec::new();
        let mut code_spans = Vec::new();
        let mut fences = Vec::new();
        let mut html = Vec::new();
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let range = range.start + body_start..range.end + body_start;
            let is_image = matches!(event, Event::Start(Tag::Image { .. }));
            match event {
                Event::Start(Tag::BlockQuote(_)) => containers.push(Container::BlockQuote),
                Event::Start(Tag::Item) => containers.push(Container::ListItem),
                Event::Start(Tag::FootnoteDefinition(_)) => containers.push(Container::Footnote),
                Event::End(TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                    containers.pop();
                }
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
                        end: self.position(range.end),
                        range,
                    });
                    link_depth += 1;
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    link_depth = link_depth.saturating_sub(1);
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    fence = Some(OpenFence {
                        start: range.start,
                        info: info.trim().to_string(),
                        container: containers.last().copied(),
                        texts: Vec::new(),
                    });
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(open) = fence.take() {
                        fences.push(self.finish_fence(open, range.end));
                    }
                }
                Event::Text(text) => {
                    if let Some(open) = fence.as_mut() {
                        open.texts.push((text.to_string(), range));
                    } else if let Some((_, heading_text, _)) = heading.as_mut() {
                        heading_text.push_str(&text);
                    }
                }
                Event::Code(text) => {
                    let (line, column) = self.position(range.start);
                    code_spans.push(CodeSpan {
                        text: text.to_string(),
                        line,
                        column,
                        end: self.position(range.end),
                        in_link: link_depth > 0,
                    });
                    if let Some((_, heading_text, _)) = heading.as_mut() {
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
        self.code_spans = code_spans;
        self.fences = fences;
    }

    /// A fence from its opening event, its text events and where the parser ended it.
    ///
    /// The parser's code block runs from the opening fence to the closing fence when
    /// there is one, and otherwise to the end of its last content line. So a closing
    /// fence is there exactly when the block's bytes go on past its last text, and
    /// those bytes hold the fence character: no line of the file is re-read to guess
    /// where a container's prefix ends.
    fn finish_fence(&self, open: OpenFence, block_end: usize) -> Fence {
        let rest = self.source.get(open.start..).unwrap_or("");
        let marker_at = open.start + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        let marker_char = self.source[marker_at..].chars().next().unwrap_or('`');
        let marker: String = self.source[marker_at..]
            .chars()
            .take_while(|&c| c == marker_char)
            .collect();
        let (line, column) = self.position(marker_at);
        let opening_end = self.source[marker_at..]
            .find('\n')
            .map_or(self.source.len(), |at| marker_at + at + 1);
        let content_end = open
            .texts
            .iter()
            .map(|(_, range)| range.end)
            .max()
            .unwrap_or(opening_end)
            .max(opening_end.min(block_end));
        let closed = block_end > content_end
            && self
                .source
                .get(content_end..block_end)
                .is_some_and(|between| between.contains(marker_char));
        let end = if closed {
            FenceEnd::Closed
        } else {
            self.unclosed_end(open.container, block_end)
        };
        let language = open
            .info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .next()
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase);
        Fence {
            lines: self.fence_lines(line, &open.texts),
            marker,
            info: open.info,
            language,
            line,
            column,
            container: open.container,
            end,
            range: marker_at..block_end,
        }
    }

    /// Where a fence without a closing line ends. Outside any container it runs to the
    /// end of the file. Inside one, CommonMark ends it where the container ends; when
    /// text follows (the next list item, a line without `>`), that is what ended it.
    fn unclosed_end(&self, container: Option<Container>, block_end: usize) -> FenceEnd {
        let Some(container) = container else {
            return FenceEnd::EndOfFile;
        };
        let after = self.source.get(block_end..).unwrap_or("");
        match after.find(|c: char| !c.is_whitespace() && c != '>') {
            Some(at) => FenceEnd::ContainerEnds {
                container,
                line: self.position(block_end + at).0,
            },
            None => FenceEnd::EndOfFile,
        }
    }

    /// Maps the text events of a fence back to file lines. Each event starts at a known
    /// offset (after any container prefix); lines inside one event follow on
    /// consecutive file lines.
    fn fence_lines(&self, fence_line: usize, texts: &[(String, Range<usize>)]) -> Vec<FenceLine> {
        let mut lines: Vec<FenceLine> = Vec::new();
        let mut open = false; // the last line had no line ending yet
        for (text, range) in texts {
            let (mut line, _) = self.position(range.start);
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
                    end: self.position(range.start + start + close + 3),
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

/// A fence whose closing event has not come yet: where it opened, its info string, its
/// container, and its text events with their bytes in the file.
struct OpenFence {
    start: usize,
    info: String,
    container: Option<Container>,
    texts: Vec<(String, Range<usize>)>,
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
        assert!(fence.is_closed());
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
        assert!(fence.is_closed());
    }

    /// Each fence's content lines as (line, text), for the container tests.
    fn lines_of(fence: &Fence) -> Vec<(usize, &str)> {
        fence
            .lines
            .iter()
            .map(|l| (l.line, l.text.as_str()))
            .collect()
    }

    #[test]
    fn fences_in_block_quotes_are_closed_and_lose_the_prefix() {
        let text = "# Notes\n\n> **Warning:** check first:\n>\n> ```bash\n> ssh hemma df -h\n>\n>   --total\n> ```\n\nAfter.\n";
        let doc = Document::parse("a.md", text);
        let fence = &doc.fences[0];
        assert_eq!(fence.end, FenceEnd::Closed);
        assert_eq!((fence.line, fence.column), (5, 3));
        assert_eq!(fence.container, Some(Container::BlockQuote));
        assert_eq!(fence.language.as_deref(), Some("bash"));
        assert_eq!(
            lines_of(fence),
            [(6, "ssh hemma df -h"), (7, ""), (8, "  --total")]
        );
        // No space after `>` is a block quote too.
        let doc = Document::parse("a.md", ">~~~text\n>ok\n>~~~\n");
        assert_eq!(doc.fences[0].end, FenceEnd::Closed);
        assert_eq!(doc.fences[0].marker, "~~~");
        assert_eq!(lines_of(&doc.fences[0]), [(2, "ok")]);
    }

    #[test]
    fn fences_opening_on_a_list_marker_line_are_closed_by_their_indented_fence() {
        let text = "- ```bash\n  ssh hemma ls\n  ```\n- 2. ```text\n     nested\n     ```\n";
        let doc = Document::parse("a.md", text);
        assert_eq!(doc.fences.len(), 2);
        for fence in &doc.fences {
            assert_eq!(fence.end, FenceEnd::Closed, "{fence:?}");
            assert_eq!(fence.container, Some(Container::ListItem));
        }
        assert_eq!(lines_of(&doc.fences[0]), [(2, "ssh hemma ls")]);
        assert_eq!(lines_of(&doc.fences[1]), [(5, "nested")]);
        // A list in a block quote: both prefixes come off.
        let doc = Document::parse(
            "a.md",
            "> 1. Run:\n>    ```sh\n>    ssh hemma ls\n>    ```\n",
        );
        assert_eq!(doc.fences[0].end, FenceEnd::Closed);
        assert_eq!(lines_of(&doc.fences[0]), [(3, "ssh hemma ls")]);
    }

    #[test]
    fn a_fence_its_container_ends_is_not_closed_and_says_where_it_ends() {
        // The quote ends at the blank line: CommonMark ends the fence there.
        let doc = Document::parse("a.md", "> ```bash\n> ssh hemma ls\n\nNext paragraph.\n");
        assert_eq!(
            doc.fences[0].end,
            FenceEnd::ContainerEnds {
                container: Container::BlockQuote,
                line: 4
            }
        );
        assert_eq!(lines_of(&doc.fences[0]), [(2, "ssh hemma ls")]);
        // The next list item ends the first one, and its fence with it.
        let doc = Document::parse(
            "a.md",
            "1. Check:\n   ```bash\n   ssh hemma ls\n2. Deploy.\n",
        );
        assert_eq!(
            doc.fences[0].end,
            FenceEnd::ContainerEnds {
                container: Container::ListItem,
                line: 4
            }
        );
        // A closing fence written outside the item opens a new fence, to the end.
        let doc = Document::parse("a.md", "1. Check:\n\n   ```bash\n   ls\n```\n\nMore.\n");
        assert_eq!(doc.fences.len(), 2);
        assert!(matches!(
            doc.fences[0].end,
            FenceEnd::ContainerEnds { line: 5, .. }
        ));
        assert_eq!(
            (doc.fences[1].line, doc.fences[1].end),
            (5, FenceEnd::EndOfFile)
        );
        // A list item that runs to the end of the file takes its fence with it.
        let doc = Document::parse("a.md", "- Run:\n  ```bash\n  ls\n\n");
        assert_eq!(doc.fences[0].end, FenceEnd::EndOfFile);
    }

    #[test]
    fn empty_fences_and_fences_at_the_end_without_a_newline() {
        for (text, end) in [
            ("```\n```", FenceEnd::Closed),
            ("```text\nx\n```", FenceEnd::Closed),
            ("```", FenceEnd::EndOfFile),
            ("```\n", FenceEnd::EndOfFile),
            ("```text\nx", FenceEnd::EndOfFile),
            ("```text\nx\n  ```  \n", FenceEnd::Closed),
            ("````text\n```\nstill code\n", FenceEnd::EndOfFile),
            ("> ```text\n> ```", FenceEnd::Closed),
        ] {
            let doc = Document::parse("a.md", text);
            assert_eq!(doc.fences[0].end, end, "{text:?}");
        }
    }

    #[test]
    fn links_know_where_they_end_and_code_spans_are_kept() {
        let text =
            "See [the deploy\nsteps](deploy.md) and `references/api.md`, or [`x.md`](x.md).\n";
        let doc = Document::parse("a.md", text);
        assert_eq!((doc.links[0].line, doc.links[0].column), (1, 5));
        assert_eq!(doc.links[0].end, (2, 18));
        assert_eq!(
            &doc.source[doc.links[0].range.clone()],
            "[the deploy\nsteps](deploy.md)"
        );
        let spans: Vec<_> = doc
            .code_spans
            .iter()
            .map(|span| (span.text.as_str(), span.column, span.end, span.in_link))
            .collect();
        assert_eq!(
            spans,
            [
                ("references/api.md", 23, (2, 42), false),
                ("x.md", 48, (2, 54), true)
            ]
        );
    }

    #[test]
    fn unterminated_fence_runs_to_the_end() {
        let doc = Document::parse("a.md", "# A\n```\nls\n");
        assert_eq!(doc.fences.len(), 1);
        assert_eq!(doc.fences[0].end, FenceEnd::EndOfFile);
        assert_eq!(doc.fences[0].language, None);
    }

    #[test]
    fn suppressions_and_html_anchors_are_found() {
        let text = "<!-- skillgen-disable-next-line broken-link fence-language -->\n[x](y.md)\n\n<a id=\"here\"></a>\n";
        let doc = Document::parse("a.md", text);
        assert_eq!(doc.suppressions.len(), 1);
        assert_eq!(doc.suppressions[0].rules, ["broken-link", "fence-language"]);
        assert_eq!(doc.suppressions[0].line, 1);
        assert_eq!(doc.suppressions[0].end, (1, 63));
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
