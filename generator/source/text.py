"""Text rules for Vietnamese content: NFC, legacy-encoding detection, slugs, suggestions."""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

# Mojibake: Vietnamese typed in a legacy 8-bit font encoding, TCVN3 (ABC) or VNI-Windows, whose bytes
# were read as Windows-1252 and saved as UTF-8 ("C«ng" = "Công", "Hµ Néi" = "Hà Nội", "Vieät" = "Việt").
# Those bytes never read as the letters only Unicode has (ă đ ĩ ũ ơ ư ạ…ỹ): a word holding one is
# Unicode. Any other word is quoted when it is no Vietnamese syllable as it stands but decodes from
# TCVN3 or VNI to one. A Vietnamese word stands as it is, and "Müller", "30°C", "«Năm»", "§ 3" or
# "µm" decode to nothing Vietnamese, so neither is refused.

# TCVN3 (TCVN 5712 VN3, the ABC fonts): byte read as cp1252 -> letter. It has no codes for capitals
# with tone marks; documents set them in a capitals-only font (".VnTimeH") over the lowercase codes.
_TCVN3 = dict(zip(
    "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ",
    "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
    strict=True,
))
# VNI-Windows writes a toned vowel as a base letter plus one mark byte (read as cp1252: "aù" = "á").
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_VNI_TONE = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_VNI_LETTERS = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ"}
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")

# The Vietnamese syllable: onset, rhyme (medial, vowel, final) and at most one tone mark.
_ONSET = re.compile("ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]?")  # the longest first
_RHYMES = frozenset("""
    a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et ê êch êm ên ênh êp êt êu i ia ich im in inh ip it iu
    iêc iêm iên iêng iêp iêt iêu yêm yên yêng yêt yêu y ych ynh yt
    o oc oi om on ong op ot oo ooc oong oa oac oach oai oam oan oang oanh oao oap oat oay
    oăc oăm oăn oăng oăt oe oen oeo oet ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt uân uâng uât uây uê uêch uênh uơ
    uy uya uych uyên uyêt uynh uyt uyu ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
""".split())
_LOOSE_RHYMES = ("â", "ă")  # foreign names drop the final consonant Vietnamese needs here ("Ăn-đoa-râ")
_VOWELS = "aăâeêioôơuưy"
_TONE_MARKS = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
_UNTONED = {unicodedata.normalize("NFC", v + tone): (v, tone) for v in _VOWELS for tone in _TONE_MARKS}
_UNTONE = str.maketrans({toned: vowel for toned, (vowel, _) in _UNTONED.items()})
_STOP_CODAS = ("c", "ch", "p", "t")  # a syllable closed by a stop takes only the acute or dot-below tone
_LONGEST_SYLLABLE = 7  # "nghiêng"

_LONGEST_LEGACY_WORD = 10  # "nghiêng" in VNI ("nghieâng") is 8: longer runs are never one legacy syllable
_CACHED_CHUNK = 40  # longer runs without spaces are rare: scan them without filling the cache
_FOOTNOTE_MARKS = "¹²³"
_PREFIX_SYMBOLS = ("µ", "«")
_LEGACY_D = ("®", "ñ")  # đ in TCVN3 and in VNI


def _vni_pairs() -> dict[str, str]:
    """VNI base letter + mark byte (as read in cp1252) -> the Vietnamese letter, both cases."""
    pairs: dict[str, str] = {}
    for base, letter in {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}.items():
        pairs.update({base + mark: letter + tone for mark, tone in _VNI_TONE.items()})
    for base in "aeo":
        pairs.update({base + mark: base + "\u0302" + tone for mark, tone in _VNI_CIRCUMFLEX.items()})
    pairs.update({"a" + mark: "a\u0306" + tone for mark, tone in _VNI_BREVE.items()})
    pairs = {code: unicodedata.normalize("NFC", letter) for code, letter in pairs.items()}
    return pairs | {code.upper(): letter.upper() for code, letter in pairs.items()}


_VNI_PAIRS = _vni_pairs()
_VNI_SINGLES = _VNI_LETTERS | {code.upper(): letter.upper() for code, letter in _VNI_LETTERS.items()}
# What legacy text shows that Vietnamese never uses as a letter ("«", "­", "ø", "ä").
_SIGNATURES = "".join(sorted(
    (set(_TCVN3) | {c for code in _VNI_PAIRS for c in code[1:]} | set(_VNI_SINGLES)) - _VIETNAMESE_LATIN1))
