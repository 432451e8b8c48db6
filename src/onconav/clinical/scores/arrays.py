"""Array types shared by the score modules: one float column per variable, NaN = not known."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
CodeArray = NDArray[np.int64]  # category indices; -1 = not known
