"""The first install says what it is doing: one numbered line per package pip gets to."""

from __future__ import annotations

import subprocess

from tests.mobile.e2e.processes import ROOT

PIP_SAYS = """\
Looking in indexes: https://pypi.org/simple
Obtaining file:///work/shuangkong
  Installing build dependencies: started
Collecting flet==1.0.5 (from shuangkong==0.1.0)
  Downloading flet-1.0.5-py3-none-any.whl (600 kB)
WARNING: Location 'file:///opt/pypi/simple/flet/' is ignored: it is neither a file nor a directory.
Requirement already satisfied: pip in ./.venv/lib/python3.11/site-packages
Processing /opt/pypi/files/mdurl-0.1.2-py3-none-any.whl (from markdown-it-py>=2.2.0)
Installing collected packages: mdurl, flet
ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device
Successfully installed flet-1.0.5 mdurl-0.1.2
"""


def test_pip_output_becomes_a_numbered_line_per_package_and_errors_pass_through():
    function = subprocess.run(
        ["sed", "-n", "/^pip_progress()/,/^}/p", "scripts/bootstrap"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    shown = subprocess.run(
        ["bash", "-c", f"{function}\npip_progress"],
        input=PIP_SAYS,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert shown == [
        "  Preparing the project itself (its build backend) …",
        "  [  1] flet==1.0.5",
        "  [  2] mdurl-0.1.2-py3-none-any.whl",
        "  Installing 2 packages …",
        "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device",
        "  Done.",
    ]