_SIGNATURE = re.compile(f"[{re.escape(_SIGNATURES)}]")
# A candidate: a whole word (letters, and the TCVN3 codes that are symbols in cp1252: "ng­êi", "®Çu";
# digits split words) of two or more of what legacy bytes read as, one of them non-ASCII; or đ alone
# as a list label ("2.®)", "IV.2.ñ-1"). The bounded repeats keep the scan linear however long a word is.
_LEGACY_LATIN1 = re.escape("".join(sorted(set(_TCVN3) | set(_SIGNATURES) | _VIETNAMESE_LATIN1)))
_SYMBOLS = re.escape("".join(c for c in _TCVN3 if not c.isalpha()))
_CANDIDATE = re.compile(
    f"(?<![^\\W\\d_])(?<![{_SYMBOLS}])"
    f"(?:[A-Za-z]{{1,{_LONGEST_LEGACY_WORD}}}[{_LEGACY_LATIN1}]|[{_LEGACY_LATIN1}][A-Za-z{_LEGACY_LATIN1}])"
    f"[A-Za-z{_LEGACY_LATIN1}]{{0,{_LONGEST_LEGACY_WORD}}}"
    f"(?![^\\W\\d_])(?![{_SYMBOLS}])"
    f"|(?:^|(?<=[.]))[{''.join(_LEGACY_D)}](?=[)-])")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def nfc(text: str) -> str:
    """Unicode NFC form, the form the site stores and compares."""
    return unicodedata.normalize("NFC", text)


def legacy_encoding_sample(text: str) -> str | None:
    """The first word that looks like TCVN3/VNI mojibake, or None."""
    for chunk in text.split():
        if chunk.isascii():
            continue
        sample = _chunk_sample(chunk) if len(chunk) <= _CACHED_CHUNK else _scan(chunk)
        if sample:
            return sample
    return None


def _scan(chunk: str) -> str | None:
    """The first legacy-encoded word in a run of text without spaces, or None."""
    for match in _CANDIDATE.finditer(chunk):
        if match.group(0) in _LEGACY_D:
            return match.group(0)  # the list label đ (a, b, c, d, đ, e) in TCVN3 or VNI
        word = match.group(0).rstrip(_FOOTNOTE_MARKS)  # "chính¹" is a footnote mark, not TCVN3 "ạ"
        hyphenated = "-" in (chunk[match.start() - 1:match.start()], chunk[match.end():match.end() + 1])
        if 2 <= len(word) <= _LONGEST_LEGACY_WORD and _is_legacy_word(word, hyphenated):
            return word
    return None


# Space-separated chunks repeat ("cách", "hành", "(2024),"): remember the verdict on short ones.
_chunk_sample = lru_cache(maxsize=16384)(_scan)


@lru_cache(maxsize=8192)  # syllables repeat: a text of legacy encoding repeats the same few hundred words
def _is_legacy_word(word: str, hyphenated: bool) -> bool:
    """True when the word is not Vietnamese as it stands but decodes from TCVN3 or VNI to Vietnamese."""
    if word[0] in _PREFIX_SYMBOLS and word[1:].isascii():  # "µm": a unit prefix, "«i": a quotation
        return False
    # Only Vietnamese letters ("Coâng", "Néi"): mojibake only if it is no Vietnamese syllable. A
    # syllable of a hyphenated foreign name ("An-gê-ri", "Xôa-thi") follows foreign sounds: trust it.
    if not _SIGNATURE.search(word) and (hyphenated or _is_syllable(word, strict=False)):
        return False
    return any(decoded is not None and (_is_syllable(decoded) or _is_abbreviation(word, decoded))
               for decoded in (_from_tcvn3(word), _from_vni(word)))


def _is_abbreviation(word: str, decoded: str) -> bool:
    """True for a document-type abbreviation with Đ ("Q§" = "QĐ", "HÑND" = "HĐND")."""
    return (decoded.isupper() and "Đ" in decoded and not any(c in "AEIOUY" for c in decoded)
            and any(c.isascii() and c.isalpha() for c in word))


def _from_tcvn3(word: str) -> str | None:
    """The word decoded as TCVN3 read as cp1252, or None if it holds a byte TCVN3 does not use."""
    if any(c not in _TCVN3 and not c.isascii() for c in word):
        return None
    decoded = "".join(_TCVN3.get(c, c) for c in word)
    letters = [c for c in word if c.isascii() and c.isalpha()]
    # Capitals with tone marks exist only in the capitals font, over lowercase codes: "NéI" = "NỘI".
    return decoded.upper() if letters and all(c.isupper() for c in letters) else decoded


def _from_vni(word: str) -> str | None:
    """The word decoded as VNI-Windows read as cp1252, or None if it is not a VNI sequence."""
    out: list[str] = []
    i = 0
    while i < len(word):
        if word[i:i + 2] in _VNI_PAIRS:
            out.append(_VNI_PAIRS[word[i:i + 2]])
            i += 2
            continue
        char = word[i]
        if char in _VNI_SINGLES:
            out.append(_VNI_SINGLES[char])
        elif char.isascii():
            out.append(char)
        else:
            return None
        i += 1
    return "".join(out)


