"""Typed reads from a document read back from JSON, each fault a one-line ``bad-document``
error naming the field (``papers[3].title``): shared by ``render`` and the reader of
documents (``reading.py``), so a hand-edited document fails the same way everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import InputError


class Fields:
    """Typed reads from one JSON object, each failure a one-line ``bad-document`` error that
    says where in the document it is (``papers[3].title``)."""

    def __init__(self, data: object, source: str | None, where: str) -> None:
        self._source = source
        self._where = where
        if not isinstance(data, Mapping):
            raise self.error(f"{where} is {_json_type(data)}, not an object")
        self._data = data

    def error(self, message: str) -> InputError:
        return InputError(
            f"not a scholarparse document: {message}",
            source=self._source,
            hint="pass a parsed document or its to_dict()",
            cli_hint="give what 'scholarparse parse --format json' writes",
            code="bad-document",
        )

    def get(self, key: str, types: type | tuple[type, ...], *, optional: bool = False) -> Any:
        if key not in self._data:
            raise self.error(f"{self.path(key)} is missing")
        value = self._data[key]
        if value is None and optional:
            return None
        wanted = types if isinstance(types, tuple) else (types,)
        # bool is an int to Python, never to a document: a score or a count of true is wrong.
        if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
            names = " or ".join(_TYPE_NAMES[kind] for kind in wanted)
            raise self.error(f"{self.path(key)} is {_json_type(value)}, not {names}")
        return value

    def fields(self, key: str) -> Fields:
        return Fields(self.get(key, dict), self._source, self.path(key))

    def items(self, key: str) -> list[Fields]:
        return [
            Fields(item, self._source, f"{self.path(key)}[{number}]")
            for number, item in enumerate(self.get(key, list))
        ]

    def strings(self, key: str) -> list[str]:
        values: list[str] = self.get(key, list)
        for number, value in enumerate(values):
            if not isinstance(value, str):
                path = f"{self.path(key)}[{number}]"
                raise self.error(f"{path} is {_json_type(value)}, not a string")
        return values

    def path(self, key: str) -> str:
        """Where ``key`` is, as errors name it: ``papers[3].title``."""
        return key if self._where == "the document" else f"{self._where}.{key}"


_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "an object",
}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return next((name for kind, name in _TYPE_NAMES.items() if isinstance(value, kind)), "a value")
