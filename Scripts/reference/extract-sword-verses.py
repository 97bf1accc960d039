#!/usr/bin/env python3
"""Write one testament of an installed SWORD Bible module as plain text, one verse per line.

    python3 Scripts/reference/extract-sword-verses.py KJV NT > Fixtures/kjv-new-testament/verses.tsv

MODULE is a module's name or its Abbreviation from its .conf file (Debian's sword-text-kjv
installs engKJV2006eb, abbreviated KJV; sword-text-web installs engWEB2015eb, abbreviated WEB).
TESTAMENT is OT (the 39 books of the Protestant canon) or NT (the 27 books).

Each output line is "Book Chapter:Verse<TAB>text", UTF-8, "\n" line ends, books in canonical
order. The text is read with diatheke (the SWORD command-line front end) in its "internal" format,
which is the module's OSIS markup after SWORD's option filters have been applied with every
option off: no Strong's numbers, morphology, footnotes, cross-references, non-canonical headings,
red-letter attributes or introductions. This script then drops what is left of the markup:

  - whatever follows the end of a chapter or of a book goes (the WEB module puts a glossary
    after the end of Revelation, inside the entry of Revelation 22:21);
  - <title> and <note> elements go with their content (headings, Psalm superscriptions, the
    subscriptions after Paul's epistles, and any footnote that got through);
  - block-level tags (line, line group, paragraph, division, chapter, milestone, list, item,
    line break) become a space, so that words on either side of them stay apart;
  - every other tag (words with Strong's numbers, italics <transChange>, red-letter <q>,
    <divineName>, <seg>, ...) goes away and its content stays exactly as it is;
  - character entities are decoded, and each run of whitespace becomes one space, with none at
    the ends of the text.

Characters are not otherwise changed: the pilcrow, curly apostrophes, ligatures and brackets that
are in the module's text stay in the output. A verse whose text is empty is left out, with a
warning on standard error. diatheke's own "-f plain" format is not used because, over a whole
book, it prints headings such as Psalm superscriptions on the lines before the next verse's
reference, where they cannot be told apart from the end of the previous verse.

Only the Python standard library and the diatheke program (Debian package diatheke) are needed.
"""

import glob
import html
import os
import re
import subprocess
import sys

# (OSIS book id that diatheke accepts as a key, the book's name in the output)
OLD_TESTAMENT = [
    ("Gen", "Genesis"), ("Exod", "Exodus"), ("Lev", "Leviticus"), ("Num", "Numbers"),
    ("Deut", "Deuteronomy"), ("Josh", "Joshua"), ("Judg", "Judges"), ("Ruth", "Ruth"),
    ("1Sam", "1 Samuel"), ("2Sam", "2 Samuel"), ("1Kgs", "1 Kings"), ("2Kgs", "2 Kings"),
    ("1Chr", "1 Chronicles"), ("2Chr", "2 Chronicles"), ("Ezra", "Ezra"), ("Neh", "Nehemiah"),
    ("Esth", "Esther"), ("Job", "Job"), ("Ps", "Psalms"), ("Prov", "Proverbs"),
    ("Eccl", "Ecclesiastes"), ("Song", "Song of Solomon"), ("Isa", "Isaiah"),
    ("Jer", "Jeremiah"), ("Lam", "Lamentations"), ("Ezek", "Ezekiel"), ("Dan", "Daniel"),
    ("Hos", "Hosea"), ("Joel", "Joel"), ("Amos", "Amos"), ("Obad", "Obadiah"),
    ("Jonah", "Jonah"), ("Mic", "Micah"), ("Nah", "Nahum"), ("Hab", "Habakkuk"),
    ("Zeph", "Zephaniah"), ("Hag", "Haggai"), ("Zech", "Zechariah"), ("Mal", "Malachi"),
]
NEW_TESTAMENT = [
    ("Matt", "Matthew"), ("Mark", "Mark"), ("Luke", "Luke"), ("John", "John"), ("Acts", "Acts"),
    ("Rom", "Romans"), ("1Cor", "1 Corinthians"), ("2Cor", "2 Corinthians"),
    ("Gal", "Galatians"), ("Eph", "Ephesians"), ("Phil", "Philippians"), ("Col", "Colossians"),
    ("1Thess", "1 Thessalonians"), ("2Thess", "2 Thessalonians"), ("1Tim", "1 Timothy"),
    ("2Tim", "2 Timothy"), ("Titus", "Titus"), ("Phlm", "Philemon"), ("Heb", "Hebrews"),
    ("Jas", "James"), ("1Pet", "1 Peter"), ("2Pet", "2 Peter"), ("1John", "1 John"),
    ("2John", "2 John"), ("3John", "3 John"), ("Jude", "Jude"), ("Rev", "Revelation"),
]
TESTAMENTS = {"OT": OLD_TESTAMENT, "NT": NEW_TESTAMENT}

# Elements dropped together with everything inside them.
DROPPED_WITH_CONTENT = re.compile(r"<(title|note)\b[^>]*?(?<!/)>.*?</\1\s*>", re.DOTALL)
# Tags that separate what is on either side of them; they become a space.
BLOCK_TAG = re.compile(
    r"</?(?:l|lg|lb|p|div|chapter|milestone|list|item|head|verse|table|row|cell)\b[^>]*>")
ANY_TAG = re.compile(r"<[^>]*>")
# The end of a chapter or of a book: whatever follows it before the next verse (an epistle's
# subscription, a glossary after the last book) is not verse text.
END_OF_CHAPTER_OR_BOOK = re.compile(
    r"<chapter\b[^>]*\beID=[^>]*>|<div\b(?=[^>]*\btype=\"book\")[^>]*\beID=[^>]*>")
WHITESPACE = re.compile(r"\s+")


