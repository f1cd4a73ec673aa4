"""What every back-office section is: a page the shell shows once the owner has signed in.

A section is built the first time it is opened (heavy pages and their imports cost nothing until
then), receives a :class:`Context` with the venue, the task runner and the signed-in owner, and
reloads what it shows in :meth:`Section.on_shown`. Navigation between sections goes through
``context.navigate(key, **params)``, which calls the target's :meth:`Section.open_with` first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtWidgets import QWidget

from boostdesk.services import ops
from boostdesk.services import venue as venue_service
from boostdesk.ui import task_runner


class SignedOut(RuntimeError):
    """A section asked for the owner while the back office was locked."""


@dataclass(frozen=True)
class Context:
    """What the shell hands every section."""

    venue: venue_service.Venue
    runner: task_runner.TaskRunner
    actor_of: Callable[[], ops.Actor | None]
    navigate: Callable[..., None]  # navigate(key, **params)
    back: Callable[[], None]  # back to the section shown before the last navigate

    @property
    def actor(self) -> ops.Actor:
        """The signed-in owner (operations are submitted in their name)."""
        actor = self.actor_of()
        if actor is None:
            raise SignedOut("the back office is locked")
        return actor

    @property
    def currency(self) -> str:
        return str(self.venue.settings.get("venue.currency"))

    @property
    def timezone(self) -> str:
        return str(self.venue.settings.get("venue.timezone"))


class Section(QWidget):
    """Base of every back-office page.

    Subclasses set ``key`` (the name used by ``navigate`` and ``boostdesk screenshot --page``),
    build their widgets in ``__init__`` without querying the whole base, and load data in
    :meth:`on_shown` through ``context.runner`` so the window never freezes.
    """

    key: ClassVar[str] = ""

    def __init__(self, context: Context) -> None:
        super().__init__(objectName=f"Section_{self.key}")
        self.context = context

    def on_shown(self) -> None:
        """The section became the visible one (also after sign-in): reload what it shows."""

    def open_with(self, **params: Any) -> None:
        """Navigation from elsewhere with parameters (a guest id, a segment filter…); called
        before :meth:`on_shown`. Sections that take none ignore them."""

    def on_changes(self, changes: ops.Changes) -> None:
        """An operation changed data; by default a visible section reloads."""
        if self.isVisible():
            self.on_shown()

    def on_locked(self) -> None:
        """The owner left or the back office locked: forget typed secrets and half-done edits."""
