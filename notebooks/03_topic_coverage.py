# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Topic coverage
#
# Which topics each outlet covers, normalized by the outlet's volume: an article's topic weights sum
# to one, so a share is "of this outlet's articles". Topics come from the codebook
# (`analysis/lexicons/codebook/codebook.yaml`, or the one given to `build --codebook`), matched on
# normalized token keys in both languages. Below the codebook, topics discovered by NMF show what the
# codebook may miss.

# %% tags=["parameters"]
corpus = "../data/processed/seeds"
outlets = []  # report filters (`report --outlets/--from/--to/--lang`); empty keeps everything
start = None  # "YYYY-MM-DD"
end = None
lang = None  # "fa" or "ar"
downloads = ""  # folder for the CSV/xlsx behind each chart: the reports set it, JupyterLab leaves it empty
interactive = True  # JupyterLab: filter with drop-downs; the HTML reports draw the static charts

# %%
import analysis
from analysis.downloads import offer
from analysis import explore, plots, topics
from IPython.display import HTML, display

c = analysis.load(corpus).filter(outlets=outlets, start=start, end=end, lang=lang)
book = c.manifest.get("codebook", {})
print(f"{len(c.ok)} articles, {c.topics['article_id'].nunique()} with a codebook topic; "
      f"codebook {book.get('name', '?')} {book.get('version', '')}")

# %% [markdown]
# ## Topic share per outlet
#
# Each cell: the share of the outlet's articles given to the topic (the 12 largest topics overall).

# %%
share = topics.topic_share(c)
plots.heatmap(share, "Topic share per outlet (of each outlet's articles)");
offer(share, "topic_share_per_outlet", downloads)

# %%
plots.stacked_bars(share, "Topic share per outlet", "share of the outlet's articles", percent=True);

# %% [markdown]
# ## Filter: one outlet, language or topic
#
# In JupyterLab the drop-downs redraw the chart; in an exported report this is the whole corpus.

# %%
def draw(part):
    table = topics.topic_share(part, by="lang")
    if table.empty or not table.to_numpy().any():
        print("no codebook topics in this selection")
        return
    plots.stacked_bars(table, "Topic share per language", "share of the language's articles", percent=True)
    plots.plt.show()

explore.panel(c, draw, interactive)
offer(topics.topic_share(c, by="lang"), "topic_share_per_language", downloads)

# %% [markdown]
# ## Coverage over time
#
# Weekly share of each period's articles, for the six largest topics (articles with a date only).

# %%
over_time = topics.coverage_over_time(c)
if len(over_time) > 1:
    plots.lines(over_time, "Topic coverage over time", "share of the week's articles");
    offer(over_time, "coverage_over_time", downloads)
else:
    print("Too few dated weeks to draw coverage over time.")

# %% [markdown]
# ## Topics discovered beside the codebook
#
# Per language, NMF over TF-IDF of normalized keys (stopwords from hazm and our Arabic list). Each
# component lists its strongest words, how many articles it dominates and the codebook topic those
# articles mostly carry: a component whose articles carry no codebook topic is a candidate for a new one.

# %%
for lang in sorted(c.ok["lang"].dropna().unique()):
    found = topics.discover(c, lang)
    display(HTML(f"<h4>{plots.html.escape(plots.LANG_NAMES.get(lang, lang))}</h4>" + plots.html_table(found)))
    offer(found, f"discovered_topics_{lang}", downloads)