def fail(message):
    sys.exit(f"extract-sword-verses: {message}")


def sword_data_directories():
    """The folders that may hold mods.d/, in the order SWORD itself prefers them."""
    folders = []
    if os.environ.get("SWORD_PATH"):
        folders.append(os.environ["SWORD_PATH"])
    folders += [os.path.expanduser("~/.sword"), "/usr/local/share/sword", "/usr/share/sword"]
    return folders


def read_conf(path):
    """A module's .conf file: its section name and a dict of its keys (the last value wins)."""
    name, keys = None, {}
    with open(path, encoding="utf-8", errors="replace") as conf:
        for line in conf:
            line = line.strip()
            if line.startswith("[") and line.endswith("]") and name is None:
                name = line[1:-1]
            elif "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                keys[key.strip()] = value.strip()
    return name, keys


def resolve_module(wanted):
    """The installed module whose name, or else whose Abbreviation, is `wanted` (any case)."""
    modules = []
    for folder in sword_data_directories():
        for path in sorted(glob.glob(os.path.join(folder, "mods.d", "*.conf"))):
            name, keys = read_conf(path)
            if name and "ModDrv" in keys:
                modules.append((name, keys, path))
    for field in ("name", "Abbreviation"):
        matches = []
        for name, keys, path in modules:
            value = name if field == "name" else keys.get("Abbreviation", "")
            if value.lower() == wanted.lower() and name not in [m[0] for m in matches]:
                matches.append((name, keys, path))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            fail(f"{wanted!r} is the {field} of several modules: "
                 + ", ".join(m[0] for m in matches))
    installed = ", ".join(f"{n} ({k.get('Abbreviation', 'no abbreviation')})"
                          for n, k, _ in modules) or "none"
    fail(f"no installed SWORD module is named or abbreviated {wanted!r}; installed: {installed}")


def run_diatheke(module, key):
    """diatheke's internal-format output for `key`, every option filter off, English names."""
    command = ["diatheke", "-b", module, "-f", "internal", "-e", "UTF8", "-l", "en", "-k", key]
    try:
        done = subprocess.run(command, capture_output=True, check=True)
    except FileNotFoundError:
        fail("diatheke is not installed (apt-get install diatheke)")
    except subprocess.CalledProcessError as error:
        fail(f"{' '.join(command)} failed: {error.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8")


def plain_text(markup):
    text = DROPPED_WITH_CONTENT.sub(" ", markup)
    text = BLOCK_TAG.sub(" ", text)
    text = ANY_TAG.sub("", text)
    text = html.unescape(text)
    return WHITESPACE.sub(" ", text).strip()


def book_verses(module, osis_id):
    """[(chapter, verse, text)] of one book, in the module's order."""
    output = run_diatheke(module, osis_id)
    trailer = f"({module})"
    lines = output.rstrip("\n").split("\n")
    if not lines or lines[-1].strip() != trailer:
        fail(f"diatheke's output for {osis_id} does not end with {trailer!r}")
    # Headings and notes may stand before a verse's reference; they go first, so that what is
    # left before a reference is markup only.
    body = DROPPED_WITH_CONTENT.sub(" ", "\n".join(lines[:-1]))
    first = re.search(r"^[ \t]*(?:<[^>\n]*>[ \t]*)*([^<>\n]+?) (\d+):(\d+): ", body, re.MULTILINE)
    if first is None:
        fail(f"no verse reference in diatheke's output for {osis_id}")
    sword_name = first.group(1)  # the book's name in SWORD's English locale, e.g. "I Corinthians"
    reference = re.compile(
        r"^[ \t]*(?:<[^>\n]*>[ \t]*)*" + re.escape(sword_name) + r" (\d+):(\d+): ", re.MULTILINE)
    matches = list(reference.finditer(body))
    if plain_text(body[:matches[0].start()]):
        fail(f"text before the first verse reference of {osis_id}")
    verses = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        markup = END_OF_CHAPTER_OR_BOOK.split(body[match.end():end], 1)[0]
        verses.append((int(match.group(1)), int(match.group(2)), plain_text(markup)))
    return verses


def main(arguments):
    if len(arguments) != 2 or arguments[1].upper() not in TESTAMENTS:
        sys.exit(__doc__.split("\n\n")[1] + "\n\nusage: extract-sword-verses.py MODULE OT|NT")
    module, keys, conf_path = resolve_module(arguments[0])
    if keys.get("SourceType", "").upper() != "OSIS":
        fail(f"{module} is marked up as {keys.get('SourceType', 'plain text')!r}; "
             "only OSIS modules are handled")
    print(f"extract-sword-verses: {module} ({keys.get('Description', '')}), version "
          f"{keys.get('Version', '?')}, versification {keys.get('Versification', 'KJV')}, "
          f"from {conf_path}", file=sys.stderr)
    lines, empty = [], []
    for osis_id, book in TESTAMENTS[arguments[1].upper()]:
        previous = (0, 0)
        for chapter, verse, text in book_verses(module, osis_id):
            if (chapter, verse) <= previous:
                fail(f"{book} {chapter}:{verse} comes after {book} {previous[0]}:{previous[1]}")
            previous = (chapter, verse)
            if "<" in text or ">" in text or "\t" in text:
                fail(f"markup or a tab left in {book} {chapter}:{verse}: {text!r}")
            if not text:
                empty.append(f"{book} {chapter}:{verse}")
                continue
            lines.append(f"{book} {chapter}:{verse}\t{text}\n")
    if empty:
        print(f"extract-sword-verses: left out {len(empty)} empty verses: {', '.join(empty)}",
              file=sys.stderr)
    sys.stdout.buffer.write("".join(lines).encode("utf-8"))
    print(f"extract-sword-verses: wrote {len(lines)} verses", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
