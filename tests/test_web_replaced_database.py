"""A running ``casewatch serve`` reads a SQLite file replaced under it (as a
rerun of ``casewatch demo`` deletes and recreates its database), not the
deleted one."""

from __future__ import annotations

import json
import os
import shutil

PAGE = "<html><body><article><p>{text}</p></article></body></html>"


def test_a_replaced_database_file_is_read(workspace, site, serve, http_get) -> None:
    workspace.write_local_config(
        f"""
        [[people]]
        name = "Maryia Kalesnikava"
        [[sources]]
        name = "UA"
        url = "{site.url("/ua")}"
        people = ["Maryia Kalesnikava"]
        """
    )
    database = workspace.folder / "casewatch.db"
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was detained."))
    assert workspace.cli("run").returncode == 0
    shutil.copy(database, workspace.folder / "detained.db")
    site.put("/ua", PAGE.format(text="Maryia Kalesnikava was sentenced."))
    assert workspace.cli("run", "--all").returncode == 0
    os.replace(database, workspace.folder / "sentenced.db")
    os.replace(workspace.folder / "detained.db", database)

    with serve(workspace) as url:
        [before] = json.loads(http_get(url + "api/cases")[1])
        assert before["status"] == "detained"
        # A new file where the old one was: the old one is deleted, not changed.
        os.replace(workspace.folder / "sentenced.db", database)
        [after] = json.loads(http_get(url + "api/cases")[1])
        assert after["status"] == "sentenced"
