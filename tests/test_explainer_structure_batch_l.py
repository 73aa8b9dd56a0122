"""What batch-2026-12-01l (94 texts) taught the explainer, checked at the edges each reading depends on."""

from __future__ import annotations

from torchenv_magic import explain

from .ranking import top as _top


def test_another_package_lacking_a_class_its_caller_expects_is_an_older_release_running() -> None:
    text = "AttributeError: module 'PIL.Image' has no attribute 'Resampling'"  # AUTOMATIC1111/stable-diffusion-webui#1000
    finding = explain(text)[0]
    assert finding.cause == "stale_module_after_upgrade" and finding.confidence == 0.45
    assert finding.title.startswith("PIL.Image has no Resampling") and "pip install --upgrade pillow" in finding.fix.note
    assert _top("AttributeError: module 'numpy' has no attribute 'bool'") == "other"  # a removed lower-case alias: the code is old
    assert _top("AttributeError: module 'dis' has no attribute 'Bytecode'") != "stale_module_after_upgrade"  # standard library


def test_a_torch_library_only_another_build_has_is_a_companion_made_for_it() -> None:
    text = "OSError: libtorch_cpu.so: cannot open shared object file: No such file or directory"  # pytorch-advanced#111
    finding = explain(text, packages={"torchtext": "0.7"})[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.title.startswith("torchtext ")
    assert _top(text, packages={"torch": "1.13.1"}) == "corrupted_install"  # torch 1.5+ has it: its own file is missing
    cuda_lib = "OSError: libc10_cuda.so: cannot open shared object file: No such file or directory"
    assert _top(cuda_lib) == "torchvision_torch_mismatch"
    assert _top(cuda_lib, packages={"torch": "2.1.0+cu121"}) == "corrupted_install"  # a CUDA torch has it


def test_torch_ops_load_library_failing_with_127_is_the_companion_in_the_chained_traceback() -> None:
    text = (  # Voice-Clone-Studio#79: torchaudio 2.11's _torchaudio.pyd under torch 2.9.1
        '  File "Z:\\V\\venv\\Lib\\site-packages\\torch\\_ops.py", line 1488, in load_library\n'
        "    ctypes.CDLL(path)\n"
        "OSError: [WinError 127] The specified procedure could not be found\n\n"
        "The above exception was the direct cause of the following exception:\n\n"
        '  File "Z:\\V\\venv\\Lib\\site-packages\\torchaudio\\_extension\\__init__.py", line 30, in <module>\n'
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.title.startswith("torchaudio")
    no_companion = text.split("The above")[0]
    assert _top(no_companion, platform="windows") != "torchvision_torch_mismatch"


def test_windows_dialog_naming_a_missing_procedure_entry_point() -> None:
    text = (  # akshowhini/OCR_tablenet#13
        '"The procedure entry point\ntorchCheckFail@detail[....] could not be located in the dynamic link library '
        'C:\\Users\\u\\env\\Lib\\site-packages\\torchvision\\_C.pyd."'
    )
    assert _top(text, platform="windows") == "torchvision_torch_mismatch"
    russian_wording = (  # opendatalab/MinerU#688, as a Russian Windows words it
        "Entry point into procedure\n??0Error@c10@@QEAA@V?$basic_string@DU@Z is not found in \nlibrary DLL\n"
        "D:\\p\\Python311\\Lib\\site-packages\\torchtext\\lib\\libtorchtext.pyd."
    )
    finding = explain(russian_wording, platform="windows")[0]
    assert finding.cause == "torchvision_torch_mismatch" and finding.title.startswith("torchtext")
    extension = text.replace("torchvision\\_C.pyd", "pytorch3d\\_C.pyd")
    assert _top(extension, platform="windows") == "extension_abi_mismatch"


def test_sources_written_for_another_torch_fail_to_compile() -> None:
    text = "cpu/sampler.cpp:6:45: error: ‘getDefaultCPUGenerator’ is not a member of ‘at::detail’"  # pytorch_cluster#27
    finding = explain(text)[0]
    # An extension made for another torch (batch-2026-12-02k's four such texts were labelled so; the one cause of the
    # "sources written for another torch" situation since then: tests/test_explainer_structure_batch_02k.py).
    assert finding.cause == "extension_abi_mismatch" and "at::detail::getDefaultCPUGenerator" in finding.title
    msvc = "sampler.cpp(6): error C2039: 'getDefaultCPUGenerator': is not a member of 'at::detail'"
    assert _top(msvc, platform="windows") == "extension_abi_mismatch"
    not_torch = text.replace("at::detail", "cv::detail")
    assert _top(not_torch) != "extension_abi_mismatch" or explain(not_torch)[0].confidence < 0.75


def test_torchs_cuda_check_left_unformatted_as_a_tuple() -> None:
    text = (  # jl1-cd#5: mmcv built by mim
        "RuntimeError: ('The detected CUDA version (%s) mismatches the version that was used to compilePyTorch (%s). "
        "Please make sure to use the same CUDA versions.', '11.3', '12.8')"
    )
    finding = explain(text)[0]
    assert finding.cause == "build_toolchain_missing" and "11.3" in finding.title and "12.8" in finding.title


def test_an_undefined_symbol_wrapped_across_lines() -> None:
    text = "`flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: undefined\n symbol: _ZN3c104impl3cow11cow_deleterEPv`"
    assert _top(text, packages={"torch": "2.1.2", "flash-attn": "2.5.8"}) == "extension_abi_mismatch"


def test_cudnns_own_loader_on_linux_not_finding_a_sub_library() -> None:
    text = "Error: Could not load library libcudnn_cnn_infer.so.8"  # make-your-video#4
    assert _top(text, packages={"torch": "2.0.0"}) == "missing_cuda_runtime_lib"
    symbol = (  # naver/dust3r#198: another cuDNN found first
        "Could not load library libcudnn_cnn_infer.so.8. Error: /usr/lib/x86_64-linux-gnu/libcudnn_cnn_infer.so.8: "
        "undefined symbol: _ZN5cudnn3ops18GetInternalStreamsEP12cudnnContextiPP11CUstream_st, version libcudnn_ops_infer.so.8"
    )
    assert _top(symbol) == "lib_version_conflict"


def test_numpys_message_with_its_first_line_cut_off() -> None:
    text = (  # mila-iqia/milabench#354: each line prefixed by the runner
        "bert-fp32 [stderr] NumPy 2.2.4 as it may crash. To support both 1.x and 2.x\n"
        "bert-fp32 [stderr] versions of NumPy, modules must be compiled with NumPy 2.0.\n"
    )
    assert _top(text) == "numpy_abi_mismatch"


def test_a_shell_variable_left_in_the_requirement_is_the_command_not_the_platform() -> None:
    text = "ERROR: No matching distribution found for torch==2.1.2+${DEVICE}"  # cgpotts/cs224u#139
    finding = explain(text)[0]
    assert finding.cause == "other" and "variable" in finding.title
    assert _top("ERROR: No matching distribution found for torch==2.1.2+cu999") == "wheel_platform_mismatch"


def test_pips_requires_python_for_any_package() -> None:
    text = (  # Vaibhavs10/insanely-fast-whisper#182 under Python 3.12
        "ERROR: Ignored the following versions that require a different python version: 0.0.10 Requires-Python "
        "<=3.11,>=3.8; 0.0.13 Requires-Python <=3.11,>=3.8\n"
        "ERROR: No matching distribution found for insanely-fast-whisper==0.0.13\n"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "uv venv --python 3.11" in finding.fix.code
    # Without pip's reason it is still no fitting wheel (batch-2026-12-04a taught that), but less sure and with no
    # Python range to offer: the package's files page instead.
    bare = explain(text.split("\n", 1)[1], platform="macos")[0]
    assert bare.cause == "wheel_platform_mismatch" and bare.confidence < finding.confidence
    assert bare.fix is not None and "uv venv" not in bare.fix.code and "pypi.org/project/insanely-fast-whisper" in bare.fix.code


def test_uvs_requirement_with_an_environment_marker() -> None:
    text = (  # vllm-project/vllm-metal#379
        "  ╰─▶ Because torch{platform_machine == 'aarch64' or platform_machine == 'x86_64'}==2.11.0+cpu has no wheels "
        "with a matching platform tag (e.g., `macosx_26_0_x86_64`) and you require torch==2.11.0+cpu"
    )
    finding = explain(text, platform="macos")[0]
    assert finding.cause == "wheel_platform_mismatch" and "Intel (x86_64) macOS" in finding.title
