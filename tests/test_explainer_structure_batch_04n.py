"""What batch-2026-12-04n taught (docs/accuracy-runs/batch-2026-12-04n.firstrun.txt), each reading checked at its edges.

The texts are short forms of the batch's own (sources named beside each); the corpus holds them whole.
"""

from __future__ import annotations

from torchenv_magic import explain


def test_a_module_a_pyinstaller_bundle_lacks_is_the_bundles_not_a_local_folder() -> None:
    # pyinstaller/pyinstaller#7160 (PyInstaller 5, Windows): torch._C not collected, bundle-relative frames.
    frames = (
        "Traceback (most recent call last):\n"
        '  File "main.py", line 6, in <module>\n'
        '  File "PyInstaller\\loader\\pyimod02_importers.py", line 499, in exec_module\n'
        '  File "torch\\nn\\parameter.py", line 2, in <module>\n'
        "    from torch._C import _disabled_torch_function_impl\n"
    )
    finding = explain(frames + "ModuleNotFoundError: No module named 'torch._C'", platform="windows")[0]
    assert finding.cause == "corrupted_install" and finding.title == "The app's PyInstaller bundle was built without torch._C"
    assert finding.fix is not None and "--hidden-import torch._C" in finding.fix.code
    # PyInstaller 6's bare frame name and its bootloader's line say the same.
    six = (
        '  File "pyimod02_importers.py", line 457, in exec_module\n'
        '  File "mypkg/__init__.py", line 1, in <module>\n'
        "ModuleNotFoundError: No module named 'mypkg._core'\n"
        "[PYI-27068:ERROR] Failed to execute script 'app' due to unhandled exception!"
    )
    assert explain(six, platform="linux")[0].title == "The app's PyInstaller bundle was built without mypkg._core"
    # Without the bundle's frames, the same relative frames stay a local torch folder (a source checkout).
    checkout = frames.replace('  File "PyInstaller\\loader\\pyimod02_importers.py", line 499, in exec_module\n', "")
    assert explain(checkout + "ModuleNotFoundError: No module named 'torch._C'", platform="windows")[0].cause == "shadowed_module"


def test_tensorflow_1_windows_self_check_names_the_cuda_dll_its_build_needs() -> None:
    # tensorflow/tensorflow#17138: TensorFlow 1.6 built for cuDNN 7 where cuDNN 6 was installed.
    text = (
        "ImportError: Could not find 'cudnn64_7.dll'. TensorFlow requires that this DLL be installed in a directory that "
        "is named in your %PATH% environment variable."
    )
    finding = explain(text, platform="windows")[0]
    assert finding.cause == "missing_cuda_runtime_lib" and finding.title == "TensorFlow cannot load cudnn64_7.dll"
    # The same check for the VC++ runtime's DLL is not a CUDA library.
    runtime = text.replace("cudnn64_7.dll", "msvcp140.dll")
    assert explain(runtime, platform="windows")[0].cause != "missing_cuda_runtime_lib"


def test_cuda_error_209_is_no_kernel_image_for_the_gpu() -> None:
    # NVlabs/nvdiffrast#75: its plugin compiled by torch 1.6 for no architecture of the GPU.
    text = "RuntimeError: Cuda error: 209[cudaLaunchKernel(func, gridSize, blockSize, args, 0, stream);]"
    assert explain(text, platform="linux")[0].cause == "gpu_arch_unsupported"
    assert explain("RuntimeError: cudaErrorNoKernelImageForDevice", platform="linux")[0].cause == "gpu_arch_unsupported"
    # Another number is not that error.
    assert explain("RuntimeError: Cuda error: 2090[cudaMalloc]", platform="linux")[0].cause != "gpu_arch_unsupported"


