"""Writes Fixtures/elements/elements.tsv: the facts of each chemical element from Debian's
dict-elements 20001107-a-9.1 (public domain): name, symbol, atomic number, atomic weight, and
where its text states them, the year of discovery and the discoverer.

    apt-get download dict-elements=20001107-a-9.1   # sha256 below
    python3 Scripts/data/element_facts.py dict-elements_20001107-a-9.1_all.deb > Fixtures/elements/elements.tsv

Only facts are kept, not the descriptions. For an atomic number with several entries (old
and new names, Latin aliases) the first entry with a symbol wins, except where the file also
gives the name IUPAC settled on (PREFERRED). Elements 106 and 107 have no symbol in this 2000
database, and 117 no weight; their other facts are kept.
"""
import gzip, hashlib, io, re, subprocess, sys, tarfile

DEB_SHA256 = "c840ae31017fca01e2d56e178b8d18ade279d24f41d7a285c6150a233f730ffa"
PREFERRED = {110: "darmstadtium"}
EVENT = r"(?:[Dd]iscovered|[Ii]solated|[Ii]dentified|[Pp]roduced|[Ss]ynthesized|[Oo]bserved|[Mm]ade|[Pp]repared)"
CONNECTORS = {"and", "de", "del", "von", "van", "le"}


def dictionary_text(deb):
    data = open(deb, "rb").read()
    if hashlib.sha256(data).hexdigest() != DEB_SHA256:
        sys.exit(f"{deb}: sha256 differs from {DEB_SHA256}")
    members = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(members)) as tar:
        raw = tar.extractfile("./usr/share/dictd/elements.dict.dz").read()
    return gzip.decompress(raw).decode("latin-1")


def discoverer(text):
    """The capitalised names after 'by' in the first '<event> ... by X' of the text."""
    for match in re.finditer(EVENT + r"[^.]{0,40}?\bby ", text):
        words, name = text[match.end():].split(), []
        for word in words[:8]:
            bare = word.rstrip(".,;")
            if re.fullmatch(r"[A-Z]\.?", bare) or re.fullmatch(r"[A-Z][a-z'\-]+", bare) or (name and bare in CONNECTORS):
                name.append(bare if re.fullmatch(r"[A-Z]", bare) is None else bare + ".")
                if word.endswith(",") or (word.endswith(".") and not re.fullmatch(r"[A-Z]\.", word)):
                    break
            else:
                break
        while name and name[-1] in CONNECTORS:
            name.pop()
        if name and not re.fullmatch(r"[A-Z]\.", name[-1]) and name[0] not in {"The", "Joint"}:
            return " ".join(name)
    return ""


def main():
    text = dictionary_text(sys.argv[1])
    entries = {}
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip().split("\n")
        fields = dict(re.match(r"(Symbol|Atomic number|Atomic weight|Atmic weight): ?(.*)", l).groups() for l in lines[1:4]
                      if re.match(r"(Symbol|Atomic number|Atomic weight|Atmic weight):", l))
        if "Atomic number" not in fields or not fields["Atomic number"].strip().isdigit():
            continue
        number, symbol = int(fields["Atomic number"]), fields.get("Symbol", "").strip()
        weight = next((v for k, v in fields.items() if "weight" in k), "").strip()
        description = " ".join(l.strip() for l in lines[1:] if not re.match(r"(Symbol|Atomic number|Atomic weight|Atmic weight):", l))
        year = re.search(EVENT + r"[^.]{0,60}?\b(1[0-9]{3}|20[0-2][0-9])\b", description)
        entry = dict(name=lines[0].strip(), symbol=symbol, number=number, weight=weight,
                     year=year.group(1) if year else "", discoverer=discoverer(description))
        if not 1 <= number <= 118:
            continue
        if number not in entries or (symbol and not entries[number]["symbol"]) or PREFERRED.get(number) == entry["name"]:
            entries[number] = entry
    print("number\tname\tsymbol\tweight\tyear\tdiscoverer")
    for number in sorted(entries):
        e = entries[number]
        print(f"{number}\t{e['name']}\t{e['symbol']}\t{e['weight']}\t{e['year']}\t{e['discoverer']}")


main()
