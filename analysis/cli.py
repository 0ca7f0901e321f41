"""`python -m analysis …` and `rasad …`: build the tables, write the reports."""
from __future__ import annotations

import os
import sys

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Rasad: compare how Persian- and Arabic-language outlets cover the same events."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the tables.")
@click.option("--workers", type=int, default=None, help="Processes to use (default: all cores).")
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False),
              help="Topics and frames YAML (default: the bundled codebook, or $RASAD_CODEBOOK).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine (--workers processes); dask: a dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler (tcp://host:8786); default: a local cluster.")
@click.option("--clean", is_flag=True, help="Process every article again (default: reuse unchanged ones).")
def build(inputs: tuple[str, ...], out: str, workers: int | None, quiet: bool, codebook: str | None,
          engine: str, scheduler: str | None, clean: bool) -> None:
    """Read INPUTS (folders or record files) and write OUT/<table>.parquet and OUT/manifest.json.

    Articles unchanged since the last build into OUT are taken from its tables, not processed again."""
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask")
    if codebook:
        os.environ["RASAD_CODEBOOK"] = os.path.abspath(codebook)  # worker processes inherit it
    workers = workers or os.cpu_count() or 1
    if engine == "local" and workers > 1:  # first: the pool's fork server warms up while the rest loads
        from .pool import start

        start(inputs)
    from .codebook import CodebookError, load
    from .entities import LexiconError, check_files
    from .pipeline import build as run_build

    try:
        load()
        check_files()
    except (CodebookError, LexiconError) as exc:
        raise click.ClickException(str(exc)) from exc

    from .cluster import ClusterMismatch

    try:
        manifest = run_build(list(inputs), out, workers=workers, progress=not quiet,
                             engine=engine, scheduler=scheduler, incremental=not clean)
    except (ClusterMismatch, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not quiet:
        statuses = ", ".join(f"{n} {status}" for status, n in manifest["by_status"].items())
        reuse = manifest["incremental"]
        click.echo(f"{manifest['articles']} articles ({statuses}; {reuse['processed']} processed, "
                   f"{reuse['reused']} unchanged since the last build) in {manifest['wall_seconds']} s → {out}")
    readable = manifest["articles"] - manifest["by_status"].get("error", 0)
    if readable == 0:
        click.echo("Nothing could be read from the inputs; see the error column of articles.parquet.", err=True)
        sys.exit(1)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False))
@click.option("--out", default="reports", show_default=True, type=click.Path(file_okay=False))
@click.option("--with-code", is_flag=True, help="Keep the code cells in the HTML.")
@click.option("--notebook", "notebooks", multiple=True, help="Only these notebooks (file names).")
@click.option("--outlets", multiple=True, help="Only this outlet (repeat for several), as named in articles.outlet.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="Only articles dated on or after (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Only articles dated on or before (YYYY-MM-DD).")
@click.option("--lang", type=click.Choice(["fa", "ar"]), help="Only Persian (fa) or Arabic (ar) articles.")
@click.option("--title", help="Title of the report set (index page and every page's bar).")
def report(corpus: str, out: str, with_code: bool, notebooks: tuple[str, ...], outlets: tuple[str, ...],
           start, end, lang: str | None, title: str | None) -> None:
    """Execute the notebooks on CORPUS and write self-contained HTML reports and index.html to OUT."""
    from .report import write_reports
    from .store import EmptySelection

    names = [name.strip() for name in outlets if name.strip()]
    try:
        written = write_reports(corpus, out, with_code=with_code, only=notebooks, outlets=names,
                                start=start and f"{start:%Y-%m-%d}", end=end and f"{end:%Y-%m-%d}",
                                lang=lang, title=title)
    except (EmptySelection, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(f"wrote {path}")


@main.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--pred", type=click.Path(exists=True, file_okay=False),
              help="A built corpus holding the gold articles.")
@click.option("--corpora", type=click.Path(exists=True, file_okay=False),
              help="Instead of --pred: build the gold articles from these corpora (the gold's `corpus` field).")
def evaluate(gold: tuple[str, ...], pred: str | None, corpora: str | None) -> None:
    """Score quotes, cited sources, datelines and dates in PRED against GOLD (JSON Lines), per language."""
    import tempfile

    from .evaluate import evaluate as run_eval, gold_texts, read_gold
    from .pipeline import build as run_build

    if not pred and not corpora:
        raise click.UsageError("give --pred (a built corpus) or --corpora (to build the gold articles)")
    with tempfile.TemporaryDirectory() as tmp:
        if not pred:
            texts = f"{tmp}/gold.jsonl"
            n = gold_texts(read_gold(gold), corpora, texts)
            click.echo(f"built {n} gold articles from {corpora}", err=True)
            pred = f"{tmp}/built"
            run_build([texts], pred, workers=os.cpu_count() or 1, progress=False)
        for name, table in run_eval(gold, pred).items():
            click.echo(f"\n{name}\n{table.to_string()}")


if __name__ == "__main__":
    main()
