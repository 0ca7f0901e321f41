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
# # Stories
#
# Articles that report the same event, across outlets and across Persian and Arabic, grouped by
# language-independent signals: the people and bodies they name or quote, their codebook topics, the
# days they mention, and their dates (`analysis.stories`). For each story carried by more than one
# outlet: who carried it, in which language, and what each emphasised.

# %% tags=["parameters"]
corpus = "../data/processed/seeds"
outlets = []  # report filters (`report --outlets/--from/--to/--lang`); empty keeps everything
start = None  # "YYYY-MM-DD"
end = None
lang = None  # "fa" or "ar"
downloads = ""  # folder for the CSV/xlsx behind each chart: the reports set it, JupyterLab leaves it empty
interactive = True
max_stories = 5  # stories shown in detail, largest first

# %%
import analysis
from analysis.downloads import offer
from analysis import plots, stories, voices
from IPython.display import HTML, display

c = analysis.load(corpus).filter(outlets=outlets, start=start, end=end, lang=lang)
table = stories.story_table(c)
print(f"{c.stories['story_id'].nunique()} stories in {len(c.ok)} articles; "
      f"{len(table)} carried by two outlets or more")
display(HTML(plots.html_table(table.head(25))))
offer(table, "stories", downloads)

# %% [markdown]
# ## Each story, outlet by outlet
#
# Topics and frames an article stresses most, and the voices it quotes most; then the words of the
# speakers quoted on both sides, side by side.

# %%
quotes = voices.quote_table(c)
for story_id in table["story_id"].head(max_stories):
    row = table[table["story_id"] == story_id].iloc[0]
    display(HTML(f"<h3 dir='auto'>{plots.html.escape(str(row['headline']))}</h3>"
                 f"<p>{row['articles']} articles, {row['outlets']} outlets ({row['languages']})</p>"))
    display(HTML(plots.html_table(stories.story_detail(c, story_id))))
    ids = set(c.stories.loc[c.stories["story_id"] == story_id, "article_id"])
    part = quotes[quotes["article_id"].isin(ids)]
    for speaker in voices.speakers_across_outlets(part)["speaker_label"].head(2):
        display(HTML(f"<h4>{plots.html.escape(str(speaker))} in each outlet</h4>"
                     + plots.side_by_side(voices.renderings(part, speaker))))
