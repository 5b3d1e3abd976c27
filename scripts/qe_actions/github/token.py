"""A GitHub token that never shows itself: hidden from repr/str/format, refused by pickle and JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Explicit input first (composite actions pass `inputs.token` through this variable), then GitHub's names.
TOKEN_VARIABLES = ("QE_GITHUB_TOKEN", "GITHUB_TOKEN", "GH_TOKEN")


class Token:
    """Holds the secret; only `reveal()` (called where the HTTP client is built) returns it."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str) -> None:
        if not secret or not secret.strip():
            raise ValueError("an empty token is not a token")
        self._secret = secret.strip()

    def reveal(self) -> str:
        """The secret itself, for the Authorization header and for redacting text; nothing else."""
        return self._secret

    def redact(self, text: str) -> str:
        """`text` with the secret and its long fragments masked, for messages that pass through foreign code."""
        from qe_actions.github.redact import Redactor

        return Redactor(self._secret)(text)

    def __repr__(self) -> str:
        return "Token(***)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "Token(***)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and other._secret == self._secret

    def __hash__(self) -> int:
        return hash(("Token", len(self._secret)))

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a Token cannot be pickled")


def token_from_env(
    env: Mapping[str, str], explicit: Token | None = None, names: Sequence[str] = TOKEN_VARIABLES
) -> tuple[Token | None, str | None]:
    """The token to use and where it came from (`explicit`, a variable name, or None when there is none):
    the first of `names` that is set and not blank."""
    if explicit is not None:
        return explicit, "explicit"
    for name in names:
        value = env.get(name, "")
        if value.strip():
            return Token(value), name
    return None, None
