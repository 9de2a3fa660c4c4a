"""A coordinator on Windows: a console that shows only cp1252 or cp850, and folders named as people name them."""

import os
import shutil
import subprocess
import sys
import unicodedata

import pytest

from malxl.example import write_example

FOLDER = "Mål – rapport 2024 åäö"  # a space, å/ä/ö, an en dash (not in cp850)


def malxl(*args, cwd, encoding):
    env = dict(os.environ, PYTHONIOENCODING=encoding, MALXL_LANG="sv")
    done = subprocess.run([sys.executable, "-m", "malxl.cli", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, timeout=300)
    assert b"Traceback" not in done.stderr, done.stderr.decode(encoding)
    return done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("konsol") / FOLDER
    root.mkdir()
    write_example(root, mistakes=True)
    for path in (root / "inbox").iterdir():  # as macOS writes names: decomposed (NFD) å, ä, ö
        path.rename(path.with_name(unicodedata.normalize("NFD", path.name)))
    return root


@pytest.mark.parametrize("encoding", ["cp850", "cp1252"])
def test_every_command_runs_on_a_windows_console_in_a_folder_named_with_spaces_and_swedish_letters(project, encoding,
                                                                                                    tmp_path):
    root = tmp_path / FOLDER
    shutil.copytree(project, root)
    assert malxl("init", "Ny – omgång", cwd=root, encoding=encoding)[0] == 0
    assert malxl("generate", "plan.xlsx", "-o", "ut korg", cwd=root, encoding=encoding)[0] == 0
    code, out, _ = malxl("collect", "inbox", cwd=root, encoding=encoding)
    # Näringsliv, Samhällsbyggnad and Socialtjänst, named in NFD, are recognised (Kommunikation never answers here)
    assert code == 1 and "Svarat: 7 av 8 avdelningar.\nInte svarat: Kommunikation\n" in out
    assert malxl("status", "inbox", cwd=root, encoding=encoding)[0] == 1
    code, out, _ = malxl("feedback", "sammanstallning.xlsx", cwd=root, encoding=encoding)
    assert code == 0 and "att åtgärda -> aterkoppling" in out  # the arrow spelled in ASCII
    code, out, _ = malxl("report", "sammanstallning.xlsx", cwd=root, encoding=encoding)
    assert code == 1 and (root / "rapport" / "rapport.docx").exists()
    code, _, err = malxl("--help", cwd=root, encoding=encoding)
    assert code == 0
    assert malxl("report", "finns inte.xlsx", cwd=root, encoding=encoding)[2].splitlines()[-1] == (
        "Fel: Ogiltigt värde för SAMMANSTÄLLNING: 'finns inte.xlsx' finns inte.")
