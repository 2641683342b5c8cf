"""The wording of the reasons of picks, in one place, so the window can translate them.

A :class:`Reason` is a ``str`` (its English text, so the command line and the JSON output read
exactly as before) that also keeps the template it was made from and the arguments filled into
it. The window translates the template (Qt's ``QCoreApplication.translate("reasons", ...)``) and
formats the arguments, which may be reasons themselves, into the translation.

Every template is registered below with ``QT_TRANSLATE_NOOP("reasons", ...)``: a plain function
here (no Qt in ``recommender/``), but the marker ``pyside6-lupdate`` collects into the ``.ts``
files. Adding a wording is one line; ``tests/desktop_app/test_i18n.py`` checks that each has a
finished translation.
"""

from __future__ import annotations

import re
from typing import Any

#: Every template, in the order registered.
TEMPLATES: list[str] = []


def QT_TRANSLATE_NOOP(context: str, template: str) -> str:  # lupdate reads this name
    """Register a template (``context`` is always ``"reasons"``) and return it unchanged."""
    TEMPLATES.append(template)
    return template


class Reason(str):
    """The English text of ``template`` with ``args`` filled in; ``.template`` and ``.args``
    keep what it was made from.

    Parameters
    ----------
    template : str
        A registered template (one of :data:`TEMPLATES`) with ``{name}`` fields.
    **args
        The fields: names, numbers, or other :class:`Reason` values.
    """

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, **args: Any) -> Reason:
        obj = super().__new__(cls, template.format(**{k: str(v) for k, v in args.items()}))
        obj.template = template
        obj.args = args
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (worker processes) keep the template
        return (_rebuild, (self.template, self.args))


def _rebuild(template: str, args: dict[str, Any]) -> Reason:
    return Reason(template, **args)


def join(parts: list[Any], template: str | None = None) -> Any:
    """Parts joined pairwise with ``template`` (default ``"{a}, {b}"``): a translation can
    use its own separator. One part is returned as it is; none gives ``""``."""
    template = template or LIST
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        out = Reason(template, a=out, b=part)
    return out


def and_join(parts: list[Any]) -> Any:
    """ "a, b and c"."""
    if len(parts) < 2:
        return join(parts)
    return Reason(AND, a=join(parts[:-1]), b=parts[-1])


# -- joining -----------------------------------------------------------------------------------
LIST = QT_TRANSLATE_NOOP("reasons", "{a}, {b}")
AND = QT_TRANSLATE_NOOP("reasons", "{a} and {b}")
THEN = QT_TRANSLATE_NOOP("reasons", "{a}; {b}")
PAREN = QT_TRANSLATE_NOOP("reasons", "{a} ({b})")
COLON = QT_TRANSLATE_NOOP("reasons", "{a}: {b}")
TITLE = QT_TRANSLATE_NOOP("reasons", "“{title}”")

# -- why the person loves the anchor track -------------------------------------------------------
PLAY_A_LOT = QT_TRANSLATE_NOOP("reasons", "you play {artist} a lot")
PLAYED_TIMES = QT_TRANSLATE_NOOP("reasons", "you played {title} {times}")
LIKED = QT_TRANSLATE_NOOP("reasons", "you liked {title}")
PLAYED = QT_TRANSLATE_NOOP("reasons", "you played {title}")
UNKNOWN_ARTIST = QT_TRANSLATE_NOOP("reasons", "an unknown artist")
MORE_OF = QT_TRANSLATE_NOOP("reasons", "more {artist}, whom you play a lot; {likeness}")
MORE_OF_ARTIST = QT_TRANSLATE_NOOP("reasons", "more {artist}, whom you play a lot")
SOMETHING_DIFFERENT = QT_TRANSLATE_NOOP("reasons", "something different: {who}; {detail}")
NEVER_PLAYED_ARTIST = QT_TRANSLATE_NOOP("reasons", "an artist you have never played")
OFF_PATH = QT_TRANSLATE_NOOP("reasons", "off your usual path")

