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
outlets = []  # report filters (`report --outlets/--from/--to/--lang`); empty keeps everything
start = None  # "YYYY-MM-DD"
end = None
lang = None  # "fa" or "ar"
downloads = ""  # folder for the CSV/xlsx behind each chart: the reports set it, JupyterLab leaves it empty

# %%
import analysis
from analysis.downloads import offer
from analysis import plots, terms
import pandas as pd
from IPython.display import HTML, display

c = analysis.load(corpus).filter(outlets=outlets, start=start, end=end, lang=lang)
ok = c.ok
summary = (ok.assign(outlet=ok["outlet"].fillna(plots.UNKNOWN_OUTLET))
           .groupby(["outlet", "lang", "variety"], dropna=False)
           .agg(articles=("article_id", "count"), words=("n_words", "sum"),
                first=("date", "min"), last=("date", "max"))
           .reset_index())
print(f"{len(c.articles)} inputs, {len(ok)} articles built, "
      f"{ok['n_words'].sum():,} words, {ok['outlet'].nunique()} named outlets")
display(HTML(plots.html_table(summary)))
offer(summary, "summary", downloads)

# %% [markdown]
# ## Articles per outlet and language

# %%
plots.articles_per_outlet(ok);
offer(ok.assign(outlet=ok["outlet"].fillna(plots.UNKNOWN_OUTLET)).groupby(["outlet", "lang"])
      .size().rename("articles").reset_index(), "articles_per_outlet", downloads)

# %% [markdown]
# ## Article length

# %%
plots.length_distribution(ok);
offer(ok[["article_id", "outlet", "lang", "n_words"]], "article_length", downloads)

# %% [markdown]
# ## Most frequent words per language
#
# Counted on matching keys (diacritics, ي/ی and ك/ک folded), stopwords removed; at most 400
# articles per language are read, so the chart stays quick on large corpora.

# %%
sample = {lang: group["text"].head(400) for lang, group in ok.groupby("lang")}
frequent = {lang: terms.top_terms(texts, lang, n=15) for lang, texts in sample.items()}
plots.top_terms(frequent);
offer(pd.DataFrame([(lang, word, n) for lang, pairs in frequent.items() for word, n in pairs],
                   columns=["lang", "word", "occurrences"]), "top_words", downloads)

# %% [markdown]
# ## Titles

# %%
titles = ok[["article_id", "outlet", "lang", "date", "title"]].head(200)
display(HTML(plots.html_table(titles)))
offer(titles, "titles", downloads)

# %% [markdown]
# ## Inputs that were not built

# %%
problems = c.articles[c.articles["status"] != "ok"][["source", "status", "error"]]
display(HTML(plots.html_table(problems))) if len(problems) else print("Every input was built.")
