"""`ewarong bench --out FILE` keeps the prose around the result markers."""

from __future__ import annotations

from ewarong_pos.bench import suite


def test_results_replace_only_the_marked_block(tmp_path):
    out = tmp_path / "benchmarks.md"
    out.write_text(f"# Title\n\nprose\n\n{suite.BEGIN}\nold table\n{suite.END}\n\nmore prose\n")
    suite.write_results(out, "| new | table |\n")
    text = out.read_text()
    assert text.startswith("# Title\n\nprose\n\n")
    assert "old table" not in text
    assert f"{suite.BEGIN}\n| new | table |\n{suite.END}\n\nmore prose\n" in text


def test_a_new_file_gets_the_results_between_markers(tmp_path):
    out = tmp_path / "new.md"
    suite.write_results(out, "| t |")
    assert out.read_text() == f"{suite.BEGIN}\n| t |\n{suite.END}\n"
