"""modlint.runtime is what applications import at startup: it must stay light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import modlint.runtime as runtime


def test_runtime_imports_without_libcst_or_click(tmp_path: Path) -> None:
    code = (
        "import modlint.runtime, sys\n"
        "assert 'libcst' not in sys.modules and 'click' not in sys.modules, sorted(sys.modules)\n"
        "assert 'fastapi' not in sys.modules and 'alembic' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_public_api_is_exported() -> None:
    for name in runtime.__all__:
        assert getattr(runtime, name) is not None
    assert issubclass(runtime.ModuleConfigError, runtime.ModuleError)
    assert issubclass(runtime.CoreModuleError, runtime.ModuleDependencyError)
    assert issubclass(runtime.UnknownModuleError, runtime.ModuleRuntimeError)
