"""Feedback for notebook exercises.

A notebook exercise is a stub the student completes; its check cell calls
``check_exercise``, which says "not done yet" for an untouched stub (so the
notebook still runs top to bottom), explains in a sentence or two what is wrong
for a wrong answer, and congratulates a right one. It never shows a traceback of
the checker: an error inside the student's own function is reported as such, with
its line, and an answer the checker cannot use is described in plain words
(``describe``). Solutions live in ``partners_in_healing.solutions`` and the tests
run every checker on them and on many wrong answers.
"""

from __future__ import annotations

import inspect
import math
import re
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

# student walkthrough: a student who edited the function but ran only the check cell got
# feedback on the older definition
RERUN = " (Changed your function? Run its cell again, then this one.)"
MAX_MESSAGE = 400  # characters of feedback: a hint, never a dump of an object
# Marks in front of feedback: glyphs of DejaVu Sans, which every Jupyter set-up has
# (emoji such as ✅ showed as empty boxes on a machine without an emoji font).
RIGHT, WRONG, NOT_DONE = "✔", "✘", "➜"
_PACKAGE = str(Path(__file__).resolve().parent)


class StudentError(Exception):
    """An exception raised inside the student's own function (not in the checker)."""

    def __init__(self, error: BaseException, line: int | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.line = line


def describe(value: Any) -> str:
    """A short plain-words description of ``value`` for feedback (never its full repr)."""
    if value is None:
        return "None (nothing: is a `return` missing?)"
    if isinstance(value, bool | np.bool_):
        return f"{bool(value)} (a yes/no value, not a number)"
    if isinstance(value, str):
        text = value if len(value) <= 30 else value[:27] + "..."
        return f"the text {text!r} (a string, in quotes)"
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isnan(number):
            return "NaN ('not a number': often an empty mean or 0 divided by 0)"
        if math.isinf(number):
            return f"{number} (infinite: a division by zero?)"
        return f"the number {number:.4g}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} (one number was wanted?)"
    if isinstance(value, list | tuple | set | dict):
        n = len(value)
        return f"a {type(value).__name__} of {n} item{'' if n == 1 else 's'}"
    if callable(value):
        return (
            "a function or method itself, not its result (are the brackets `()` of a call missing?)"
        )
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name} object"


