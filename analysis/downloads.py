"""The rows behind a report's charts, offered as CSV and xlsx beside the HTML.

    downloads.offer(table, "articles_per_outlet", downloads)

writes `<downloads>/articles_per_outlet.csv` and `.xlsx` and shows two links relative to the report
(`data/<notebook>/…`), so the folder can be zipped or moved as a whole. In JupyterLab `downloads` is
empty and nothing is written: the table is already in the kernel.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

DATA = "data"  # the folder, beside the reports, that holds one sub-folder of tables per notebook


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "table"


def write(table: pd.DataFrame, name: str, folder: str | Path) -> list[Path]:
    """`folder/name.csv` (UTF-8 with BOM, so Excel reads Persian and Arabic) and `folder/name.xlsx`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    frame = table.reset_index() if _named_index(table) else table.copy()
    frame.columns = [str(c) for c in frame.columns]
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.DatetimeTZDtype):  # xlsx holds no time zones
            frame[column] = frame[column].dt.tz_localize(None)
    csv, xlsx = folder / f"{_safe(name)}.csv", folder / f"{_safe(name)}.xlsx"
    frame.to_csv(csv, index=False, encoding="utf-8-sig")
    frame.astype(object).where(frame.notna(), None).to_excel(xlsx, index=False, engine="openpyxl")
    return [csv, xlsx]


def _named_index(table: pd.DataFrame) -> bool:
    return any(n is not None for n in table.index.names)


def links(name: str, folder: str | Path) -> str:
    """HTML links to the two files, relative to the report (which sits two folders above them)."""
    rel = f"{DATA}/{Path(folder).name}/{_safe(name)}"
    return (f'<p class="downloads">Data behind this: '
            f'<a href="{html.escape(rel)}.csv" download>CSV</a> · '
            f'<a href="{html.escape(rel)}.xlsx" download>Excel</a></p>')


def offer(table: pd.DataFrame, name: str, downloads: str | Path | None) -> None:
    """Write the table's files and show their links (nothing when `downloads` is empty: JupyterLab)."""
    if not downloads:
        return
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    if plt.get_fignums():  # the chart these rows belong to goes first, its links under it
        plt.show()
    write(table, name, downloads)
    display(HTML(links(name, downloads)))