def test_a_variable_never_filled_in_inside_the_address_pip_looked_in() -> None:
    # pyg-team/pytorch_geometric#2216: the README's ${CUDA} copied as it stood.
    text = (
        "Looking in links: https://pytorch-geometric.com/whl/torch-1.8.0+${CUDA}.html\n"
        "ERROR: Could not find a version that satisfies the requirement torch-cluster\n"
        "ERROR: No matching distribution found for torch-cluster"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "other" and finding.title == "The install command still holds a variable its shell never filled in"
    assert any("${CUDA}" in line for line in finding.evidence)
    # For a package outside torch's family too, and %VAR% as cmd.exe leaves it.
    other = "Looking in indexes: https://example.org/%INDEX%/simple\nERROR: No matching distribution found for spconv-cu118"
    assert explain(other, platform="windows")[0].title == finding.title
    # A filled-in address is no variable: pip found no wheel there.
    filled = text.replace("${CUDA}", "cu111")
    assert explain(filled, platform="linux")[0].cause == "wheel_platform_mismatch"


def test_pillow_version_and_torchaudio_io_are_names_a_release_removed() -> None:
    # CosmiQ/solaris#326: torchvision before 0.5.0 imports PILLOW_VERSION, which Pillow removed (for good in 9.0.0).
    pillow = explain(
        "ImportError: cannot import name 'PILLOW_VERSION' from 'PIL' (/env/lib/python3.7/site-packages/PIL/__init__.py)",
        platform="linux",
    )[0]
    assert pillow.cause == "other" and pillow.title == "The code asks for a name a newer release of its package removed"
    assert any("PIL.__version__" in line for line in pillow.evidence)
    assert pillow.fix is not None and pillow.fix.code == 'pip install "Pillow<9"'
    # Pillow 8.4.0, the last with it, has no wheel for Python 3.11: a traceback from 3.11 gets the advice, no pin.
    eleven = explain(
        "ImportError: cannot import name 'PILLOW_VERSION' from 'PIL' (/env/lib/python3.11/site-packages/PIL/__init__.py)",
        platform="linux",
    )[0]
    assert eleven.title == pillow.title and eleven.fix is not None and eleven.fix.kind == "manual"
    # tenstorrent/tt-inference-server#4247: pyannote.audio asking torchaudio 2.9 for AudioMetaData; no pin for torchaudio.
    audio = explain("AttributeError: module 'torchaudio' has no attribute 'AudioMetaData'", platform="linux")[0]
    assert audio.title == pillow.title and any("torchaudio 2.9 removed" in line for line in audio.evidence)
    assert audio.fix is not None and audio.fix.kind == "manual"
    # A name no release removed stays the stale-module reading.
    assert explain("AttributeError: module 'torchaudio' has no attribute 'NewThing'", platform="linux")[0].cause != "other"


def test_the_dll_a_winerror_names_outranks_one_a_warning_above_it_names() -> None:
    # intel/intel-extension-for-pytorch#632: torchvision's image.pyd warning above IPEX's own WinError 126.
    text = (
        "UserWarning: Failed to load image Python extension: 'Could not find module 'C:\\env\\Lib\\site-packages\\"
        "torchvision\\image.pyd' (or one of its dependencies). Try using the full path with constructor syntax.'\n"
        '  File "C:\\env\\Lib\\site-packages\\intel_extension_for_pytorch\\__init__.py", line 91, in <module>\n'
        "    raise err\n"
        "OSError: [WinError 126] The specified module could not be found. Error loading "
        '"C:\\env\\Lib\\site-packages\\intel_extension_for_pytorch\\bin\\intel-ext-pt-gpu.dll" or one of its dependencies.'
    )
    finding = explain(text, platform="windows")[0]
    assert finding.title == "Intel Extension for PyTorch's XPU build cannot load the oneAPI runtime DLLs it depends on"
    assert finding.explanation.startswith("intel-ext-pt-gpu.dll is intel_extension_for_pytorch's GPU library, which links")
    assert "DLL: intel-ext-pt-gpu.dll" in finding.evidence


def test_a_projects_package_without_its_compiled_part_was_never_built() -> None:
    # Read while raising the corpus's top-1 after -04n (not from the batch): BorderDet's cvpods, hawp's parsing: the
    # project's own package has no _C because it was never built.
    cvpods = explain("ImportError: cannot import name '_C' from 'cvpods' (BorderDet/cvpods/__init__.py)", platform="linux")[0]
    assert cvpods.cause == "build_toolchain_missing" and cvpods.title == "cvpods's compiled part was never built"
    hawp = "ImportError: cannot import name '_C' from 'parsing' (/home/u/hawp-master/parsing/__init__.py)"
    assert explain(hawp, platform="linux")[0].cause == "build_toolchain_missing"
    # A clone of the package's own repository may hide an installed build (detectron2's INSTALL.md): shadowing first.
    clone = "ImportError: cannot import name '_C' from 'detectron2' (/home/u/detectron2/detectron2/__init__.py)"
    assert explain(clone, platform="linux")[0].cause == "shadowed_module"
    # torch's family stays with its own readings: a torchvision checkout hides the installed torchvision.
    vision = "ImportError: cannot import name '_C' from 'torchvision' (C:\\Users\\me\\vision\\torchvision\\__init__.py)"
    assert explain(vision, platform="windows")[0].cause == "shadowed_module"
    # An installed package's own _C missing is not a project's unbuilt checkout.
    installed = "ImportError: cannot import name '_C' from 'mmcv' (/env/lib/python3.10/site-packages/mmcv/__init__.py)"
    assert all(f.title != "mmcv's compiled part was never built" for f in explain(installed, platform="linux"))
