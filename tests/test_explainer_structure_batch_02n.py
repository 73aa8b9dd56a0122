"""Readings learned from batch-2026-12-02n's first run (docs/accuracy-runs/batch-2026-12-02n.firstrun.txt), each
checked at the edges it depends on; the corpus texts themselves are checked by tests/test_explain_corpus.py."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import causes


def _frame(path: str, code: str, line: int = 1) -> str:
    return f'  File "{path}", line {line}, in <module>\n    {code}\n'


def test_flashinfers_could_not_find_nvcc_is_nvcc_missing() -> None:
    # oumi-ai/oumi#2503: vLLM's flashinfer JIT in an image with the CUDA runtime and no toolkit.
    text = "RuntimeError: Could not find nvcc and default cuda_home='/usr/local/cuda' doesn't exist"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "build_toolchain_missing" and "nvcc" in finding.title
    assert explain("RuntimeError: Could not find the thing", platform="linux")[0].cause != "build_toolchain_missing"


def _unbound_c(call: str, head: str = "") -> str:
    listing = f"     52     ctx.im2col_step = im2col_step\n---> 53     output = {call}(\n     54         value,\n"
    return f"{head}{listing}NameError: name '_C' is not defined\n"


def test_an_add_on_op_called_on_an_unbound_c_is_an_add_on_built_without_its_ops() -> None:
    # IDEA-Research/Grounded-Segment-Anything#360 (IPython's listing, no file named) and chenfei-wu/TaskMatrix#368 (the
    # frame cut at its start): groundingdino installed without building its CUDA op.
    finding = explain(_unbound_c("_C.ms_deform_attn_forward"), platform="linux")[0]
    assert finding.cause == "build_toolchain_missing"
    cut = '\\anaconda3\\envs\\v\\lib\\site-packages\\groundingdino\\models\\ms_deform_attn.py", line 53, in forward\n'
    finding = explain(_unbound_c("_C.ms_deform_attn_forward", cut), platform="windows")[0]
    assert finding.cause == "build_toolchain_missing" and finding.title.startswith("groundingdino")
    # torch's own files use _C's private names (a second run of torch/__init__.py), and torch._C.x is torch's.
    assert causes(_unbound_c("_C._initExtension"))[:1] != ["build_toolchain_missing"]
    assert causes(_unbound_c("torch._C.ms_deform_attn_forward"))[:1] != ["build_toolchain_missing"]


def _unpickling(missing: str, project: str = "C:/projects/yolov5/train.py") -> str:
    return (
        "Traceback (most recent call last):\n"
        + _frame(project, "model.load_state_dict(torch.load(new_weights))")
        + _frame("C:\\Python36\\lib\\site-packages\\torch\\serialization.py", "result = unpickler.load()")
        + f"ModuleNotFoundError: No module named '{missing}'\n"
    )


def test_a_checkpoints_generic_package_missing_its_module_is_another_projects_package() -> None:
    # ultralytics/yolov5#68: torch.load met a `models` without yolo (the checkout's models/ lacked an __init__.py).
    finding = explain(_unpickling("models.yolo"), platform="windows")[0]
    assert finding.cause == "shadowed_module"
    # A name no project gives its own folders, or no project file calling the loader: not this reading.
    assert causes(_unpickling("ultralytics.nn"))[:1] != ["shadowed_module"]
    assert causes(_unpickling("models.yolo", "C:\\Python36\\lib\\site-packages\\ultra\\run.py"))[:1] != ["shadowed_module"]


def test_a_projects_shared_package_is_a_generic_name() -> None:
    # deepbeepmeep/Wan2GP#676: the app's shared/ (no __init__.py) lost to another importable `shared`.
    text = "Traceback (most recent call last):\n" + _frame("D:\\wan\\Wan2GP\\wgp.py", "from shared.utils import x", 17)
    text += "ModuleNotFoundError: No module named 'shared.utils'\n"
    assert explain(text, platform="windows")[0].cause == "shadowed_module"


def test_the_file_python_names_for_a_partially_initialized_module_is_read() -> None:
    # Python 3.8+ names the half-initialised module's file after the reason.
    line = "ImportError: cannot import name 'Tensor' from partially initialized module 'torch' (most likely due to a circular import) ({})"
    assert explain(line.format("/home/u/proj/torch.py"), platform="linux")[0].cause == "shadowed_module"
    assert explain(line.format("/v/lib/python3.11/site-packages/torch/__init__.py"), platform="linux")[0].cause != "shadowed_module"


def test_an_installed_packages_import_answered_by_a_users_file_is_a_shadow() -> None:
    text = (
        "Traceback (most recent call last):\n"
        + _frame("/Users/me/dev/app.py", "from transformers import pipeline")
        + _frame("/Users/me/dev/venv/lib/python3.11/site-packages/transformers/utils/__init__.py", "from packaging import version")
        + "ImportError: cannot import name 'version' from 'packaging' (/Users/me/dev/packaging.py)\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "shadowed_module" and "/Users/me/dev/packaging.py" in " ".join(finding.evidence)
    # A name no distribution is known by: a package importing the user's own module by design (a debugger, a server
    # loading the app), which lacks the name (microsoft/ptvsd#1428's counterpart in test_explainer_structure_batch_j).
    own = text.replace("packaging", "appconfig")
    assert causes(own)[:1] != ["shadowed_module"]
