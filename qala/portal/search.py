"""Search across guides and the directory, in any of the three languages.

Text is folded before it is stored and before it is looked for: lower case, and each Kazakh letter
to the Russian one people type instead (қ→к, ү→у, ө→о, ә→а, ғ→г, ұ→у, һ→х, і→и, ң→н). Results are
ranked by where the words are found: a title counts most, then the summary, then the rest.
"""

import re

FOLD = str.maketrans("қүөәғұһің", "куоагухин")
WORD = re.compile(r"\w+")
WEIGHTS = (("title", 5), ("summary", 2), ("body", 1))
MAX_WORDS = 8


def fold(text: str) -> str:
    return (text or "").casefold().replace("ё", "е").translate(FOLD)


def words(query: str) -> list[str]:
    return [w for w in WORD.findall(fold(query)) if len(w) > 1][:MAX_WORDS]


def indexed(title: str, summary: str = "", body: str = "") -> str:
    """The stored search text: three labelled parts, so a match can be weighted by where it is."""
    return f"title: {fold(title)}\nsummary: {fold(summary)}\nbody: {fold(body)}"


def score(text: str, query_words: list[str]) -> int:
    """0 unless every word is found; more for words in the title, whole words and word starts."""
    parts = dict(line.split(": ", 1) for line in text.split("\n") if ": " in line)
    total = 0
    for word in query_words:
        best = 0
        for part, weight in WEIGHTS:
            found = parts.get(part, "")
            if word in found:
                whole = bool(re.search(rf"(?<!\w){re.escape(word)}", found))
                best = max(best, weight * (2 if whole else 1))
        if not best:
            return 0
        total += best
    return total