def sentence(text: str) -> str:
    """``text`` with a capital first letter (checks' hints start lower-case), unless it
    starts with a name from code (``my_design()``, ``np.mean``)."""
    if re.match(r"[a-z]+\b(?![(_`.])", text):
        return text[:1].upper() + text[1:]
    return text


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` cut to ``limit`` characters at a word boundary."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 3].rsplit(" ", 1)[0] + "..."


def _student_line(tb, filename: str | None = None) -> int | None:
    """The line number, in the student's cell (``filename``, the file of their function),
    of the deepest frame there; without it, of the deepest frame outside this package.
    (Frames of code generated elsewhere, such as a dataclass's ``__init__`` in
    "<string>", or of libraries are not the student's lines.)"""
    frames = traceback.extract_tb(tb)
    if filename is not None:
        lines = [f.lineno for f in frames if f.filename == filename]
    else:
        lines = [f.lineno for f in frames if not f.filename.startswith(_PACKAGE)]
    return lines[-1] if lines else None


class _Guarded:
    """Calls the student's function, keeps what it last returned, and turns an exception
    inside it into ``StudentError`` (``NotImplementedError``, an untouched stub, passes)."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn
        # the student's own name for it, for messages ("my_design() should return ...")
        self.__name__ = getattr(fn, "__name__", "your function")
        self.returned: Any = None
        self.called = False

    def __call__(self, *args, **kwargs):
        self.called = True
        try:
            self.returned = self.fn(*args, **kwargs)
        except NotImplementedError:
            raise
        except Exception as err:
            code = getattr(self.fn, "__code__", None)
            filename = getattr(code, "co_filename", None)
            raise StudentError(err, _student_line(err.__traceback__.tb_next, filename)) from None
        return self.returned


def feedback(title: str, answer: Any, checker: Callable[[Any], None]) -> tuple[bool | None, str]:
    """(True, praise) when ``checker`` accepts ``answer``, (None, "not done yet") for an
    untouched stub, else (False, one or two sentences saying what is wrong)."""
    if not callable(answer):
        return False, (
            f"{WRONG} {title}: pass your function itself to the check; this cell was given "
            f"{describe(answer)}."
        )
    guarded = _Guarded(answer)
    try:
        # a NaN or an empty array is described below; NumPy's warnings about it only add noise
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            checker(guarded)
    except NotImplementedError:
        return None, (
            f"{NOT_DONE} {title}: not done yet. Fill in the lines marked `...`, delete the "
            "`raise NotImplementedError` line, and run the cells again."
        )
    except StudentError as err:
        where = f" (line {err.line} of your cell)" if err.line else ""
        message = shorten(f"{type(err.error).__name__}: {err.error}", 160)
        if isinstance(err.error, TypeError) and re.search(r"'\w*(function|method)\w*'", message):
            message += " (a function used as a value: are the brackets `()` of a call missing?)"
        if "truth value of an array" in message:  # `not` / `and` on a True/False array
            message += " (on True/False arrays use ~, & and |, not `not`, `and` and `or`)"
        return False, (
            f"{WRONG} {title}: your function stopped with an error{where}: {message}. "
            "Read that line again, fix it, and run both cells."
        )
    except AssertionError as err:
        return False, f"{WRONG} {title}: not yet right. {sentence(shorten(str(err)))}{RERUN}"
    except Exception:  # the checker could not use what the function returned
        got = describe(guarded.returned) if guarded.called else "something the check cannot use"
        return False, (
            f"{WRONG} {title}: your function returned {got}, which is not what the exercise asks "
            f"for. Read its docstring again: what should it return?{RERUN}"
        )
    return True, f"{RIGHT} {title}: well done!"


def check_exercise(title: str, answer: Any, checker: Callable[[Any], None]) -> bool:
    """Print feedback on ``answer`` (see ``feedback``); return True when it passes.

    ``answer`` may be the *name* of the student's function: it is looked up among the
    notebook's names when the check runs, so a check cell run before its exercise cell
    says so instead of raising ``NameError``."""
    if isinstance(answer, str) and answer.isidentifier():
        caller = inspect.currentframe()
        names = caller.f_back.f_globals if caller and caller.f_back else {}
        if answer not in names:
            print(
                f"{NOT_DONE} {title}: `{answer}` is not defined yet. Run the exercise cell above "
                "(the one that starts with `def`) first, then this one."
            )
            return False
        broken = _broken_definition(answer, names.get("In"))
        if broken is not None:
            print(
                f"{WRONG} {title}: the last cell that defines `{answer}` has a syntax error "
                f"(line {broken.lineno}: {broken.msg}), so Python still has an older version. "
                "Fix that line, run that cell, then this one."
            )
            return False
        answer = names[answer]
    ok, message = feedback(title, answer, checker)
    print(message)
    return ok is True


def _broken_definition(name: str, history: Any) -> SyntaxError | None:
    """The syntax error of the latest cell run that defines function ``name``, if it has one.

    ``history`` is IPython's ``In``: every cell run, even one that failed to compile.
    A cell with a syntax error defines nothing, so the function checked would be an older
    definition (student walkthrough: a check praised the version before the edit)."""
    if not isinstance(history, list):
        return None
    define = re.compile(rf"^\s*def\s+{re.escape(name)}\s*\(", re.M)
    for source in reversed(history):
        if isinstance(source, str) and define.search(source):
            if re.search(r"^\s*[%!]", source, re.M):
                return None  # IPython magics: not plain Python, nothing to tell
            try:
                compile(source, "<cell>", "exec")
            except SyntaxError as err:
                return err
            return None
    return None
