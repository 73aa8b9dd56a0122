"""rules/libraries.py on real message texts (sources beside each)."""

from __future__ import annotations

from torchenv_magic import explain

# pytorch/pytorch#123097 (NoakLiu/PiKV#2 has the same text): conda's MKL 2024.1 lacks the ITT symbols.
IJIT = (
    'File "/root/anaconda3/envs/pikv/lib/python3.11/site-packages/torch/__init__.py", line 367, in <module>\n'
    "ImportError: /root/anaconda3/envs/pikv/lib/python3.11/site-packages/torch/lib/libtorch_cpu.so: undefined symbol: iJIT_NotifyEvent"
)


def test_mkl_itt_symbol_gets_the_mkl_pin() -> None:
    top = explain(IJIT, platform="linux")[0]
    assert top.cause == "lib_version_conflict"
    assert "MKL" in top.title and top.fix is not None
    assert (top.fix.kind, top.fix.code) == ("conda", "conda install mkl==2024.0")