def _is_syllable(word: str, strict: bool = True) -> bool:
    """True for one Vietnamese syllable: onset, rhyme, at most one tone mark, where it belongs."""
    if len(word) > _LONGEST_SYLLABLE or not (word.islower() or word.isupper() or word.istitle()):
        return False
    bare, tones = _split_tones(word.lower())
    if len(tones) > 1:
        return False
    at, tone = tones[0] if tones else (-1, "")
    found = _ONSET.match(bare)  # always matches: the onset may be empty
    onset = found.group(0) if found else ""
    onsets = (onset, "g") if onset == "gi" else (onset,)  # "gìn" is g + ìn, "già" is gi + à
    return any(_rhyme_fits(o, bare[len(o):], tone, at - len(o), strict) for o in onsets)


def _rhyme_fits(onset: str, rhyme: str, tone: str, at: int, strict: bool) -> bool:
    """True if the rhyme may follow the onset and carry the tone on its letter at index `at`."""
    # Not strict: a word as it stands, where foreign names bend the rules ("An-gê-ri", "Ăn-đoa-râ").
    if rhyme not in _RHYMES and (strict or rhyme not in _LOOSE_RHYMES):
        return False
    if strict and not _spelled_right(onset, rhyme):
        return False
    if rhyme.endswith(_STOP_CODAS) and tone not in (_ACUTE, _DOT):
        return False
    return not tone or at in _tone_places(rhyme)


def _split_tones(word: str) -> tuple[str, list[tuple[int, str]]]:
    """The word without tone marks, and each tone mark with the index of the letter carrying it."""
    tones = [(i, _UNTONED[char][1]) for i, char in enumerate(word) if char in _UNTONED]
    return word.translate(_UNTONE), tones


def _tone_places(rhyme: str) -> tuple[int, ...]:
    """Where a rhyme carries its tone: "hoàn", "mùa", "người", "ngoài"; "hòa" and "hoà" both."""
    vowels = [i for i, c in enumerate(rhyme) if c in _VOWELS]
    marked = [i for i in vowels if rhyme[i] in "ăâêôơư"]
    if marked:
        return (marked[-1],)
    if vowels[-1] < len(rhyme) - 1 or len(vowels) == 1:  # closed by a consonant, or one vowel
        return (vowels[-1],)
    if len(vowels) == 3:
        return (vowels[1],)
    return tuple(vowels) if rhyme in ("oa", "oe", "uy") else (vowels[0],)


def _spelled_right(onset: str, rhyme: str) -> bool:
    """Quốc ngữ spelling: k, gh, ngh before i, e, ê, y only; c, g, ng never there; no "quu", "quo"."""
    front = rhyme[:1] in ("i", "e", "ê", "y")
    if onset in ("k", "gh", "ngh"):
        return front
    if onset in ("c", "g", "ng"):
        return not front or (onset == "g" and rhyme[:1] == "i")
    return onset != "qu" or rhyme[:1] not in ("u", "ư", "o")


def fold(text: str) -> str:
    """Lower-case text without diacritics (`Đầu tư` → `dau tu`), for matching only."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


MAX_ID_CHARS = 100  # an id names files (`<id>.html.gz`, `lich/don-vi/<id>.ics`): far under any file system's limit


def is_slug(value: str) -> bool:
    """True for stable URL ids: a-z, 0-9 and single hyphens."""
    return bool(_SLUG.match(value))


@lru_cache(maxsize=65536)  # pure, and called for every task anchor on every page that links it
def slugify(text: str) -> str:
    """A URL slug without diacritics (`Quý II` → `quy-ii`)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def suggest(value: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest known choice to a mistyped value, if one is close."""
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


# Word's "smart quotes": typed around a value they are part of it, since YAML quotes only with " and '.
WORD_QUOTES = "“”„‟‘’‚‛"
WORD_QUOTES_CAUSE = ('ngoặc kép cong “ ” (thường do chép từ Word) không phải ngoặc kép của YAML nên được đọc như '
                     'một phần của giá trị')


def strip_word_quotes(value: str) -> str:
    """`value` without the curly quotes Word put around it (“so-noi-vu” → so-noi-vu)."""
    return value.strip(WORD_QUOTES).strip()


def has_word_quotes(value: str) -> bool:
    """True when `value` starts or ends with one of Word's curly quotes."""
    return bool(value) and (value[0] in WORD_QUOTES or value[-1] in WORD_QUOTES)
