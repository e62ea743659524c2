"""The code's layers hold: CLI -> run -> stages -> schemas/catalog, without cycles, and only the
orchestrator may deal in processes (the contracts in pyproject.toml, checked by import-linter)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT

CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
PACKAGE = ROOT / "pipeline"
ORCHESTRATOR = "pipeline.run"


def _modules() -> list[str]:
    """Every module and subpackage directly under pipeline/ (as the layers name them)."""
    names = {f"pipeline.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    names |= {f"pipeline.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return sorted(names)


def _contract(kind: str) -> dict:
    return next(c for c in CONTRACTS if c["type"] == kind)


def test_the_import_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a test dependency (pyproject.toml [test])"
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout


def test_every_module_has_a_layer():
    layered = {name.strip() for layer in _contract("layers")["layers"] for name in layer.replace("|", ":").split(":")}
    assert [m for m in _modules() if m not in layered] == []


def test_only_the_orchestrator_may_import_process_modules():
    sources = set(_contract("forbidden")["source_modules"])
    assert [m for m in _modules() if m != ORCHESTRATOR and m not in sources] == []
    assert ORCHESTRATOR not in sources


def test_no_module_but_the_orchestrator_starts_or_asks_about_processes():
    """What import-linter cannot see: ``os.fork()``, ``os.getpid()`` and their kin."""
    process_calls = {"fork", "forkpty", "getpid", "getppid", "system", "popen", "spawnv", "spawnl", "waitpid",
                     "kill", "sched_getaffinity", "cpu_count", "_exit"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "run.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in process_calls
                    and isinstance(node.value, ast.Name) and node.value.id == "os"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} os.{node.attr}")
    assert found == []
