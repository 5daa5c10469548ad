"""Real-browser journeys: Playwright drives the system Chromium against pytest-django's live server.

Every page a journey visits is checked with axe-core (WCAG 2.2 A/AA, 0 violations allowed) and for
browser console errors, CSP violations included. Screenshots go to screenshots/ (git-ignored).
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # pytest-playwright runs an event loop

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Git-ignored; not test-results/, which pytest-playwright empties at the start of each run.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Validation answers (422) and refusals (409) are expected in some journeys; the browser logs each one.
EXPECTED_CONSOLE = ("status of 422", "status of 409")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


class Watch:
    """Collects console errors of every page it watches and checks pages with axe."""

    axe = Axe()

    def __init__(self):
        self.errors: list[str] = []
        self.checked: list[str] = []

    def page(self, page):
        def on_console(message):
            if message.type == "error" and not any(text in message.text for text in EXPECTED_CONSOLE):
                self.errors.append(f"console error on {page.url}: {message.text}")

        page.set_default_timeout(15_000)  # fail fast rather than wait 30 s per step
        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error on {page.url}: {error}"))
        return page

    def check(self, page, name: str, *, screenshot: bool = True) -> None:
        """axe over the whole page (0 violations at WCAG 2.2 AA), and a screenshot."""
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        assert results.violations_count == 0, f"axe on {name} ({page.url}):\n{results.generate_report()}"
        self.checked.append(name)
        if screenshot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def watch():
    watcher = Watch()
    yield watcher
    assert not watcher.errors, "\n".join(watcher.errors)


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the reviewed seed content, a learner, an instructor with a cohort, an editor."""
    from django.apps import apps

    from accounts.roles import sync_roles
    from content.transfer_import import content_import
    from tests.conftest import SEED_EXPORT

    sync_roles(apps)  # the database is flushed between browser tests, roles included
    from tests.factories import CohortFactory, EditorFactory, InstructorFactory, LearnerFactory

    content_import(SEED_EXPORT.read_text(encoding="utf-8"))
    learner = LearnerFactory(username="lena")
    instructor = InstructorFactory(username="ivan")
    CohortFactory(instructor=instructor, name="Tuesday group", members=[learner])
    EditorFactory(username="edith")
    return live_server.url


PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


def sign_in(page, base: str, username: str, *, admin: bool = False) -> None:
    page.goto(f"{base}/{'admin/login/' if admin else 'accounts/login/'}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[type=submit], main button[type=submit]").first.click()
    page.wait_for_load_state()
