"""The literal text a regular expression cannot match without: a cheap gate before the search.

`required_literals(pattern)` returns a set of case-folded strings such that every match of the
pattern contains at least one of them, or None when no such set can be read from the pattern.
The triage rules try a phrase only when one of its literals occurs in the case-folded message:
most messages contain the words of only a few of the phrases, and a substring test costs a
fraction of a regular-expression search (issue 13: compile once, skip rules whose trigger
cannot occur).

Only the syntax the word lists use is understood (literals, escapes, classes, groups,
lookarounds, alternation and quantifiers); anything else makes its part of the pattern count as
"requires nothing", which can only make the gate let more through, never less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

Requirement = frozenset[str] | None  # one of these strings must occur; None: nothing known

_CLASS_ESCAPES = frozenset("wWdDsSbBAZ")
_CONTROL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}


class _Unreadable(ValueError):
    """The pattern uses syntax this reader does not follow; the caller gives up on it."""


@dataclass
class _Atom:
    literal: str | None  # one character the match must contain here, or None
    requirement: Requirement  # what this atom needs when it is not a single literal


def required_literals(pattern: str) -> Requirement:
    """Case-folded strings one of which every match of `pattern` contains, or None."""
    try:
        reader = _Reader(pattern)
        requirement = reader.alternation()
        if reader.position != len(pattern):
            return None
    except (_Unreadable, IndexError):
        return None
    if requirement is None or not requirement or "" in requirement:
        return None
    # "case notes" adds nothing beside "notes": whatever contains the one contains the other.
    return frozenset(
        text for text in requirement if not any(other in text for other in requirement - {text})
    )


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.position = 0

    def peek(self) -> str:
        return self.pattern[self.position] if self.position < len(self.pattern) else ""

    def take(self) -> str:
        char = self.pattern[self.position]
        self.position += 1
        return char

    def alternation(self) -> Requirement:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.take()
            branches.append(self.sequence())
        if any(branch is None for branch in branches):
            return None
        return frozenset().union(*(branch for branch in branches if branch is not None))

    def sequence(self) -> Requirement:
        candidates: list[frozenset[str]] = []
        run: list[str] = []

        def close_run() -> None:
            if run:
                candidates.append(frozenset({"".join(run).casefold()}))
                run.clear()

        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            minimum, repeats = self.quantifier()
            if atom.literal is not None and minimum == 1 and not repeats:
                run.append(atom.literal)
                continue
            close_run()
            if minimum == 0:
                continue
            if atom.literal is not None:
                candidates.append(frozenset({atom.literal.casefold()}))
            elif atom.requirement is not None:
                candidates.append(atom.requirement)
        close_run()
        if not candidates:
            return None
        # The most selective candidate: the longest shortest string, then one with punctuation
        # (rarer in messages than letters: "*" in "b*ds"), then the fewest strings.
        return max(
            candidates,
            key=lambda strings: (
                min(map(len, strings)),
                all(not text.isalnum() for text in strings),
                -len(strings),
            ),
        )

    def atom(self) -> _Atom:
        char = self.take()
        if char == "(":
            return self.group()
        if char == "[":
            self.skip_class()
            return _Atom(None, None)
        if char == "\\":
            return self.escape()
        if char in ".^$":
            return _Atom(None, None)
        if char in "*+?{":
            raise _Unreadable(f"a quantifier with nothing to repeat at {self.position}")
        return _Atom(char, None)

    def group(self) -> _Atom:
        zero_width = False
        if self.peek() == "?":
            self.take()
            kind = self.take()
            if kind == ":":
                pass
            elif kind in "=!":
                zero_width = True
            elif kind == "<" and self.peek() in "=!":
                self.take()
                zero_width = True
            elif kind == "P" and self.peek() == "<":
                while self.take() != ">":
                    pass
            else:
                raise _Unreadable(f"group syntax (?{kind} is not followed")
        requirement = self.alternation()
        if self.take() != ")":
            raise _Unreadable("an unclosed group")
        return _Atom(None, None if zero_width else requirement)

    def skip_class(self) -> None:
        if self.peek() == "^":
            self.take()
        if self.peek() == "]":
            self.take()
        while (char := self.take()) != "]":
            if char == "\\":
                self.take()

    def escape(self) -> _Atom:
        char = self.take()
        if char in _CLASS_ESCAPES:
            return _Atom(None, None)
        if char in _CONTROL_ESCAPES:
            return _Atom(_CONTROL_ESCAPES[char], None)
        if char.isalnum():
            raise _Unreadable(f"the escape \\{char} is not followed")
        return _Atom(char, None)

    def quantifier(self) -> tuple[int, bool]:
        """(the fewest repeats, whether it may repeat) for what follows an atom."""
        char = self.peek()
        if char in ("?", "*", "+"):
            self.take()
            self.skip_modifier()
            return (0 if char in "?*" else 1), char != "?"
        if char == "{" and self._is_counted():
            self.take()
            body = ""
            while (part := self.take()) != "}":
                body += part
            low, _, high = body.partition(",")
            minimum = int(low or 0)
            self.skip_modifier()
            return min(minimum, 1), "," in body or int(low or 0) > 1 or bool(high)
        return 1, False

    def _is_counted(self) -> bool:
        end = self.pattern.find("}", self.position)
        body = self.pattern[self.position + 1 : end] if end > 0 else ""
        return bool(body) and all(char.isdigit() or char == "," for char in body)

    def skip_modifier(self) -> None:
        if self.peek() in ("?", "+"):
            self.take()


class LiteralFinder:
    """Which of many case-folded strings occur in a text, in one pass of one regular expression.

    The strings are compiled as a trie, so the pattern at each position tries one character
    per level, and the lookahead finds the longest string starting at every position; the
    shorter strings starting there are its prefixes, added from a table.
    """

    def __init__(self, literals: frozenset[str] | set[str]) -> None:
        trie: dict[str, Any] = {}
        self._prefixes: dict[str, frozenset[str]] = {}
        for literal in literals:
            node = trie
            for char in literal:
                node = node.setdefault(char, {})
            node[_END] = literal
        for literal in literals:
            node, ends = trie, []
            for char in literal:  # the strings ending on the way down are its prefixes
                node = node[char]
                if _END in node:
                    ends.append(node[_END])
            self._prefixes[literal] = frozenset(ends)
        body = _trie_pattern(trie)
        self._pattern = re.compile(f"(?=({body}))", re.DOTALL) if body else None

    def find(self, folded: str) -> set[str]:
        """The strings that occur in `folded` (already case-folded)."""
        found: set[str] = set()
        if self._pattern is None:
            return found
        # findall keeps the scan in C; each distinct longest string then brings its prefixes.
        for longest in set(self._pattern.findall(folded)):
            found |= self._prefixes[longest]
        return found


_END = ""


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if _END in node else body
