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
# # Framing
#
# How each outlet frames what it covers: the generic frames of Semetko & Valkenburg (conflict,
# responsibility, economic consequences, human interest, morality) plus cooperation; loaded terms and
# hedges with the sentences they occur in; where frames sit (headline, lead, body); and whom each
# outlet cites. Indicator terms come from the codebook; every share is within the outlet.

# %% tags=["parameters"]
corpus = "../data/processed/seeds"
outlets = []  # report filters (`report --outlets/--from/--to/--lang`); empty keeps everything
start = None  # "YYYY-MM-DD"
end = None
lang = None  # "fa" or "ar"
downloads = ""  # folder for the CSV/xlsx behind each chart: the reports set it, JupyterLab leaves it empty
interactive = True

# %%
import analysis
from analysis.downloads import offer
from analysis import explore, framing, plots
from IPython.display import HTML, display

c = analysis.load(corpus).filter(outlets=outlets, start=start, end=end, lang=lang)
print(f"{len(c.ok)} articles, {len(c.codebook_hits[c.codebook_hits['category'] == 'frame'])} frame terms, "
      f"{len(c.citations)} citations of {c.citations['source_id'].nunique()} sources")

# %% [markdown]
# ## Generic frames per outlet

# %%
def draw(part):
    table = framing.frame_share(part)
    if table.empty:
        print("no frame terms in this selection")
        return
    plots.stacked_bars(table, "Generic frames: share of each outlet's frame terms", "share", percent=True)
    plots.plt.show()

explore.panel(c, draw, interactive)
offer(framing.frame_share(c), "frame_share_per_outlet", downloads)

# %% [markdown]
# ## Loaded terms and hedges per outlet
#
# How often each outlet uses each evaluative term or hedge (per 1,000 of its articles), with the
# first sentence it occurs in.

# %%
loaded = framing.terms_per_outlet(c)
display(HTML(plots.html_table(loaded.head(60))))
offer(loaded, "loaded_terms_and_hedges", downloads)

# %% [markdown]
# ## Headline, lead and body
#
# The share of each position's frame terms that belong to each frame: a frame that leads the headline
# but is rare in the body is how an outlet angles a story.

# %%
position = framing.by_position(c)
if not position.empty:
    plots.stacked_bars(position, "Where frames sit", "share of the position's frame terms", percent=True);
    offer(position, "frames_by_position", downloads)

# %% [markdown]
# ## Cited sources: who relies on whom
#
# The share of each outlet's articles that cite each news organisation (`analysis.citations`, with
# the outlet registry `lexicons/entities/outlets.yaml`), and the credits (datelines) their copy carries.

# %%
cited = framing.cited_sources(c)
if cited.empty:
    print("No cited sources in this corpus.")
else:
    plots.heatmap(cited, "Cited sources (share of the outlet's articles)");
    offer(cited, "cited_sources", downloads)

# %%
lines = framing.datelines(c)
display(HTML(plots.html_table(lines)))
offer(lines, "datelines", downloads)
