"""Sentence embeddings from the bundled all-MiniLM-L6-v2, run by onnxruntime.

The model (src/onconav/search/model/) is exported and int8-quantised by
scripts/build_embedding_model.py. Run time needs onnxruntime, ``tokenizers`` and
numpy: no torch, and nothing is fetched from a model hub.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import onnxruntime
from numpy.typing import NDArray
from tokenizers import Tokenizer

BATCH = 32


class Embedder:
    def __init__(
        self, session: onnxruntime.InferenceSession, tokenizer: Tokenizer, dims: int
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.dims = dims

    @classmethod
    def load(cls, directory: Path | None = None, *, threads: int = 2) -> Embedder:
        root = directory or Path(str(resources.files("onconav.search").joinpath("model")))
        config = json.loads((root / "config.json").read_text())
        tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        tokenizer.enable_truncation(config["max_tokens"])
        tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(
            str(root / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        return cls(session, tokenizer, int(config["dims"]))

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """Unit-length mean-pooled vectors, one row per text."""
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        # Batches of similar length waste little work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            (hidden,) = self._session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            summed = (hidden * mask[..., None]).sum(axis=1)
            vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[rows] = vectors / np.maximum(norms, 1e-12)
        return out
