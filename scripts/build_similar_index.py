"""Build torchenv_magic/data/similar_reports.json.gz from tests/corpus (see torchenv_magic/similar.py).

    python scripts/build_similar_index.py          # write the index
    python scripts/build_similar_index.py --check  # exit 1 if the shipped index is not the corpus's

Run it after adding texts to tests/corpus/. The index holds, per corpus text, its public
source, its cause, the fix its thread confirmed and its split, with its rarest words.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import explain_accuracy

from torchenv_magic import similar


def index_bytes() -> bytes:
    """The index as gzip'd JSON, byte for byte the same on every run (no time stamp in the header)."""
    data = similar.build(explain_accuracy.load_corpus())
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the shipped index is current")
    args = parser.parse_args()
    fresh = index_bytes()
    if args.check:
        current = similar.INDEX_PATH.read_bytes() if similar.INDEX_PATH.exists() else b""
        # Compared uncompressed: gzip's header names the OS that wrote it, which differs between Python releases.
        if not current or gzip.decompress(current) != gzip.decompress(fresh):
            print(f"{similar.INDEX_PATH} is not current: run python scripts/build_similar_index.py", file=sys.stderr)
            return 1
        print("similar-reports index is current")
        return 0
    similar.INDEX_PATH.write_bytes(fresh)
    print(f"wrote {similar.INDEX_PATH} ({len(fresh):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
