#!/usr/bin/env python3
"""Writes a copy of the committed facts grown N times, for benchmarking rendering.

Every section list (`sections: {BRANCH: [...]}`) is repeated N times; each copy's
sections get the id suffix `-copy-K` and the title suffix ` (copy K)`, so ids and
heading anchors stay unique and every `then:`/`see_also:` link still points at an
original section. The line budgets in skill.yaml are raised so that the grown skill
passes lint. Everything else is copied as it is.

    bench/scale-facts.py FACTS_DIR OUT_DIR N
"""

import os
import re
import shutil
import sys


def grow_sections(text, times):
    lines = text.splitlines(keepends=True)
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        # A branch's section list: `  BRANCH:` under `sections:`, items at 4 spaces.
        if re.match(r"^  [A-Za-z0-9_-]+:\s*$", line) and any(
            l.startswith("sections:") for l in out
        ):
            start = index
            while index < len(lines) and (
                lines[index].startswith("    ") or not lines[index].strip()
            ):
                index += 1
            block = lines[start:index]
            out.extend(block)
            for copy in range(2, times + 1):
                for item in block:
                    item = re.sub(r"^(    - id: )(\S+)", rf"\g<1>\g<2>-copy-{copy}", item)
                    item = re.sub(
                        r"^(      title: )(.*?)\s*$", rf"\g<1>\g<2> (copy {copy})\n", item
                    )
                    out.append(item)
    return "".join(out)


def main():
    facts, out, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    for name in sorted(os.listdir(facts)):
        with open(os.path.join(facts, name), encoding="utf-8") as handle:
            text = handle.read()
        if name == "skill.yaml":
            text = re.sub(r"(_line_budget: )\d+", r"\g<1>10000000", text)
        elif re.search(r"^sections:", text, re.M):
            text = grow_sections(text, times)
        with open(os.path.join(out, name), "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
