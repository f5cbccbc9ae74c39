#!/usr/bin/env python3
"""Writes a corpus of realistic skill folders for benchmarking `skillgen lint`.

Each folder is an Agent Skill as public collections hold them: a SKILL.md with YAML
frontmatter (plain and block-scalar descriptions, optional license, metadata and
allowed-tools), prose, tables, links to reference files with `#anchors`, shell fences
of `ssh HOST "..."` commands (some marked `# local: <reason>`), other fences (python,
yaml, json), and two to four reference files under `references/` that link to each
other, plus a script under `scripts/`. A few folders carry the mistakes the linter
exists for (a broken anchor, a fence without a language, an unknown host), so that
the report path is measured too.

The output depends only on the seed and the count: the same arguments write the same
bytes. Usage:

    bench/gen-corpus.py OUT_DIR [--skills 1000] [--seed 7]

OUT_DIR is emptied first. Hosts used by the commands: prod, staging, db.
"""

import argparse
import os
import random
import shutil

WORDS = (
    "service deploy release backup restore database migration container volume network "
    "proxy certificate renewal token user role account queue worker cache index report "
    "build artifact pipeline schedule cron log metric alert dashboard disk memory "
    "process upgrade rollback health endpoint request response config secret key "
    "replica snapshot archive bucket mirror package registry image tag branch commit "
    "review check status error timeout retry limit quota policy audit export import"
).split()
VERBS = (
    "check restart inspect rotate verify list prune sync reload drain scale tail "
    "compare archive rebuild validate promote pause resume export import clean"
).split()
TOPICS = (
    "postgres nginx redis kafka grafana prometheus minio gitea jenkins keycloak "
    "traefik vault consul mailer scheduler indexer uploader billing search ledger"
).split()
HOSTS = ["prod", "staging", "db"]
PATHS = ["~/apps/app", "/srv/app", "/opt/stack", "~/deploy", "/var/lib/app"]
SERVICES = ["web", "worker", "db", "cache", "proxy", "scheduler"]


def sentence(rng, words=None):
    n = words or rng.randint(8, 22)
    text = " ".join(rng.choice(WORDS) for _ in range(n))
    if rng.random() < 0.3:
        text += f" with `{rng.choice(VERBS)} --{rng.choice(WORDS)}`"
    if rng.random() < 0.15:
        text += f" (see **{rng.choice(TOPICS)}**)"
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=None):
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(2, 5)))


def title(rng, words=None):
    text = " ".join(rng.choice(WORDS) for _ in range(words or rng.randint(2, 4)))
    return text[0].upper() + text[1:]


def slug(text):
    """GitHub's heading anchor, for the plain-word titles written here."""
    return "".join(c for c in text.lower().replace(" ", "-") if c.isalnum() or c in "-_")


def remote_command(rng, topic):
    kind = rng.randrange(8)
    path = rng.choice(PATHS)
    service = rng.choice(SERVICES)
    if kind == 0:
        return f"cd {path} && docker compose ps"
    if kind == 1:
        return f"cd {path} && git pull && docker compose up -d --build {service}"
    if kind == 2:
        return f"docker logs --tail 200 {topic}-{service}"
    if kind == 3:
        return f"df -h / && du -sh {path}/* | sort -h | tail -5"
    if kind == 4:
        return f"systemctl status {topic} --no-pager"
    if kind == 5:
        return f"docker exec {topic}-{service} {rng.choice(VERBS)} --{rng.choice(WORDS)}"
    if kind == 6:
        return f"journalctl -u {topic} --since \\\"1 hour ago\\\" | grep -i {rng.choice(WORDS)}"
    return f"ls -la {path} && cat {path}/.env.example"


