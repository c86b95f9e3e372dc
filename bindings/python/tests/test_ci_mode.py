"""With CI=true a skipped test, or a test module skipped because an optional
module is missing, fails the run: CI must run the whole suite."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

from conftest import PACKAGE_DIR

SKIPPING = {
    "test_skip_in_test.py": "import pytest\n\ndef test_x():\n    pytest.skip('no thing')\n",
    "test_skip_module.py": "import pytest\n\npytest.importorskip('no_such_module_here')\n\n"
                           "def test_y():\n    pass\n",
}


def _run(tmp_path: pathlib.Path, name: str, ci: bool) -> subprocess.CompletedProcess:
    suite = tmp_path / name.replace(".py", "")
    suite.mkdir(parents=True)
    shutil.copy(pathlib.Path(__file__).with_name("conftest.py"), suite / "conftest.py")
    (suite / name).write_text(SKIPPING[name])
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(PACKAGE_DIR)
    if ci:
        env["CI"] = "true"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)]
    return subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)


def test_skips_fail_in_ci(tmp_path: pathlib.Path) -> None:
    for k, name in enumerate(SKIPPING):
        local = _run(tmp_path / f"local{k}", name, ci=False)
        assert local.returncode in (0, 5), local.stdout  # 5: nothing ran
        assert "skipped" in local.stdout and "failed" not in local.stdout
        ci = _run(tmp_path / f"ci{k}", name, ci=True)
        assert ci.returncode not in (0, 5), ci.stdout
        assert "skipped in CI" in ci.stdout
