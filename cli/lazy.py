"""Modules the CLI loads on first use, so `upskill --help` answers before pandas and Alembic load.

Every command needs the data layer, but `--help`, a usage mistake and shell completion need none
of it: importing it all up front made `upskill --help` take 1.5 s. `lazy("data_model.metrics")`
returns the module as a stand-in that runs its import on the first attribute read (the standard
library's `importlib.util.LazyLoader`); code then reads `metrics.weekly_learning_minutes` as usual.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """`name`, imported now if it already is, otherwise on the first attribute read."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
