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
# # Corpus overview
#
# What is in the corpus: which outlets, in which language, how long their articles are, and the
# words they use most. Articles that could not be built are listed at the end with the reason.

# %% tags=["parameters"]
corpus = "../data/processed/seeds"

# %%
import analysis
from analysis import plots, terms
from IPython.display import HTML, display

c = analysis.load(corpus)
ok = c.ok
summary = (ok.assign(outlet=ok["outlet"].fillna(plots.UNKNOWN_OUTLET))
           .groupby(["outlet", "lang", "variety"], dropna=False)
           .agg(articles=("article_id", "count"), words=("n_words", "sum"),
                first=("date", "min"), last=("date", "max"))
           .reset_index())
print(f"{len(c.articles)} inputs, {len(ok)} articles built, "
      f"{ok['n_words'].sum():,} words, {ok['outlet'].nunique()} named outlets")
display(HTML(plots.html_table(summary)))

# %% [markdown]
# ## Articles per outlet and language

# %%
plots.articles_per_outlet(ok);

# %% [markdown]
# ## Article length

# %%
plots.length_distribution(ok);

# %% [markdown]
# ## Most frequent words per language
#
# Counted on matching keys (diacritics, ي/ی and ك/ک folded), stopwords removed; at most 400
# articles per language are read, so the chart stays quick on large corpora.

# %%
sample = {lang: group["text"].head(400) for lang, group in ok.groupby("lang")}
plots.top_terms({lang: terms.top_terms(texts, lang, n=15) for lang, texts in sample.items()});

# %% [markdown]
# ## Titles

# %%
titles = ok[["article_id", "outlet", "lang", "date", "title"]].head(200)
display(HTML(plots.html_table(titles)))

# %% [markdown]
# ## Inputs that were not built

# %%
problems = c.articles[c.articles["status"] != "ok"][["source", "status", "error"]]
display(HTML(plots.html_table(problems))) if len(problems) else print("Every input was built.")
