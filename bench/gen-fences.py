#!/usr/bin/env python3
"""Writes skill folders whose SKILL.md holds one long shell fence, for the linearity
benchmark of the shell reader: N lines of `ssh hemma "echo i"` and N here-documents,
each at four sizes eight times apart; and one with 100,000 broken anchors, each after a
suppression comment or not, for the cost of many findings in every report format.

Usage: bench/gen-fences.py OUT
"""
import sys
from pathlib import Path

HEAD = (
    "---\nname: {name}\ndescription: A benchmark skill with one long fence. "
    "Use when measuring skillgen.\n---\n\n# Bench\n\n```bash\n"
)


def write(out: Path, name: str, body: str) -> None:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "SKILL.md").write_text(HEAD.format(name=name) + body + "```\n")


def main() -> None:
    out = Path(sys.argv[1])
    for lines in (12_500, 25_000, 50_000, 100_000):
        write(out, f"ssh-{lines}", "".join(f'ssh hemma "echo {i}"\n' for i in range(lines)))
    for docs in (5_000, 10_000, 20_000, 40_000):
        body = "".join(f"ssh hemma bash <<'EOF{i}'\necho {i}\nEOF{i}\n" for i in range(docs))
        write(out, f"heredoc-{docs}", body)
    anchors = "".join(f"[l](#nope-{i})\n" for i in range(100_000))
    write(out, "findings-100000", "```\n\n" + anchors)
    suppressed = "".join(
        f"<!-- skillgen-disable-next-line broken-anchor -->\n[l](#nope-{i})\n" for i in range(100_000)
    )
    write(out, "suppressions-100000", "```\n\n" + suppressed)


if __name__ == "__main__":
    main()
