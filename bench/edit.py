#!/usr/bin/env python3
"""The edits a writer makes to one article, for bench/delta.sh (not a test).

    python3 bench/edit.py KIND FILE

KIND is one of
  typo     one word in the middle of the body replaced by another (an English word by `typo`, a
           CJK character by another), the body's length in units unchanged;
  append   a paragraph appended to the body;
  insert   a sentence inserted at the start of the body's middle paragraph (of its language),
           which moves every later unit of the body;
  title    a word added to the end of the title.
The middle paragraph is the one holding the middle character of the body (after the front
matter); an article without paragraphs is edited in the middle of its body text.
"""
import re
import sys

kind, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
# The front matter ends at the second `---` line (a leading blank line is allowed).
fm = re.match(r"\s*---\n.*?\n---\n", text, re.S)
if not fm:
    sys.exit(f"{path}: no front matter")
head, body = text[: fm.end()], text[fm.end():]


def middle_paragraph(body):
    """The span of the text of the paragraph around the body's middle (between `>` and `</p>`)."""
    spans = [m.span(1) for m in re.finditer(r"<p[^>]*>(.*?)</p>", body, re.S)]
    spans = [s for s in spans if s[1] > s[0] and "<" not in body[s[0]:s[1]]]
    if not spans:
        return (0, len(body))
    mid = len(body) // 2
    return min(spans, key=lambda s: 0 if s[0] <= mid < s[1] else min(abs(s[0] - mid), abs(s[1] - mid)))


def is_cjk(c):
    return "\u3400" <= c <= "\u9fff"


if kind == "typo":
    start, end = middle_paragraph(body)
    at = (start + end) // 2
    # The first word or CJK character at or after the middle of the paragraph.
    for i in range(at, end):
        if is_cjk(body[i]):
            new = "字" if body[i] != "字" else "词"
            body = body[:i] + new + body[i + 1:]
            break
        if body[i].isascii() and body[i].isalpha():
            j = i
            while j > start and body[j - 1].isascii() and body[j - 1].isalnum():
                j -= 1
            k = i
            while k < end and body[k].isascii() and body[k].isalnum():
                k += 1
            new = "typo" if body[j:k] != "typo" else "tpyo"
            body = body[:j] + new + body[k:]
            break
    else:
        sys.exit(f"{path}: no word in the middle of the body")
elif kind == "append":
    body += "\nAn edited paragraph, added by bench/delta.sh.\n"
elif kind == "insert":
    start, end = middle_paragraph(body)
    paragraph = body[start:end]
    cjk = sum(map(is_cjk, paragraph)) > len(paragraph) // 4
    sentence = "这是后来加上的一句话。" if cjk else "This sentence was added later. "
    body = body[:start] + sentence + body[start:]
elif kind == "title":
    lines = head.split("\n")
    for n, line in enumerate(lines):
        m = re.match(r"title:\s*(['\"]?)(.*?)\1\s*$", line)
        if m:
            q = m.group(1)
            lines[n] = f"title: {q}{m.group(2)} revised{q}"
            break
    else:
        sys.exit(f"{path}: no title")
    head = "\n".join(lines)
else:
    sys.exit(f"unknown edit {kind}")
open(path, "w", encoding="utf-8").write(head + body)
