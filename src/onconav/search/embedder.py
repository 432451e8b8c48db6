"""Static sentence embeddings: token lookup, mean, unit length.

The bundled model (src/onconav/search/model/) is distilled from all-MiniLM-L6-v2
by scripts/build_static_model.py. Encoding needs only the ``tokenizers`` package
and numpy, loads in milliseconds and encodes thousands of sentences a second.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file
from tokenizers import Tokenizer


class StaticEmbedder:
    def __init__(
        self, tokenizer: Tokenizer, table: NDArray[np.float32], unk_id: int | None
    ) -> None:
        self._tokenizer = tokenizer
        self._table = table
        self._unk_id = unk_id
        self.dims = int(table.shape[1])

    @classmethod
    def load(cls, directory: Path | None = None) -> StaticEmbedder:
        root = directory or Path(str(resources.files("onconav.search").joinpath("model")))
        config = json.loads((root / "config.json").read_text())
        tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        table = load_file(str(root / "embeddings.safetensors"))["embeddings"].astype(np.float32)
        return cls(tokenizer, table, config.get("unk_token_id"))

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Unit-length vectors, one row per text (a zero row if no known token)."""
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=False)
        for row, encoding in enumerate(encodings):
            ids = [i for i in encoding.ids if i != self._unk_id]
            if not ids:
                continue
            vector = self._table[ids].mean(axis=0)
            norm = float(np.linalg.norm(vector))
            if norm > 0:
                out[row] = vector / norm
        return out