def shell_fence(rng, topic, hosts, lines=None):
    out = ["```bash"]
    for _ in range(lines or rng.randint(1, 4)):
        if rng.random() < 0.35:
            out.append(f"# {sentence(rng, rng.randint(3, 8))[:-1]}")
        if rng.random() < 0.08:
            out.append("# local: runs on the workstation, where the repository is checked out")
            out.append(f"git -C ~/src/{topic} log --oneline -5")
            continue
        host = rng.choice(hosts)
        tty = "-t " if rng.random() < 0.1 else ""
        out.append(f'ssh {tty}{host} "{remote_command(rng, topic)}"')
    out.append("```")
    return "\n".join(out)


def other_fence(rng, topic):
    kind = rng.randrange(3)
    if kind == 0:
        body = [
            "import json",
            "import sys",
            "",
            f"def {rng.choice(VERBS)}_{rng.choice(WORDS)}(path):",
            '    with open(path, encoding="utf-8") as handle:',
            "        data = json.load(handle)",
            f'    return [item for item in data if item.get("{rng.choice(WORDS)}")]',
            "",
            f"print({rng.choice(VERBS)}_{rng.choice(WORDS)}(sys.argv[1]))",
        ]
        return "```python\n" + "\n".join(body) + "\n```"
    if kind == 1:
        body = [f"{topic}:", f"  image: {topic}:{rng.randint(1, 16)}.{rng.randint(0, 9)}"]
        body += [f"  {w}: {rng.choice(WORDS)}" for w in rng.sample(WORDS, 4)]
        return "```yaml\n" + "\n".join(body) + "\n```"
    items = ", ".join(f'"{w}": {rng.randint(0, 999)}' for w in rng.sample(WORDS, 5))
    return "```json\n{" + items + "}\n```"


def table(rng):
    rows = ["| Setting | Default | Meaning |", "|---|---|---|"]
    for _ in range(rng.randint(3, 6)):
        rows.append(
            f"| `{rng.choice(WORDS)}_{rng.choice(WORDS)}` | `{rng.randint(1, 500)}` | "
            f"{sentence(rng, rng.randint(4, 9))} |"
        )
    return "\n".join(rows)


def reference_file(rng, topic, hosts, name, others, target_size):
    """A reference file of about target_size bytes; returns its text and its headings."""
    heading = title(rng)
    parts = [f"# {heading}", "", paragraph(rng), ""]
    headings = []
    while sum(len(p) + 1 for p in parts) < target_size:
        section = title(rng)
        while slug(section) in headings:
            section = title(rng) + f" {len(headings)}"
        headings.append(slug(section))
        parts += [f"## {section}", "", paragraph(rng), ""]
        roll = rng.random()
        if roll < 0.55:
            parts += [shell_fence(rng, topic, hosts), ""]
        elif roll < 0.7:
            parts += [other_fence(rng, topic), ""]
        elif roll < 0.85:
            parts += [table(rng), ""]
        else:
            parts += [f"- {sentence(rng)}" for _ in range(rng.randint(2, 5))] + [""]
        if others and rng.random() < 0.3:
            other, other_headings = rng.choice(others)
            anchor = f"#{rng.choice(other_headings)}" if other_headings else ""
            parts += [f"See also [{other}]({other}{anchor}).", ""]
        if headings and rng.random() < 0.2:
            parts += [f"Back to [{headings[0]}](#{headings[0]}).", ""]
    return "\n".join(parts), headings


def frontmatter(rng, name, topic):
    description = (
        f"Operates {topic} on the {', '.join(HOSTS[:2])} servers over SSH, for "
        f"{', '.join(rng.sample(WORDS, 5))}. Use when asked to {rng.choice(VERBS)} or "
        f"{rng.choice(VERBS)} {topic}."
    )
    lines = ["---", f"name: {name}"]
    if rng.random() < 0.3:
        lines.append("description: >-")
        words = description.split()
        for at in range(0, len(words), 10):
            lines.append("  " + " ".join(words[at : at + 10]))
    else:
        lines.append(f"description: {description}")
    if rng.random() < 0.5:
        lines.append("license: MIT")
    if rng.random() < 0.4:
        lines += ["metadata:", f'  version: "{rng.randint(1, 9)}.{rng.randint(0, 20)}"', f"  owner: team-{rng.choice(WORDS)}"]
    if rng.random() < 0.3:
        lines.append("allowed-tools: Bash Read Grep")
    lines.append("---")
    return "\n".join(lines)


