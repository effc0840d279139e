"""Is a text Vietnamese? A checker of words for the tests of the Vietnamese outputs.

A word passes when it is a Vietnamese syllable (an initial consonant, a vowel nucleus and
an allowed final, after the tone marks are taken off), a number, or on a short
allow-list of acronyms and proper names. English words fail because English spelling
breaks Vietnamese phonotactics (final d, s, f, l, consonant clusters, silent e, ...); the
few English words that happen to be Vietnamese syllables are listed to fail too.
"""

import re
import unicodedata

ALLOWED = {
    # acronyms and units that Vietnamese statistical texts use as they are
    "GRDP", "GDP", "FDI", "USD", "VND", "IPCC", "SVG", "PNG", "CSV", "UTF", "BOM", "XLSX",
    "TOML", "OLS", "TFP", "PWT", "KT", "XH", "NQ", "HĐND", "QĐ", "TTg", "CP", "TP", "CT", "UBND",
    "cm", "dpi",
    # loanwords in Vietnamese spelling
    "lôgarit",
    # proper names
    "Excel", "Python", "Monte", "Carlo", "Wilson", "Fréchet", "Shapley", "Sobol", "hpforecast",
    "openpyxl", "pip", "Okabe", "Ito",
}
#: English words that are also well-formed Vietnamese syllables: still English here.
ENGLISH_SYLLABLES = {"the", "to", "not", "on", "at", "than", "then", "can", "no", "be",
                     "he", "we", "me", "go", "it", "up", "off", "of", "an", "in", "is"}
#: Vietnamese words among those (kept): "in" (print), "an" (an toàn) ...
VIETNAMESE_ALSO = {"in", "an", "to", "no"}

_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c",
             "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_NUCLEI = sorted({
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe",
    "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ",
    "ưu", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu",
    "uya", "uyê", "uyu", "uê", "uơ",
}, key=len, reverse=True)
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "i", "y", "o", "u", "")

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _strip_tones(word: str) -> str:
    """Take the five tone marks off, keep the letters ă â ê ô ơ ư đ."""
    out = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def is_syllable(word: str) -> bool:
    w = _strip_tones(word.lower())
    for ini in _INITIALS:
        if not w.startswith(ini):
            continue
        rest = w[len(ini):]
        for nuc in _NUCLEI:
            if rest.startswith(nuc) and rest[len(nuc):] in _FINALS:
                return True
    return False


_ROMAN = re.compile(r"[IVXLC]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


#: Proper names of several words, kept as they are in Vietnamese texts (the words alone
#: are still English).
PROPER_NAMES = ("Penn World Table",)


def english_words(text: str) -> list[str]:
    """The words of ``text`` that are not Vietnamese (nor allowed)."""
    bad = []
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    for token in _WORD.findall(text):
        for w in token.split("-"):
            if w in ALLOWED or _ROMAN.fullmatch(w) or len(w) == 1:
                continue  # acronyms, names, roman numerals, annex letters, symbols
            low = w.lower()
            if low in ENGLISH_SYLLABLES and low not in VIETNAMESE_ALSO:
                bad.append(w)
            elif not is_syllable(w):
                bad.append(w)
    return bad


def prose(markdown: str) -> str:
    """The words a reader reads: code spans, code blocks and link targets taken out."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"https?://\S+", " ", text)
