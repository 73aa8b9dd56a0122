"""What batch-2026-12-05l taught (docs/accuracy-runs/batch-2026-12-05l.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from tests.test_explainer_structure_batch_05d import read_by_rules
from torchenv_magic import explain


def _read(text: str, platform: str = "linux") -> list[str]:
    return read_by_rules(text, platform)


def test_a_folder_named_like_a_module_file_is_not_that_module() -> None:
    # eridur-de/mightyscape-1.2#165: Inkscape's extension folder "boxes.py" holds boxes_proxy.py, which imports the
    # PyPI package boxes that Inkscape's own Python lacks.
    text = (
        'File "C:\\Users\\u\\AppData\\Roaming\\inkscape\\extensions\\fablabchemnitz\\boxes.py\\boxes_proxy.py", line 15, in\n'
        "import boxes\n"
        "ModuleNotFoundError: No module named 'boxes'\n"
    )
    assert _read(text, "windows")[0] == "module_not_installed_in_kernel_env"
    # A file boxes.py of the project's own is the project's module, not a package to install.
    own = text.replace("boxes.py\\boxes_proxy.py", "boxes.py")
    assert _read(own, "windows")[:1] != ["module_not_installed_in_kernel_env"]


def test_pip_has_the_package_whose_import_name_drops_its_dash() -> None:
    # fboender/ansible-cmdb#233: ansible-cmdb installs the module ansiblecmdb, in the user site of another Python.
    text = (
        '  File "/usr/local/bin/../lib/ansiblecmdb/ansible-cmdb.py", line 20, in <module>\n'
        "    import ansiblecmdb\n"
        "ModuleNotFoundError: No module named 'ansiblecmdb'\n\n"
        "Requirement already satisfied: ansible-cmdb in ./.local/lib/python3.8/site-packages (1.31)\n"
    )
    assert _read(text)[0] == "module_not_installed_in_kernel_env"
    assert _read(text.replace("ansible-cmdb in", "ansible-lint in"))[0] != "module_not_installed_in_kernel_env"


_ABSEIL_TERMUX = (
    'ImportError: dlopen failed: cannot locate symbol "_ZN4absl12lts_2023080213hash_internal15MixingHashState5kSeedE" '
    'referenced by "/data/data/com.termux/files/usr/lib/python3.11/site-packages/torch/lib/libtorch_python.so"...'
)
_ABSEIL_MACOS = (
    "ImportError: dlopen(/Users/x/miniforge3/envs/t/lib/python3.12/site-packages/torch/_C.cpython-312-darwin.so, 0x0002): "
    "Symbol not found: __ZN4absl12lts_2024072212log_internal10LogMessagelsIiLi0EEERS2_RKT_\n"
    "  Referenced from: <7DD6F527-7A4A-3649-87B6-D68B25F8B594> /Users/x/miniforge3/envs/t/lib/libprotobuf.28.2.0.dylib\n"
    "  Expected in:     <D623F952-8116-35EC-859D-F7F8D5DD7699> /Users/x/miniforge3/envs/t/lib/libabsl_log_internal_message.2407.0.0.dylib"
)


def test_a_library_built_against_another_abseil_release() -> None:
    # termux/termux-packages#20129 (Android's loader) and conda-forge/pytorch-cpu-feedstock#311 (macOS's).
    termux = explain(_ABSEIL_TERMUX, platform="linux")[0]
    assert termux.cause == "lib_version_conflict" and "abseil LTS 20230802" in termux.title
    assert "libtorch_python.so" in termux.title and termux.fix is not None and termux.fix.code == "pkg upgrade"
    conda = explain(_ABSEIL_MACOS, platform="macos")[0]
    assert conda.cause == "lib_version_conflict"
    assert conda.title.startswith("libprotobuf.28.2.0.dylib was built against abseil LTS 20240722")
    assert conda.fix is not None and conda.fix.kind == "conda" and conda.fix.code == "conda update --all"
    assert "libabseil=20240722\"" in conda.fix.note
    # glibc's own words, with no distribution named: a manual fix naming the library.
    glibc = "ImportError: /usr/lib/python3/dist-packages/torch/lib/libtorch_cpu.so: undefined symbol: _ZN4absl12lts_2023012510Cord7AppendEv"
    linux = explain(glibc)[0]
    assert linux.cause == "lib_version_conflict" and linux.title.startswith("libtorch_cpu.so was built against abseil LTS 20230125")
    assert linux.fix is not None and linux.fix.kind == "manual"
    # An extension's library asking for it reads as that extension's build first (conda-forge/tensorflow-feedstock#276's
    # label), the abseil release second.
    extension = glibc.replace("torch/lib/libtorch_cpu.so", "tensorflow_text/core/pybinds/tflite_registrar.so")
    assert _read(extension)[:2] == ["extension_abi_mismatch", "lib_version_conflict"]
    # Another C++ namespace's symbol is not abseil's.
    assert "abseil" not in explain(glibc.replace("_ZN4absl12lts", "_ZN3foo12lts"))[0].title


def test_pip_ignoring_an_untrusted_index_is_not_the_platform() -> None:
    # pytorch/pytorch#9124: a private plain-HTTP mirror in pip's configuration.
    text = (
        "Looking in indexes: http://pypi.example.com/simple/\n"
        "  The repository located at pypi.example.com is not a trusted or secure host and is being ignored.\n"
        "  Could not find a version that satisfies the requirement torch (from versions: )\n"
        "No matching distribution found for torch\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "other" and finding.title == "pip ignored the package index it was given"
    assert finding.fix is not None and finding.fix.code == "pip install torch --index-url https://pypi.org/simple"
    pinned = explain(text.replace("for torch\n", "for torch==1.2.0\n"))[0]
    assert pinned.fix is not None and pinned.fix.code == 'pip install "torch==1.2.0" --index-url https://pypi.org/simple'
    without = "\n".join(line for line in text.splitlines() if "trusted" not in line)
    assert _read(without)[0] == "wheel_platform_mismatch"


def test_an_installed_package_importing_itself_in_a_circle() -> None:
    # stoufferlab/pymfinder#32: a Python 2 package's implicit relative import under Python 3.
    path = "/home/u/.local/lib/python3.8/site-packages/pymfinder-1.0-py3.8-linux-x86_64.egg/pymfinder/__init__.py"
    text = (
        "/tmp/ipykernel_1/41.py in <module>\n----> 7 import pymfinder as py\n\n"
        f"{path} in <module>\n---> 13 from pymfinder import list_motifs, print_motifs\n\n"
        "ImportError: cannot import name 'list_motifs' from partially initialized module 'pymfinder' (most likely due to a "
        f"circular import) ({path})"
    )
    finding = explain(text)[0]
    assert finding.cause == "other" and finding.title == "The installed package imports itself in a circle"
    # The same message naming a file of the user's: a local pymfinder.py hides the package.
    local = text.replace(path, "/home/u/work/pymfinder.py")
    assert _read(local)[0] == "shadowed_module"


def test_a_cuda_extension_beside_a_cpu_torch() -> None:
    # eugr/spark-vllm-docker PR 263: uv replaced the CUDA torch with PyPI's CPU wheel under vllm's CUDA build.
    text = (
        '  File "/usr/local/lib/python3.12/dist-packages/vllm/platforms/cuda.py", line 21, in <module>\n'
        "    import vllm._C  # noqa\n"
        "ImportError: libtorch_cuda.so: cannot open shared object file: No such file or directory\n"
    )
    cpu = explain(text, platform="linux", packages={"torch": "2.10.0+cpu"})
    assert [f.cause for f in cpu[:2]] == ["cpu_only_build", "extension_abi_mismatch"]
    assert cpu[0].fix is not None and "cu1" in cpu[0].fix.code
    # Beside a CUDA torch it is the extension's build, as before.
    assert explain(text, platform="linux", packages={"torch": "2.10.0+cu130"})[0].cause == "extension_abi_mismatch"


def test_a_projects_own_package_lacking_a_module_its_code_imports() -> None:
    # TheLastBen/fast-stable-diffusion#117: an old copy of stable-diffusion-webui kept on Google Drive.
    text = (
        '  File "/content/gdrive/MyDrive/sd/stable-diffusion-webui/webui.py", line 10, in <module>\n'
        "    from modules.paths import script_path\n"
        '  File "/content/gdrive/MyDrive/sd/stable-diffusion-webui/modules/paths.py", line 4, in <module>\n'
        "    import modules.safe\n"
        "ModuleNotFoundError: No module named 'modules.safe'\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "corrupted_install" and finding.title.startswith("The project's own modules folder lacks")
    assert finding.fix is not None and "git pull in /content/gdrive/MyDrive/sd/stable-diffusion-webui," in finding.fix.code
    # A file in a modules folder that was not imported as one of its modules: another project's modules answered.
    other = text.replace("from modules.paths import script_path", "import paths")
    assert _read(other)[0] == "shadowed_module"


def test_a_library_linked_for_smaller_memory_pages() -> None:
    # pytorch/pytorch#53597: torch 1.8.0's aarch64 wheels under CentOS 8's 64 KB pages.
    text = "OSError: /v/lib64/python3.6/site-packages/torch/lib/libtorch_global_deps.so: ELF load command alignment not page-aligned"
    finding = explain(text, platform="linux", packages={"torch": "1.8.0"})[0]
    assert finding.cause == "wheel_platform_mismatch" and "smaller memory pages" in finding.title
    assert finding.fix is not None and finding.fix.code == 'pip install "torch>1.8.0"'
    newer_glibc = "OSError: ./liba.so: ELF load command address/offset not page-aligned"
    assert _read(newer_glibc)[0] == "wheel_platform_mismatch"


def test_mamba_asked_for_on_a_mac() -> None:
    # Zyphra/Zonos#1: mamba_ssm, whose builds are for Linux GPUs only.
    text = (
        '  File "/Users/b/Zonos/zonos/model.py", line 8, in <module>\n'
        "    from mamba_ssm.utils.generation import InferenceParams\n"
        "ModuleNotFoundError: No module named 'mamba_ssm'\n"
    )
    assert _read(text, "macos")[0] == "wheel_platform_mismatch"
    assert _read(text.replace("/Users/b", "/home/b"), "linux")[0] == "module_not_installed_in_kernel_env"


def test_one_installed_package_asking_another_for_a_name_it_lacks() -> None:
    # Luoyadan/CRB-active-3Ddet#7: spconv 2.1.21 asking cumm 0.4.9.
    text = (
        '  File "/c/envs/a/lib/python3.7/site-packages/spconv/core.py", line 18, in <module>\n'
        "    from cumm.gemm.algospec.core import TensorOpParams\n"
        "ImportError: cannot import name 'TensorOpParams' from 'cumm.gemm.algospec.core' "
        "(/c/envs/a/lib/python3.7/site-packages/cumm/gemm/algospec/core.py)\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "other" and finding.title == "Two installed packages are of releases that do not go together"
    # A bare top-level name may be the asker's own module found installed under that name (fuzzylogic#8): not read so.
    bare = text.replace("'cumm.gemm.algospec.core' (", "'cumm' (").replace("cumm/gemm/algospec/core.py", "cumm/__init__.py")
    assert explain(bare)[0].title != finding.title


def test_a_mypyc_compiled_package_whose_compiled_part_did_not_load() -> None:
    # szczyglis-dev/py-gpt#152: charset-normalizer 3.2.0, fixed by 3.3.2.
    text = (
        "AttributeError: partially initialized module 'charset_normalizer' has no attribute 'md__mypyc' "
        "(most likely due to a circular import)"
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "other" and finding.title == "The package's compiled part did not load"
    assert finding.fix is not None and finding.fix.code == "pip install --upgrade --force-reinstall charset-normalizer"
    # Any other attribute missing from a half-initialised module is still read as a local file's doing first.
    assert _read(text.replace("md__mypyc", "md"), "windows")[0] == "shadowed_module"
