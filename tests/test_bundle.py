"""The desktop bundle (build.spec): build it with PyInstaller, then use it as an outlet would.

The build goes into a temporary folder (about a minute on two cores); the smoke test then
runs from the frozen folder with a clean environment, so a data file or a module that
only the source tree has shows up here and not at an outlet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parents[1]
APP = "ewarong-pos"
EXE = ".exe" if sys.platform == "win32" else ""
# Qt libraries of modules the app does not use; none of them may be in the folder.
UNUSED_QT = ("Qml", "Quick", "WebEngine", "3D", "Multimedia", "Pdf", "Designer", "Charts")
# The central office service and the tools that must stay out of the outlet's app.
FORBIDDEN_MODULES = (
    "ewarong_pos.central",
    "ewarong_pos.cli",
    "ewarong_pos.bench",
    "fastapi",
    "starlette",
    "uvicorn",
    "psycopg",
    "pytest",
    "hypothesis",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtWebEngineCore",
)


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _clean_env(home: Path) -> dict[str, str]:
    """The environment of a fresh user: no venv, no PYTHONPATH, own home and XDG folders."""
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_", "QT_", "EWARONG_"))
    }
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        APPDATA=str(home / "AppData" / "Roaming"),
        LOCALAPPDATA=str(home / "AppData" / "Local"),
        # platformdirs asks Windows itself for these folders unless overridden.
        WIN_PD_OVERRIDE_APPDATA=str(home / "AppData" / "Roaming"),
        WIN_PD_OVERRIDE_LOCAL_APPDATA=str(home / "AppData" / "Local"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        # python-escpos leaves a temporary folder per start; keep them in the test's.
        TMPDIR=str(home / "tmp"),
        TEMP=str(home / "tmp"),
        TMP=str(home / "tmp"),
        QT_QPA_PLATFORM="offscreen",
        LC_ALL="C.UTF-8",
        LANG="C.UTF-8",
    )
    if sys.platform == "win32":
        # Keep the test's database keys out of the user's Credential Manager.
        env["EWARONG_KEY_DIR"] = str(home / "keys")
    return env


def _missing_build_tool() -> str | None:
    """What PyInstaller needs from the system (not from pip), if it is missing."""
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        return "PyInstaller needs objdump on Linux (Debian: apt-get install binutils)"
    from PyInstaller.depend.bindepend import get_python_library_path

    try:
        found = get_python_library_path()
    except Exception:
        found = None
    if not found:
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"
        return f"PyInstaller needs Python's shared library (Debian: libpython{version})"
    return None


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, request) -> Path:
    """Build dist/ewarong-pos from build.spec; the folder an outlet copies."""
    missing = _missing_build_tool()
    if missing:
        pytest.skip(missing)  # .ci/run installs both; a developer's machine may lack them
    base = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(base / "dist"),
            "--workpath",
            str(base / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=base,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, f"pyinstaller failed:\n{result.stderr[-6000:]}"
    folder = base / "dist" / APP
    # Figures for the note (printed, never asserted).
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nbundle: built in {seconds:.0f} s, {_folder_size(folder) / 2**20:.0f} MiB "
                f"in {folder}"
            )
    return folder


def _frozen_modules(executable: Path) -> set[str]:
    """Module names in the executable's archive (PyInstaller's own reader)."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable))
    pyz = next(name for name in archive.toc if name.endswith(".pyz"))
    return set(archive.open_embedded_archive(pyz).toc)