def skill(rng, index):
    topic = rng.choice(TOPICS)
    name = f"{topic}-{rng.choice(VERBS)}-{index:05d}"
    hosts = HOSTS
    flaw = rng.random()
    refs = []
    for ref_index in range(rng.randint(2, 4)):
        ref_name = f"references/{rng.choice(WORDS)}-{ref_index}.md"
        text, headings = reference_file(rng, topic, hosts, ref_name.split("/")[1], [], rng.randint(2200, 3800))
        refs.append((ref_name, text, headings))
    # Cross-links between reference files, written after all of them exist.
    linked = []
    for ref_name, text, headings in refs:
        other = rng.choice([r for r in refs if r[0] != ref_name])
        target = other[0].split("/")[1]
        anchor = rng.choice(other[2]) if other[2] else ""
        text += f"\nRelated: [{target}]({target}#{anchor}).\n"
        linked.append((ref_name, text, headings))
    refs = linked

    parts = [frontmatter(rng, name, topic), "", f"# {title(rng)}", "", paragraph(rng, 3), ""]
    parts += ["<a id=\"top\"></a>", "", "## Quick start", "", paragraph(rng, 2), ""]
    parts += [shell_fence(rng, topic, hosts, 3), ""]
    parts += ["## Reference files", ""]
    for ref_name, _, headings in refs:
        anchor = rng.choice(headings)
        if flaw < 0.02:
            anchor += "-gone"  # a broken anchor
        parts.append(f"- [{ref_name}]({ref_name}): {sentence(rng, 6)} Start at [{anchor}]({ref_name}#{anchor}).")
    parts += ["", "## Scripts", "", "Run [the health check](scripts/check.sh) before and after a change.", ""]
    size = rng.randint(3200, 4800)
    section = 0
    while sum(len(p) + 1 for p in parts) < size:
        section += 1
        parts += [f"## {title(rng)} {section}", "", paragraph(rng), ""]
        if rng.random() < 0.6:
            parts += [shell_fence(rng, topic, hosts), ""]
        else:
            parts += [other_fence(rng, topic), ""]
        if rng.random() < 0.3:
            parts += [f"Details: [{topic} docs](https://example.org/{topic}/{rng.choice(WORDS)}).", ""]
    if 0.02 <= flaw < 0.035:
        parts += ["## Raw output", "", "```", "total 0", "```", ""]  # a fence without a language
    if 0.035 <= flaw < 0.045:
        parts += ["## Legacy host", "", "```bash", 'ssh old-box "uptime"', "```", ""]  # an unknown host
    parts += ["Back to [the top](#top).", ""]
    files = {"SKILL.md": "\n".join(parts)}
    for ref_name, text, _ in refs:
        files[ref_name] = text
    files["scripts/check.sh"] = (
        "#!/usr/bin/env bash\nset -euo pipefail\n"
        + "\n".join(f'ssh {h} "systemctl is-active {topic}"' for h in hosts)
        + "\n"
    )
    return name, files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--skills", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    markdown = 0
    total = 0
    for index in range(args.skills):
        name, files = skill(rng, index)
        for path, text in files.items():
            full = os.path.join(args.out, name, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            data = text.encode("utf-8")
            with open(full, "wb") as handle:
                handle.write(data)
            total += len(data)
            if path.endswith(".md"):
                markdown += len(data)
    print(f"{args.skills} skills, {markdown} bytes of markdown, {total} bytes in all, in {args.out}")


if __name__ == "__main__":
    main()
