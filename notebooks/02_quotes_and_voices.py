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
# # Quotes and voices
#
# Whose words each outlet prints, how (verbatim or paraphrased, "said" or "claimed"), and how the
# same person's words read in different outlets. Quotes and speakers are extracted by
# `analysis.quotes` and `analysis.entities`; speakers are unified across spellings and scripts
# (لاوروف / لافروف are one person). Outlets whose name is unknown are kept apart, one per article.

# %% tags=["parameters"]
corpus = "../data/processed/seeds"
outlets = []  # report filters (`report --outlets/--from/--to/--lang`); empty keeps everything
start = None  # "YYYY-MM-DD"
end = None
lang = None  # "fa" or "ar"
downloads = ""  # folder for the CSV/xlsx behind each chart: the reports set it, JupyterLab leaves it empty
speakers = []  # speakers to compare across outlets (English labels); empty: the three most widely quoted

# %%
import analysis
from analysis.downloads import offer
from analysis import plots, voices
from IPython.display import HTML, display

c = analysis.load(corpus).filter(outlets=outlets, start=start, end=end, lang=lang)
quotes = voices.quote_table(c)
print(f"{len(quotes)} quotes in {quotes['article_id'].nunique()} of {len(c.ok)} articles, "
      f"{quotes['speaker_label'].nunique()} speakers, {quotes['outlet'].nunique()} outlets")

# %% [markdown]
# ## Quotes per outlet: direct and indirect

# %%
kinds = voices.kinds_per_outlet(quotes)
plots.stacked_bars(kinds, "Quotes per outlet", "quotes", plots.KIND_COLORS);
offer(kinds, "quotes_per_outlet", downloads)

# %% [markdown]
# ## Most-quoted speakers per outlet
#
# A speaker's share is of the outlet's own quotes.

# %%
top = voices.top_speakers(quotes, n=5).assign(share=lambda t: (100 * t["share"]).round().astype(int).astype(str) + "%")
display(HTML(plots.html_table(top)))
offer(top, "top_speakers", downloads)

# %% [markdown]
# ## Voice share by affiliation
#
# Each outlet's quotes split by the country or body the speaker belongs to (from the gazetteer),
# normalized by the outlet's number of quotes. "(not known)" covers speakers the gazetteer does not
# know and vague sources.

# %%
by_affiliation = voices.share(quotes, "affiliation")
plots.stacked_bars(by_affiliation, "Whose voices: share of each outlet's quotes",
                   "share of the outlet's quotes", percent=True);
offer(by_affiliation, "voice_share_by_affiliation", downloads)

# %% [markdown]
# ## How outlets attribute: cue nuance
#
# neutral (قال، گفت), assertive (أكد، تاکید کرد), distancing (زعم، ادعا کرد), denial, critical,
# demand, report, additive — from `analysis/lexicons/<lang>/cues.tsv`.

# %%
nuance = voices.share(quotes, "cue_nuance")
plots.stacked_bars(nuance, "Cue nuance per outlet", "share of the outlet's quotes",
                   plots.NUANCE_COLORS, percent=True);
offer(nuance, "cue_nuance", downloads)

# %% [markdown]
# ## The same speaker across outlets
#
# Speakers quoted by at least two outlets, then each outlet's rendering of one speaker's words side by
# side: this is where an outlet turning "where our interests intersect" into "where our interests
# conflict" shows.

# %%
shared = voices.speakers_across_outlets(quotes)
display(HTML(plots.html_table(shared))) if len(shared) else print("No speaker is quoted by two outlets.")
offer(quotes, "quotes", downloads)

# %%
for name in speakers or list(shared["speaker_label"].head(3)):
    display(HTML(f"<h3>{plots.html.escape(name)}</h3>" + plots.side_by_side(voices.renderings(quotes, name))))
