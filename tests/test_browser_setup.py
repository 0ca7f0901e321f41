"""The browser fixture itself: it must catch console errors and scripts, or the report tests prove nothing."""
from __future__ import annotations


def test_browser_sees_console_errors_scripts_and_images(open_report, tmp_path):
    page = tmp_path / "probe.html"
    page.write_text(
        "<!doctype html><title>before</title><p dir='auto'>سلام</p>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' width='40' height='30'>"
        "<script>document.title = 'after'; console.error('probe error');</script>", encoding="utf-8")
    seen = open_report(page)
    assert seen["page"].title() == "after"
    assert any("probe error" in e for e in seen["errors"])
    assert seen["images"] == [[40, 30]]
    assert seen["screenshot"].stat().st_size > 1000
