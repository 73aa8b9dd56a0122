"""Import every signal-extractor module (each registers its extractors on import)."""

from __future__ import annotations

from . import (  # noqa: F401
    addon_abi,
    build,
    cuda,
    frozen_app,
    imports,
    lfs_pointers,
    numpy_abi,
    packaging_rules,
    process_death,
    runtime,
    shared_folders,
    shared_libs,
    source_tree,
    torch_files,
    unbuilt,
    vision,
    wheels,
    windows_dll,
    xpu,
)
