"""matplotlib charts the notebooks use. Each takes tables and returns a Figure.

matplotlib ≥ 3.10 shapes Arabic-script text itself (with DejaVu Sans): labels need no reshaping.
"""
from __future__ import annotations

import html


import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

LANG_NAMES = {"fa": "Persian", "ar": "Arabic"}
LANG_COLORS = {"fa": "#1b7f79", "ar": "#c8553d"}
UNKNOWN_OUTLET = "(outlet unknown)"
plt.rcParams.update({"font.family": "DejaVu Sans", "axes.spines.top": False, "axes.spines.right": False,
                     "figure.dpi": 110})


def html_table(frame: pd.DataFrame) -> str:
    """A table for reports: escaped text, empty cells for missing values, dates without time,
    and every cell `dir="auto"` so Persian and Arabic read right-to-left."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    shown = shown.astype(object).where(shown.notna(), "")
    return shown.to_html(index=False, escape=True).replace("<td>", '<td dir="auto">')


def _outlets(articles: pd.DataFrame) -> pd.Series:
    return articles["outlet"].fillna(UNKNOWN_OUTLET).astype(str)


def articles_per_outlet(articles: pd.DataFrame, top: int = 25) -> Figure:
    """Horizontal bars: articles per outlet, split by language."""
    counts = (articles.assign(outlet=_outlets(articles))
              .pivot_table(index="outlet", columns="lang", values="article_id", aggfunc="count", fill_value=0))
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=True).index[-top:]]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(counts) + 1.4))
    left = pd.Series(0, index=counts.index)
    for lang in counts.columns:
        ax.barh(counts.index, counts[lang], left=left, color=LANG_COLORS.get(lang, "grey"),
                label=LANG_NAMES.get(lang, lang))
        left += counts[lang]
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("articles")
    ax.set_title("Articles per outlet and language")
    ax.legend(frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


def length_distribution(articles: pd.DataFrame) -> Figure:
    """Histogram of article length in words, one colour per language."""
    fig, ax = plt.subplots(figsize=(8, 3.2))
    for lang, group in articles.groupby("lang"):
        ax.hist(group["n_words"].astype(float), bins=min(40, max(5, len(group) // 3)), alpha=0.65,
                color=LANG_COLORS.get(lang, "grey"), label=f"{LANG_NAMES.get(lang, lang)} (n={len(group)})")
    ax.set_xlabel("words per article")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("articles")
    ax.set_title("Article length")
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig


def top_terms(terms: dict[str, list[tuple[str, int]]]) -> Figure:
    """Side-by-side bars of the most frequent words per language, labelled in their own script."""
    langs = [lang for lang in ("fa", "ar") if terms.get(lang)]
    fig, axes = plt.subplots(1, max(1, len(langs)), figsize=(4.6 * max(1, len(langs)), 0.32 * max(
        (len(terms[lang]) for lang in langs), default=5) + 1.3), squeeze=False)
    for ax, lang in zip(axes[0], langs):
        words, counts = zip(*reversed(terms[lang]))
        ax.barh(range(len(words)), counts, color=LANG_COLORS[lang])
        ax.set_yticks(range(len(words)), words, fontsize=11)
        ax.set_title(f"Most frequent words: {LANG_NAMES[lang]}")
        ax.set_xlabel("occurrences")
    fig.tight_layout()
    return fig


def stacked_bars(table: pd.DataFrame, title: str, xlabel: str, colors: dict[str, str] | None = None,
                 percent: bool = False) -> Figure:
    """Horizontal stacked bars, one per row of `table` (outlets), one colour per column."""
    table = table.loc[table.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(table) + 1.8))
    left = pd.Series(0.0, index=table.index)
    palette = plt.get_cmap("tab10" if len(table.columns) <= 10 else "tab20")  # no two columns share a colour
    for n, column in enumerate(table.columns):
        ax.barh(table.index, table[column], left=left, label=str(column),
                color=(colors or {}).get(column, palette(n % palette.N)))
        left += table[column]
    if percent:
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        ax.set_xlim(0, 1)
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    fig.tight_layout()
    return fig


KIND_COLORS = {"direct": "#3b6ea5", "indirect": "#9dbbd8"}
NUANCE_COLORS = {"neutral": "#b8b8b8", "assertive": "#3b6ea5", "additive": "#9dbbd8", "report": "#6a9f58",
                 "distancing": "#c8553d", "denial": "#8c2d19", "critical": "#e39b3a", "demand": "#7b5ea7"}


def side_by_side(columns: dict[str, list[str]]) -> str:
    """One column per outlet, each holding that outlet's quotes as a list: renderings read across.
    Text is escaped and every cell is `dir="auto"`, so Persian and Arabic read right-to-left."""
    head = "".join(f'<th dir="auto">{html.escape(name)}</th>' for name in columns)
    cells = "".join('<td dir="auto" style="vertical-align: top; min-width: 14em;"><ul style="padding-inline-start: '
                    '1.2em; margin: 0;">' + "".join(f"<li>{html.escape(q)}</li>" for q in quotes) + "</ul></td>"
                    for quotes in columns.values())
    return f'<table class="side-by-side"><thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table>'


def heatmap(table: pd.DataFrame, title: str, percent: bool = True) -> Figure:
    """Rows × columns as shaded cells with their values written in: outlet × topic shares."""
    fig, ax = plt.subplots(figsize=(max(6.0, 0.75 * len(table.columns) + 3), 0.5 * len(table) + 2.2))
    image = ax.imshow(table.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(len(table.columns)), [str(c) for c in table.columns], rotation=40, ha="right")
    ax.set_yticks(range(len(table.index)), [str(i) for i in table.index])
    peak = float(table.to_numpy().max()) if table.size else 0.0
    for (r, c), value in pd.DataFrame(table.to_numpy()).stack().items():
        ax.text(c, r, f"{value:.0%}" if percent else f"{value:g}", ha="center", va="center", fontsize=8,
                color="white" if value > 0.6 * peak else "black")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, shrink=0.7, format=plt.FuncFormatter(lambda v, _: f"{v:.0%}" if percent else f"{v:g}"))
    ax.spines[:].set_visible(False)
    fig.tight_layout()
    return fig


def lines(table: pd.DataFrame, title: str, ylabel: str, percent: bool = True) -> Figure:
    """One line per column over the index (periods): coverage over time."""
    fig, ax = plt.subplots(figsize=(9, 3.6))
    for column in table.columns:
        ax.plot(table.index, table[column], marker="o", markersize=3, label=str(column))
    if percent:
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
