"""Time and size of `frontline demo --cadres N` (default 100,000), run as a user would.

Baseline in the same run: the same program creating an empty database (start-up, key
derivation, schema), so the ratio shows what the data itself costs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import PASSWORD, cadres_default, timed


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def main() -> None:
    n = cadres_default()
    env = {**os.environ, "FRONTLINE_PASSWORD": PASSWORD}
    with tempfile.TemporaryDirectory() as tmp:
        empty, full = Path(tmp) / "empty.db", Path(tmp) / "demo.db"
        base = timed(lambda: subprocess.run([sys.executable, "-m", "desktop", "init", "--db", str(empty)],
                                            env=env, check=True, capture_output=True))
        took = timed(lambda: subprocess.run([sys.executable, "-m", "desktop", "demo", "--db", str(full),
                                             "--cadres", str(n)], env=env, check=True, capture_output=True))
        size = _size(full)
    print(f"demo --cadres {n}: {took:.1f} s, {size / 2**20:.1f} MiB "
          f"({n / max(took - base, 1e-9):.0f} cadres/s beyond start-up; "
          f"empty database {base:.2f} s, ratio {took / base:.1f}x)")


if __name__ == "__main__":
    main()