# -- how two tracks are alike -------------------------------------------------------------------
SIMILAR_TO = QT_TRANSLATE_NOOP("reasons", "similar {traits} to {title}")
SIMILAR = QT_TRANSLATE_NOOP("reasons", "similar {traits}")
GENRE_LIKE = QT_TRANSLATE_NOOP("reasons", "{genre}, like {title}")
GENRE_LIKE_IT = QT_TRANSLATE_NOOP("reasons", "{genre}, like it")
SAME_ARTIST_AS = QT_TRANSLATE_NOOP("reasons", "by the artist of {title}")
SOUNDS_CLOSE_TO = QT_TRANSLATE_NOOP("reasons", "sounds close to {title}")
CLOSE_IN_SOUND = QT_TRANSLATE_NOOP("reasons", "close in sound and tags")
# without audio on both tracks their closeness is co-listening and tags, not sound
NEAR_IN_LISTENING = QT_TRANSLATE_NOOP("reasons", "near {title} in your listening and tags")
CLOSE_IN_LISTENING = QT_TRANSLATE_NOOP("reasons", "close in your listening and tags")
TEMPO = QT_TRANSLATE_NOOP("reasons", "tempo")
ENERGY = QT_TRANSLATE_NOOP("reasons", "energy")
KEY = QT_TRANSLATE_NOOP("reasons", "key")
TIMBRE = QT_TRANSLATE_NOOP("reasons", "timbre")

# -- exploring ---------------------------------------------------------------------------------
EXPLORING = QT_TRANSLATE_NOOP("reasons", "exploring your library")
EXPLORING_WHAT = QT_TRANSLATE_NOOP("reasons", "exploring your library ({what})")
NO_HISTORY = QT_TRANSLATE_NOOP("reasons", "no listening history yet: {exploring}")

# -- how a track sounds ------------------------------------------------------------------------
BPM = QT_TRANSLATE_NOOP("reasons", "{bpm} BPM")
LOW_ENERGY = QT_TRANSLATE_NOOP("reasons", "low energy")
MEDIUM_ENERGY = QT_TRANSLATE_NOOP("reasons", "medium energy")
HIGH_ENERGY = QT_TRANSLATE_NOOP("reasons", "high energy")
MAJOR = QT_TRANSLATE_NOOP("reasons", "{note} major")
MINOR = QT_TRANSLATE_NOOP("reasons", "{note} minor")
BRIGHT = QT_TRANSLATE_NOOP("reasons", "bright")
DARK = QT_TRANSLATE_NOOP("reasons", "dark")
ACOUSTIC = QT_TRANSLATE_NOOP("reasons", "acoustic")

# -- counts and spans --------------------------------------------------------------------------
ONCE = QT_TRANSLATE_NOOP("reasons", "once")
TWICE = QT_TRANSLATE_NOOP("reasons", "twice")
TIMES = QT_TRANSLATE_NOOP("reasons", "{count} times")
A_LONG_TIME = QT_TRANSLATE_NOOP("reasons", "a long time")
TODAY = QT_TRANSLATE_NOOP("reasons", "today")
DAY = QT_TRANSLATE_NOOP("reasons", "{n} day")
DAYS = QT_TRANSLATE_NOOP("reasons", "{n} days")
WEEK = QT_TRANSLATE_NOOP("reasons", "{n} week")
WEEKS = QT_TRANSLATE_NOOP("reasons", "{n} weeks")
MONTH = QT_TRANSLATE_NOOP("reasons", "{n} month")
MONTHS = QT_TRANSLATE_NOOP("reasons", "{n} months")
YEAR = QT_TRANSLATE_NOOP("reasons", "{n} year")
YEARS = QT_TRANSLATE_NOOP("reasons", "{n} years")
NUMBER_WORDS = (
    QT_TRANSLATE_NOOP("reasons", "no"),
    QT_TRANSLATE_NOOP("reasons", "one"),
    QT_TRANSLATE_NOOP("reasons", "two"),
    QT_TRANSLATE_NOOP("reasons", "three"),
    QT_TRANSLATE_NOOP("reasons", "four"),
    QT_TRANSLATE_NOOP("reasons", "five"),
    QT_TRANSLATE_NOOP("reasons", "six"),
    QT_TRANSLATE_NOOP("reasons", "seven"),
    QT_TRANSLATE_NOOP("reasons", "eight"),
    QT_TRANSLATE_NOOP("reasons", "nine"),
    QT_TRANSLATE_NOOP("reasons", "ten"),
    QT_TRANSLATE_NOOP("reasons", "eleven"),
    QT_TRANSLATE_NOOP("reasons", "twelve"),
)
UNKNOWN_DATE = QT_TRANSLATE_NOOP("reasons", "an unknown date")
MONTH_YEAR = (
    QT_TRANSLATE_NOOP("reasons", "January {year}"),
    QT_TRANSLATE_NOOP("reasons", "February {year}"),
    QT_TRANSLATE_NOOP("reasons", "March {year}"),
    QT_TRANSLATE_NOOP("reasons", "April {year}"),
    QT_TRANSLATE_NOOP("reasons", "May {year}"),
    QT_TRANSLATE_NOOP("reasons", "June {year}"),
    QT_TRANSLATE_NOOP("reasons", "July {year}"),
    QT_TRANSLATE_NOOP("reasons", "August {year}"),
    QT_TRANSLATE_NOOP("reasons", "September {year}"),
    QT_TRANSLATE_NOOP("reasons", "October {year}"),
    QT_TRANSLATE_NOOP("reasons", "November {year}"),
    QT_TRANSLATE_NOOP("reasons", "December {year}"),
)

