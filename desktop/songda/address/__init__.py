"""The address engine: parse, complete, correct and validate Chinese addresses offline.

``parse(text, context)`` → :class:`songda.domain.models.StandardAddress` (never raises);
``normalize(text)`` → the normalised text; ``ParseContext`` carries what the case knows.
"""

from songda.address.normalize import normalize
from songda.address.parse import ParseContext, parse

__all__ = ["ParseContext", "normalize", "parse"]
