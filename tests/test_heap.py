"""The garbage-collection policy of a full build (generator/heap.py)."""
from __future__ import annotations

import gc
import shutil
import sys

import pytest

from conftest import REPO
from generator.build import build
from generator.engine.heap import FullBuildHeap
from generator.source.problems import ContentError
from generator.source.reader import read_content

sys.path.insert(0, str(REPO / "bench"))
from corpus import write_corpus


@pytest.mark.parametrize("which", ["real", "synthetic"])
def test_reading_content_makes_no_reference_cycles(which, tmp_path):
    """FullBuildHeap reads without the collector and freezes what was read: a cycle made while
    reading would stay in memory until the build ends."""
    content_dir = REPO / "content" if which == "real" else write_corpus(tmp_path, 12)
    gc.collect()
    gc.disable()
    try:
        content, _ = read_content(content_dir)
        assert gc.collect() == 0
    finally:
        gc.enable()
    assert content.plans


def _collector_state() -> tuple:
    return gc.isenabled(), gc.get_threshold(), gc.get_freeze_count()


def test_a_full_build_leaves_the_collector_as_it_found_it(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    before = _collector_state()
    build(tmp_path / "content", tmp_path / "site")
    assert _collector_state() == before


def test_a_failed_build_leaves_the_collector_as_it_found_it(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yaml").write_text("tên: [\n", encoding="utf-8")
    before = _collector_state()
    with pytest.raises(ContentError):
        build(tmp_path / "content", tmp_path / "site")
    assert _collector_state() == before


def test_no_full_collection_between_loading_and_the_end_of_the_generator():
    """Young collections still run (they free the renderer's short-lived cycles); full ones wait."""
    seen: list[int] = []
    callback = lambda phase, info: phase == "start" and seen.append(info["generation"])  # noqa: E731
    kept: list = []
    with FullBuildHeap() as heap:
        heap.loaded()
        gc.callbacks.append(callback)
        try:
            for _ in range(100_000):  # survivors: the heap grows as a generator's does
                kept.append([])
                _cycle()
        finally:
            gc.callbacks.remove(callback)
        heap.generated()
    assert 0 in seen and 2 not in seen


def _cycle() -> None:
    node: list = []
    node.append(node)