def test_bundle_holds_the_app_its_data_and_nothing_of_the_office(bundle):
    internal = bundle / "_internal"
    assert (bundle / f"{APP}{EXE}").is_file()
    assert (bundle / f"{APP}-console{EXE}").is_file()

    # Alembic reads env.py and the revisions from disk: every one must be shipped as source.
    migrations = ROOT / "ewarong_pos" / "db" / "migrations"
    sources = [p for p in migrations.rglob("*") if p.is_file() and p.suffix in (".py", ".mako")]
    assert any(p.parent.name == "versions" for p in sources)
    for source in sources:
        shipped = internal / "ewarong_pos" / "db" / "migrations" / source.relative_to(migrations)
        assert shipped.read_bytes() == source.read_bytes(), shipped

    # Resources (icons, styles, compiled translations) where ewarong_pos.resources looks.
    for source in (ROOT / "resources").rglob("*"):
        if source.is_file() and source.suffix not in (".ts", ".py", ".pyc"):
            assert (internal / "resources" / source.relative_to(ROOT / "resources")).is_file()
    for ts in (ROOT / "resources" / "translations").glob("*.ts"):
        assert (internal / "resources" / "translations" / f"{ts.stem}.qm").is_file()

    # Data files of the libraries.
    assert (internal / "escpos" / "capabilities.json").is_file()
    assert (internal / "stdnum" / "id" / "loc.dat").is_file()
    assert list((internal / "reportlab" / "fonts").glob("*.ttf"))

    # Every outlet module is in (the app imports services by name) and the office is out.
    modules = _frozen_modules(bundle / f"{APP}{EXE}")
    package = ROOT / "ewarong_pos"
    for source in package.rglob("*.py"):
        parts = source.relative_to(package.parent).with_suffix("").parts
        if parts[1] in ("central", "cli", "bench", "__main__") or parts[-1] == "__init__":
            continue
        if "migrations" in parts and "versions" in parts:
            continue
        assert ".".join(parts) in modules
    leaked = sorted(
        name
        for name in modules
        if any(name == bad or name.startswith(f"{bad}.") for bad in FORBIDDEN_MODULES)
    )
    assert not leaked
    assert not (internal / "ewarong_pos" / "central").exists()

    # Unused Qt modules stay out (libQt6Quick..., QtWebEngine..., their Python bindings).
    qt_files = [p.name for p in internal.rglob("*Qt*") if p.is_file()]
    assert not [name for name in qt_files for unused in UNUSED_QT if f"Qt6{unused}" in name]
    assert not [name for name in qt_files for unused in UNUSED_QT if name.startswith(f"Qt{unused}")]


def test_smoke_test_runs_from_the_bundle(bundle, tmp_path):
    home = tmp_path / "home"
    workdir = tmp_path / "cwd"
    data = tmp_path / "data"
    workdir.mkdir()
    before = _snapshot(bundle)

    result = subprocess.run(
        [str(bundle / f"{APP}-console{EXE}"), "--smoke-test", "--data-dir", str(data)],
        cwd=workdir,
        env=_clean_env(home),
        capture_output=True,
        text=True,
        timeout=600,
    )

    report = f"stdout:\n{result.stdout}\nstderr:\n{result.stderr[-6000:]}"
    assert result.returncode == 0, report
    assert "smoke test passed" in result.stdout, report
    # A step the frozen app could not find is skipped, not failed: none may be skipped.
    assert "skipped" not in result.stdout, report
    assert (data / "outlet.db").stat().st_size > 0
    logs = "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("*.log*"))
    # A frozen-only loss (a resource, a translation, a module) is logged, not raised.
    assert not [line for line in logs.splitlines() if " WARNING " in line or " ERROR " in line]
    assert (data / "smoke-login.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (data / "smoke-main.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # The receipt, as ESC/POS bytes (starting with ESC @, the printer reset) and as a PDF.
    pdfs = [p for p in data.rglob("*.pdf") if p.read_bytes().startswith(b"%PDF-")]
    escpos = [p for p in data.rglob("*") if p.is_file() and p.read_bytes().startswith(b"\x1b@")]
    assert pdfs, report
    assert escpos, report

    # Nothing written next to the executable or in the working folder.
    assert _snapshot(bundle) == before
    assert not list(workdir.iterdir())


def test_english_translation_loads_in_the_bundle(bundle, tmp_path):
    data = tmp_path / "data"
    command = [str(bundle / f"{APP}-console{EXE}"), "--smoke-test", "--lang", "en"]
    result = subprocess.run(
        [*command, "--data-dir", str(data)],
        env=_clean_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-6000:]
    log = "".join(p.read_text(encoding="utf-8") for p in (data / "logs").glob("*.log*"))
    assert "translation file missing" not in log


def test_without_data_dir_the_app_keeps_its_data_in_the_per_user_folder(bundle, tmp_path):
    """Started plainly (as from a shortcut), the data goes to the user's data folder."""
    home = tmp_path / "home"
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    env = _clean_env(home)
    before = _snapshot(bundle)
    # Without an outlet the app opens its "not set up" message box and waits for the user;
    # it is stopped once it has opened its database and log.
    user_data = Path(env["XDG_DATA_HOME"]) / APP
    if sys.platform == "win32":
        user_data = Path(env["LOCALAPPDATA"]) / APP
    process = subprocess.Popen(
        [str(bundle / f"{APP}{EXE}")],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        log = user_data / "logs" / "ewarong-pos.log"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if log.exists() and (user_data / "outlet.db").exists():
                break
            time.sleep(0.2)
        exited = process.poll()
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.stderr:
            process.stderr.close()
    assert exited is None, f"the app exited early ({exited}):\n{stderr[-4000:]}"
    assert (user_data / "outlet.db").is_file()
    assert "starting on" in (user_data / "logs" / "ewarong-pos.log").read_text(encoding="utf-8")
    assert _snapshot(bundle) == before
    assert not list(workdir.iterdir())
