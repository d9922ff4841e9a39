"""python -m alwgs.sim --scale ci|demo --out DIR : write the simulated demo batch."""

import argparse
import hashlib
import sys
import time
from pathlib import Path

from .generate import SEED, generate
from .scales import SCALES


def generator_stamp(scale: str, seed: int) -> str:
    """Identity of a generated batch: the simulator's code, the scale and the seed. A batch
    written by other code is regenerated instead of being silently reused."""
    digest = hashlib.sha256(f"{scale}:{seed}".encode())
    for src in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(src.read_bytes())
    return digest.hexdigest() + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m alwgs.sim", description=__doc__)
    ap.add_argument("--scale", choices=sorted(SCALES), default="demo")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--force", action="store_true", help="rewrite an existing output folder")
    args = ap.parse_args(argv)
    stamp_path = args.out / "GENERATOR.sha256"
    stamp = generator_stamp(args.scale, args.seed)
    if stamp_path.exists() and stamp_path.read_text() == stamp and not args.force:
        print(f"[sim] {args.out} already holds this batch (same generator, scale and seed)")
        return 0
    t0 = time.time()
    generate(args.out, SCALES[args.scale], args.seed)
    stamp_path.write_text(stamp)
    print(f"[sim] wrote {args.out} in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
