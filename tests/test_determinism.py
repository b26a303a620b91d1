"""Issue 13.1: every file `painkg build` writes is byte-identical across runs and PYTHONHASHSEED values.

Each run gets its own empty cache folder, so the whole build (validation, graph, views, report) runs under that
seed rather than one run reading what another cached.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ("0", "1", "4242")


def _build(tmp_path: Path, seed: str) -> dict[str, bytes]:
    out = tmp_path / f"out-{seed}"
    env = {**os.environ, "PYTHONHASHSEED": seed, "PAINKG_CACHE_DIR": str(tmp_path / f"cache-{seed}")}
    subprocess.run(
        [sys.executable, "-m", "painkg", "build", "--data", str(ROOT / "data"), "--out", str(out)],
        check=True,
        env=env,
        cwd=tmp_path,
        capture_output=True,
    )
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def test_build_outputs_are_byte_identical_across_hash_seeds(tmp_path):
    runs = [_build(tmp_path, seed) for seed in SEEDS]
    names = set(runs[0])
    assert {"painkg.ttl", "painkg.nt", "painkg.html"} <= names
    assert any(n.startswith("report-") and n.endswith(".html") for n in names)
    assert any(n.endswith(".md") for n in names) and any(n.endswith(".svg") for n in names)
    for seed, run in zip(SEEDS[1:], runs[1:], strict=True):
        assert set(run) == names, f"PYTHONHASHSEED={seed} wrote other files"
        differ = sorted(n for n in names if run[n] != runs[0][n])
        assert not differ, f"PYTHONHASHSEED={seed} changed {differ}"
