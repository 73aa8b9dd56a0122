"""What batch-2026-12-05o taught (docs/accuracy-runs/batch-2026-12-05o.firstrun.txt), each reading checked at its edges."""

from __future__ import annotations

from torchenv_magic import explain


def test_cupys_own_check_naming_several_cupy_packages() -> None:
    # rapidsai/cugraph#3057: cupy pulled in over cupy-cuda11x.
    text = (
        "  CuPy may not function correctly because multiple CuPy packages are installed\n"
        "  in your environment:\n\n"
        "    cupy, cupy-cuda11x\n\n"
        "  Follow these steps to resolve this issue:\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "duplicate_installations" and finding.fix is not None
    assert finding.fix.code.splitlines() == ["pip uninstall -y cupy cupy-cuda11x", "pip install cupy-cuda11x"]
    assert explain(text.replace("cupy, cupy-cuda11x", "cupy-cuda11x"))[0].confidence < 0.2  # one package: no rule reads it


def test_cupys_check_as_cupy_14_prints_it_here() -> None:
    # Recorded on this machine (2026-12-05): pip install --no-deps --target of cupy-cuda12x 14.2.0, cupy-cuda11x 13.6.0's
    # dist-info copied beside it, then `import cupy` under Python 3.11 (which then fails on its own missing cuda-python,
    # pip's --no-deps having left it out). With torch's CUDA stated, the package kept is the one for torch's CUDA major.
    text = (
        "/tmp/cupyt/cupy/_environment.py:677: UserWarning: \n" + "-" * 80 + "\n\n"
        "  CuPy may not function correctly because multiple CuPy packages are installed\n"
        "  in your environment:\n\n"
        "    cupy-cuda11x, cupy-cuda12x\n\n"
        "  Follow these steps to resolve this issue:\n"
    )
    for torch, kept in (("2.5.1+cu121", "cupy-cuda12x"), ("2.0.1+cu118", "cupy-cuda11x")):
        finding = explain(text, platform="linux", packages={"torch": torch})[0]
        assert finding.cause == "duplicate_installations" and finding.fix is not None
        assert finding.fix.code.splitlines() == ["pip uninstall -y cupy-cuda11x cupy-cuda12x", f"pip install {kept}"]


def test_a_repositorys_own_python_folder_without_its_native_library() -> None:
    # apache/mxnet#7900: mxnet imported from the checkout's python/ folder, whose libmxnet.so was never built there.
    text = (
        ">>> import mxnet as mx\n"
        "Traceback (most recent call last):\n"
        '  File "<stdin>", line 1, in <module>\n'
        '  File "/home/u/mxnet/python/mxnet/__init__.py", line 25, in <module>\n'
        "    from .base import MXNetError\n"
        '  File "/home/u/mxnet/python/mxnet/libinfo.py", line 59, in find_lib_path\n'
        "RuntimeError: Cannot find the files.\nList of candidates:\n/home/u/mxnet/python/mxnet/libmxnet.so\n"
    )
    finding = explain(text)[0]
    assert finding.cause == "shadowed_module" and finding.fix is not None
    assert "outside /home/u/mxnet/python" in finding.fix.code and "built apart" in finding.fix.code
    # The installed package's own folder is no checkout.
    installed = text.replace("/home/u/mxnet/python/mxnet/", "/usr/lib/python3/dist-packages/mxnet/")
    assert explain(installed)[0].confidence < 0.2


def test_tensorflows_own_library_missing_a_symbol_of_a_library_it_links() -> None:
    # conda-forge/conda-forge.github.io#2141: snappy from another conda channel.
    text = (
        "ImportError: /e/lib/python3.11/site-packages/tensorflow/python/platform/../../libtensorflow_framework.so.2: "
        "undefined symbol: _ZTIN6snappy4SinkE"
    )
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and "another build of snappy" in finding.title
    assert finding.fix is not None and "channel_priority strict" in finding.fix.code
    # ROCm/tensorflow-upstream#444: HIP's runtime is ROCm's, answered with a build for the ROCm installed.
    hip = text.replace("_ZTIN6snappy4SinkE", "_ZN8hip_impl19Bundled_code_header13magic_string_E")
    finding = explain(hip, platform="linux")[0]
    assert finding.cause == "lib_version_conflict" and finding.fix is not None and "tensorflow-rocm" in finding.fix.code
    # TensorFlow's own namespace missing is TensorFlow's files of two releases, not another library.
    own = text.replace("_ZTIN6snappy4SinkE", "_ZN10tensorflow8OpKernelD2Ev")
    assert "another build of" not in explain(own, platform="linux")[0].title


def test_kernel_launch_calls_of_another_cudas_nvcc() -> None:
    # horovod/horovod#2224 (cudaLaunch, gone from CUDA 10.1's runtime) and the corpus's __cudaPopCallConfiguration texts:
    # one finding, the extension built against another CUDA, with the toolkit of torch's CUDA and a rebuild.
    text = "ImportError: /x/horovod/tensorflow/mpi_lib.cpython-36m-x86_64-linux-gnu.so: undefined symbol: cudaLaunch"
    found = explain(text, platform="linux")
    assert found[0].cause == "extension_abi_mismatch" and "nvcc of another CUDA release" in found[0].title
    assert found[0].fix is not None and found[0].fix.note and "build it again" in found[0].fix.note
    assert "build_toolchain_missing" not in [f.cause for f in found]  # the same situation is not said twice


def test_an_open_mpi_component_of_another_install() -> None:
    # horovod/horovod#69: an older, CUDA-built Open MPI's component left in the prefix.
    text = "python: symbol lookup error: /usr/local/lib/openmpi/mca_coll_cuda.so: undefined symbol: opal_cuda_check_bufs"
    finding = explain(text, platform="linux")[0]
    assert finding.cause == "corrupted_install" and finding.fix is not None and "/usr/local/lib/openmpi" in finding.fix.code
    other = "python: symbol lookup error: /usr/local/lib/openmpi/mca_coll_cuda.so: undefined symbol: cudaMalloc"
    assert explain(other, platform="linux")[0].title != finding.title