# -- discover, fresh, deep cuts, forgotten (discovery.py) --------------------------------------
NEVER_PLAYED = QT_TRANSLATE_NOOP("reasons", "never played")
PLAYED_ONCE = QT_TRANSLATE_NOOP("reasons", "played once")
ADDED_WHEN = QT_TRANSLATE_NOOP("reasons", "added {when}; {reason}")
AGO = QT_TRANSLATE_NOOP("reasons", "{span} ago")
NEW_VERSION = QT_TRANSLATE_NOOP("reasons", "a new version of a song you played {times}; {reason}")
NEVER_PLAYED_THIS = QT_TRANSLATE_NOOP("reasons", "you have never played this one")
PLAYED_THIS = QT_TRANSLATE_NOOP("reasons", "you have played this one {times}")
FROM_ALBUM = QT_TRANSLATE_NOOP("reasons", "{this} from {album}")
MOST_PLAYED_ARTIST = QT_TRANSLATE_NOOP(
    "reasons", "{artist} is one of your most played artists ({plays} plays); {this}"
)
AN_ALBUM = QT_TRANSLATE_NOOP("reasons", "an album")
ALBUM_FINISHED = QT_TRANSLATE_NOOP(
    "reasons", "from {album}, an album you finished {times}, not played for {ago}"
)
YOU_LIKED_IT = QT_TRANSLATE_NOOP("reasons", "you liked it")
PLAYED_TO_END = QT_TRANSLATE_NOOP("reasons", "you played it to the end {times}")
RATED_HIGHLY = QT_TRANSLATE_NOOP("reasons", "you rated it highly")
PLAYED_IT = QT_TRANSLATE_NOOP("reasons", "you played it {times}")
LAST_IN = QT_TRANSLATE_NOOP("reasons", "{love}, last in {when}: not played for {ago}")

# -- daily mixes (daily.py) --------------------------------------------------------------------
GROUPED = QT_TRANSLATE_NOOP("reasons", "{reason}; grouped with tracks that sound alike")
NEW_IN_MIX = QT_TRANSLATE_NOOP("reasons", "new to you in this mix; {reason}")
FAVOURITE_IN_MIX = QT_TRANSLATE_NOOP(
    "reasons", "one of your favourites in this mix (played {times}, last {ago} ago)"
)
#: a song of the mix's part of the person's listening played once or twice: not a favourite
KNOWN_IN_MIX = QT_TRANSLATE_NOOP(
    "reasons", "one you know in this mix (played {times}, last {ago} ago)"
)

# -- moods (mood.py) ---------------------------------------------------------------------------
MOOD_NAMES = {
    "calm": QT_TRANSLATE_NOOP("reasons", "calm"),
    "energetic": QT_TRANSLATE_NOOP("reasons", "energetic"),
    "focus": QT_TRANSLATE_NOOP("reasons", "focus"),
    "happy": QT_TRANSLATE_NOOP("reasons", "happy"),
    "melancholy": QT_TRANSLATE_NOOP("reasons", "melancholy"),
}
MOOD_BY_GENRE = QT_TRANSLATE_NOOP("reasons", "{mood} by its genre tag “{genre}” (not analysed yet)")

