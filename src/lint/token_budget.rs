//! `skill-tokens`: SKILL.md's body stays within its token budget.

use super::{Context, Emitter, Rule, RuleDoc, SKILL_FILE};
use crate::diagnostic::Severity;
use crate::markdown::Document;

pub const RULE: Rule = Rule {
    name: "skill-tokens",
    severity: Severity::Warning,
    summary: "a SKILL.md body over its token budget (5,000 by default)",
    doc: RuleDoc {
        what: "The body of SKILL.md (everything after the frontmatter) takes at most its \
token budget, 5,000 tokens unless configured. Tokens are estimated, not counted: the \
body's characters divided by 4 (rounded up), the usual rule of thumb for English text and \
code. The finding points at the line where the estimate passes the budget.",
        why: "Claude loads a skill in three levels: the frontmatter always, the body of \
SKILL.md whenever the skill triggers, other files only when the body points there. The \
Agent Skills guidance recommends a body under 5,000 tokens: every token beyond is paid on \
each use, whether the task needs it or not.",
        example: "A SKILL.md whose body holds every runbook in full: about 9,000 tokens \
(36,000 characters).",
        fix: "Keep SKILL.md a router: say what the skill does and, for each task, which \
reference file to read. Move the detail into those files and link to them.",
    },
    check,
};

/// Characters per token of the estimate.
const CHARACTERS_PER_TOKEN: usize = 4;

fn check(context: &Context, out: &mut Emitter) {
    let Some(document) = context.documents.get(SKILL_FILE) else {
        return;
    };
    let budget = context.config.skill_token_budget;
    let first_line = body_first_line(document);
    let mut characters = 0;
    let mut over: Option<usize> = None;
    for (index, text) in document.source.lines().enumerate().skip(first_line - 1) {
        characters += text.chars().count() + 1;
        if over.is_none() && tokens(characters) > budget {
            over = Some(index + 1);
        }
    }
    if let Some(line) = over {
        out.emit(
            SKILL_FILE,
            line,
            1,
            format!(
                "SKILL.md's body is about {} tokens ({characters} characters / {CHARACTERS_PER_TOKEN}), over its budget of {budget} from this line on; move detail into reference files it links to",
                tokens(characters)
            ),
        );
    }
}

/// The estimate for a number of characters.
fn tokens(characters: usize) -> usize {
    characters.div_ceil(CHARACTERS_PER_TOKEN)
}

/// The first line of the body: after the closing line of the frontmatter, if any.
fn body_first_line(document: &Document) -> usize {
    match &document.frontmatter {
        Some(frontmatter) if frontmatter.closed => {
            frontmatter.line + frontmatter.yaml.lines().count() + 2
        }
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_starts_after_the_frontmatter() {
        for (text, line) in [
            ("---\nname: x\ndescription: y\n---\n# Body\n", 5),
            ("---\n---\n# Body\n", 3),
            ("# No frontmatter\n", 1),
        ] {
            let document = Document::parse("SKILL.md", text);
            assert_eq!(body_first_line(&document), line, "{text:?}");
            assert_eq!(
                document.line_text(line).map(|l| l.starts_with('#')),
                Some(true)
            );
        }
        assert_eq!(tokens(8), 2);
        assert_eq!(tokens(9), 3);
    }
}
