"""The open venue: its data folder, database and the services over it.

Built once by the composition root (``app.py`` for the GUI, ``cli.py`` for commands) and passed in;
there are no module-level singletons.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.services import users as users_service
from boostdesk.storage import database, errors, tables
from boostdesk.storage import store as store_module

if TYPE_CHECKING:
    from boostdesk.services import categories as categories_service
    from boostdesk.services import checkout as checkout_service
    from boostdesk.services import counter as counter_service
    from boostdesk.services import custom_segments as custom_segments_service
    from boostdesk.services import customers as customers_service
    from boostdesk.services import dashboard as dashboard_service
    from boostdesk.services import guest_actions as guest_actions_service
    from boostdesk.services import guest_file as guest_file_service
    from boostdesk.services import guests as guests_service
    from boostdesk.services import movements as movements_service
    from boostdesk.services import planner as planner_service
    from boostdesk.services import rules as rules_service
    from boostdesk.services import scenarios as scenarios_service
    from boostdesk.services import vouchers as vouchers_service

# The storage problems the UI and the command line tell the user about (see storage/errors.py).
StorageError = errors.StorageError


@dataclass
class Venue:
    """The open venue; ``read_only`` when its folder or file is not writable (the data can be
    shown, every write fails with :class:`errors.ReadOnlyError`).

    Each service is built (and its module imported) the first time it is used: a command that
    segments the guests does not pay for importing the counter, the scenarios or the reports."""

    data_dir: Path
    store: store_module.Store
    settings: settings_service.SettingsService
    users: users_service.UserService
    segmentation: segmentation_service.SegmentationService
    read_only: bool = False
    throwaway: bool = False  # a private copy (see open_copy), deleted on close

    @cached_property
    def guests(self) -> guests_service.GuestService:
        from boostdesk.services import guests as guests_service

        return guests_service.GuestService(self.store)

    @cached_property
    def counter(self) -> counter_service.CounterService:
        from boostdesk.services import counter as counter_service

        return counter_service.CounterService(self.store, self.settings)

    @cached_property
    def checkout(self) -> checkout_service.CheckoutService:
        from boostdesk.services import checkout as checkout_service

        return checkout_service.CheckoutService(
            self.store, self.settings, self.counter, self.segmentation
        )

    @cached_property
    def vouchers(self) -> vouchers_service.VoucherService:
        from boostdesk.services import vouchers as vouchers_service

        return vouchers_service.VoucherService(self.store, self.settings)

    @cached_property
    def scenarios(self) -> scenarios_service.ScenarioService:
        from boostdesk.services import scenarios as scenarios_service

        return scenarios_service.ScenarioService(self.store, self.settings, self.segmentation)

    @cached_property
    def movements(self) -> movements_service.MovementService:
        from boostdesk.services import movements as movements_service

        return movements_service.MovementService(self.store, self.settings, self.segmentation)

    @cached_property
    def dashboard(self) -> dashboard_service.DashboardService:
        from boostdesk.services import dashboard as dashboard_service

        return dashboard_service.DashboardService(self.store, self.segmentation, self.movements)

    @cached_property
    def rules(self) -> rules_service.RulesService:
        from boostdesk.services import rules as rules_service

        return rules_service.RulesService(self.settings, self.segmentation)

    @cached_property
    def custom_segments(self) -> custom_segments_service.CustomSegmentService:
        from boostdesk.services import custom_segments as custom_segments_service

        return custom_segments_service.CustomSegmentService(self.store, self.segmentation)

    @cached_property
    def planner(self) -> planner_service.PlannerService:
        from boostdesk.services import planner as planner_service

        return planner_service.PlannerService(self.store, self.segmentation)

    @cached_property
    def categories(self) -> categories_service.CategoryService:
        from boostdesk.services import categories as categories_service

        return categories_service.CategoryService(self.store)

    @cached_property
    def customers(self) -> customers_service.CustomerBrowser:
        from boostdesk.services import customers as customers_service

        custom_segments = self.custom_segments
        return customers_service.CustomerBrowser(
            self.store,
            self.settings,
            custom_members=lambda key: [int(i) for i in custom_segments.members(str(key))],
            predict=customers_service.predictions_of(self.segmentation),
        )

    @cached_property
    def guest_files(self) -> guest_file_service.GuestFiles:
        from boostdesk.services import guest_file as guest_file_service

        return guest_file_service.GuestFiles(self.store, self.counter, self.segmentation)

    @cached_property
    def guest_actions(self) -> guest_actions_service.GuestActions:
        from boostdesk.services import guest_actions as guest_actions_service

        return guest_actions_service.GuestActions(self.store, self.settings, self.segmentation)

    @property
    def db_path(self) -> Path:
        return self.data_dir / database.DATABASE_FILENAME

    @property
    def writes_held(self) -> bool:
        """True while the venue was opened with its writes held and they are not yet released."""
        return self.store.writes_held

    def close(self) -> None:
        self.store.close()
        if self.throwaway:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def database_path(data_dir: Path) -> Path:
    return data_dir / database.DATABASE_FILENAME


def open_venue(data_dir: Path, *, hold_writes: bool = False, counter: bool = False) -> Venue:
    """Open (creating or migrating) the venue in ``data_dir``; StorageError says what is wrong.

    A folder or database file that is not writable is opened read-only (nothing on disk changes).
    ``hold_writes`` (a current database only, see :func:`is_current`) opens it with every write
    waiting until ``store.release_writes()`` (or failing after ``store.refuse_writes(error)``):
    the GUI shows the counter while the start-up check of a large file runs.
    ``counter``: the app's opening — its counter may save at any moment, so this process's own
    long writes (an import, a full recompute) always take turns (see ``database.alone``).
    """
    writable = database.check_data_folder(data_dir)
    db = database.connect(
        database_path(data_dir), read_only=not writable, hold_writes=hold_writes and writable
    )
    tables.bind(db)
    if counter:
        database.serve_counter(db)
    store = store_module.Store(db)
    settings = settings_service.SettingsService(store)
    return Venue(
        data_dir=data_dir,
        store=store,
        settings=settings,
        users=users_service.UserService(store),
        segmentation=segmentation_service.SegmentationService(store, settings),
        read_only=not writable,
    )


def open_copy(data_dir: Path) -> Venue:
    """The venue in ``data_dir`` opened on a throwaway private copy: whatever is done to it (scans
    logged, a migration, a recompute) never reaches the venue, whose files are only read. The
    copy is deleted when the returned venue is closed."""
    copy_dir = Path(tempfile.mkdtemp(prefix="boostdesk-copy-"))
    try:
        database.copy_without_writing(database_path(data_dir), database_path(copy_dir))
        opened = open_venue(copy_dir)
    except BaseException:
        shutil.rmtree(copy_dir, ignore_errors=True)
        raise
    opened.throwaway = True
    return opened


def explain(error: BaseException, data_dir: Path) -> StorageError | None:
    """The storage problem (disk full, locked, read-only, damaged …) behind ``error``, if any."""
    return errors.classify(error, database_path(data_dir))


def check_data_folder(data_dir: Path, *, create: bool) -> bool:
    """Whether BoostDesk may write in ``data_dir``; a folder that is a file, cannot be created
    (when ``create``) or cannot be read raises :class:`errors.DataFolderError`."""
    return database.check_data_folder(data_dir, create=create)


def require_writable(opened: Venue) -> None:
    """Raise :class:`errors.ReadOnlyError` when ``opened`` cannot be written (the GUI needs to)."""
    if opened.read_only:
        raise errors.read_only(opened.data_dir, f"{opened.db_path}: opened read-only")


def is_current(data_dir: Path) -> bool:
    """True when the venue's database exists and needs no migration (read without writing)."""
    path = database_path(data_dir)
    try:
        return path.exists() and database.is_current(path)
    except StorageError:
        return False  # unreadable or damaged: the caller checks before anything else


def is_set_up(data_dir: Path) -> bool:
    """True when ``data_dir`` holds a venue with an owner (otherwise the GUI offers first-start)."""
    path = database_path(data_dir)
    return path.exists() and database.holds_data(path)