# -- radio (radio.py) --------------------------------------------------------------------------
# {likeness} without the title again (``likeness(..., name=False)``): the reason named the track
CLOSE_TO_SEED = QT_TRANSLATE_NOOP("reasons", "close to your seed {title} by {artist}: {likeness}")
FOLLOWS = QT_TRANSLATE_NOOP("reasons", "follows {title} by {artist}: {likeness}")
#: the closest of the last three is not the track just before ({back}: 2 or 3)
NEAR_BACK = QT_TRANSLATE_NOOP("reasons", "near {title}, {back} tracks back: {likeness}")
MORE_AFTER = QT_TRANSLATE_NOOP("reasons", "more {artist} after {title}")
RUN_AFTER = QT_TRANSLATE_NOOP(
    "reasons", "more {artist} after {title}: you often play several of their songs in a row"
)


def mood(name: str) -> Any:
    """A mood's name as a reason (unknown names as they are)."""
    template = MOOD_NAMES.get(name)
    return Reason(template) if template else name


# -- lists from a description (recommender/words/answer.py) -------------------------------------
ENERGY_VALUE = QT_TRANSLATE_NOOP("reasons", "energy {value}")
SCALE_VALUE = QT_TRANSLATE_NOOP("reasons", "{scale} {value}")
SCALE_NAMES = {
    "tempo": TEMPO,
    "energy": ENERGY,
    "brightness": QT_TRANSLATE_NOOP("reasons", "brightness"),
    "acousticness": QT_TRANSLATE_NOOP("reasons", "acousticness"),
    "loudness": QT_TRANSLATE_NOOP("reasons", "loudness"),
}
TAGGED = QT_TRANSLATE_NOOP("reasons", "{name} (tagged “{tag}”)")
BY_ARTIST = QT_TRANSLATE_NOOP("reasons", "by {artist}")
FROM_YEAR = QT_TRANSLATE_NOOP("reasons", "from {year}")
LIKE_SAME_ARTIST = QT_TRANSLATE_NOOP("reasons", "like {name}: by {artist} too; {likeness}")
LIKE_NAME = QT_TRANSLATE_NOOP("reasons", "like {name}: {likeness}")
FAVOURITE_PLAYED = QT_TRANSLATE_NOOP("reasons", "one of your favourites (played {count} times)")
NOT_PLAYED_FOR = QT_TRANSLATE_NOOP("reasons", "not played for {span}")
CLOSE_TO_TASTE = QT_TRANSLATE_NOOP("reasons", "close to your taste")
FITS = QT_TRANSLATE_NOOP("reasons", "fits the description")


def scale(name: str) -> Any:
    """A descriptor scale's name as a reason (unknown names as they are)."""
    template = SCALE_NAMES.get(name)
    return Reason(template) if template else name


#: Longest title or artist name a reason quotes whole. The window's reason column shows about 90
#: characters, and a radio reason names a title and an artist besides its likeness.
NAME_LIMIT = 32
#: A trailing qualifier: "(Live)", "[Remix]", " - Remastered 2009".
_QUALIFIER = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$|\s+[-–—]\s+[^-–—]*$")


def short_name(text: str, limit: int = NAME_LIMIT) -> str:
    """``text`` as a reason quotes it: a name over ``limit`` characters loses its trailing
    qualifiers, "(…)", "[…]" or " - …" ("Stop, Look & Listen (Henrik Schwarz Live)" → "Stop,
    Look & Listen"), then is cut after a word and ends in "…". Shorter names are unchanged."""
    while len(text) > limit:
        bare = _QUALIFIER.sub("", text)
        if bare == text or not bare:
            break
        text = bare
    if len(text) <= limit:
        return text
    head = text[:limit]
    if " " in head.strip():
        head = head.rstrip().rsplit(" ", 1)[0]
    return head.rstrip(" ,;:-–—/&+") + "…"
