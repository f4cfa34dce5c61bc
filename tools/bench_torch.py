#!/usr/bin/env python3
"""PyTorch's side of `./initlab bench`: the same network, data, batches and SGD step as the Java rows.

Called by org.initlab.bench.Benchmark with a case file it wrote (a JSON header line, then the inputs as
little-endian float64 row by row, the labels as int32, and the initial weights and biases of every layer,
each fanOut x fanIn row by row). Prints one tab-separated line per precision: "ok", the precision, the torch
version, the OpenMP and BLAS threads of the best setting tried and its median epoch in seconds, then every
setting tried as threads:threads=seconds; or "error", the precision (or "-") and what went wrong. PyTorch splits its work over two kinds of threads (its own intra-op
OpenMP threads, torch.set_num_threads, and those of the BLAS it calls, OPENBLAS_NUM_THREADS, read when the
library loads), so each setting runs in a process of its own: `--setting T,B CASE_FILE DTYPE EPOCHS` is that child
(the Java bench also calls it directly, with the best setting, in its rounds of interleaved measurements; the
OpenBLAS thread count then comes from its OPENBLAS_NUM_THREADS).

Not part of CI: Debian's python3-torch is large and only the benchmark needs it.
"""
import json
import os
import subprocess
import sys
import time


def load(path):
    import numpy as np
    with open(path, "rb") as f:
        header = json.loads(f.readline())
        n, k = header["samples"], header["features"]
        x = np.frombuffer(f.read(8 * n * k), dtype="<f8").reshape(n, k)
        y = np.frombuffer(f.read(4 * n), dtype="<i4")
        weights = []
        for fan_in, fan_out in zip(header["widths"][:-1], header["widths"][1:]):
            w = np.frombuffer(f.read(8 * fan_out * fan_in), dtype="<f8").reshape(fan_out, fan_in)
            b = np.frombuffer(f.read(8 * fan_out), dtype="<f8")
            weights.append((w, b))
    return header, x, y, weights


def epoch_times(header, x, y, weights, dtype, epochs):
    """Wall time of each epoch: forward, cross-entropy, backward and an SGD step per batch, in a fixed order."""
    import torch
    layers = []
    for w, b in weights:
        lin = torch.nn.Linear(w.shape[1], w.shape[0]).to(dtype)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w.copy()))
            lin.bias.copy_(torch.from_numpy(b.copy()))
        layers += [lin, torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers[:-1])  # no ReLU after the output layer
    opt = torch.optim.SGD(net.parameters(), lr=header["learning_rate"])
    loss = torch.nn.CrossEntropyLoss()
    xs, ys = torch.from_numpy(x.copy()).to(dtype), torch.from_numpy(y.astype("int64"))
    batch, n = header["batch"], xs.shape[0]
    batches = [(xs[i:i + batch], ys[i:i + batch]) for i in range(0, n, batch)]
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        for xb, yb in batches:
            opt.zero_grad(set_to_none=True)
            loss(net(xb), yb).backward()
            opt.step()
        times.append(time.perf_counter() - start)
    return times


def median(v):
    v = sorted(v)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def child(path, dtype_name, torch_threads, epochs):
    import torch
    torch.set_num_threads(torch_threads)
    header, x, y, weights = load(path)
    dtype = {"float64": torch.float64, "float32": torch.float32}[dtype_name]
    t = epoch_times(header, x, y, weights, dtype, epochs + 1)
    # The first epoch warms up; "times" are the epochs after it, for a caller that runs this setting in its own rounds.
    print(json.dumps({"epoch": median(t[1:]), "torch": torch.__version__, "times": t[1:]}))


def main():
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--setting":
        torch_threads, blas_threads = (int(v) for v in args[1].split(","))
        child(args[2], args[3], torch_threads, int(args[4]))
        return
    if len(args) != 2:
        sys.exit("usage: bench_torch.py CASE_FILE EPOCHS")
    path, epochs = args[0], int(args[1])
    try:
        import torch  # noqa: F401  (only to fail early, with the install hint)
    except ImportError:
        print("error\t-\tno torch for " + sys.executable + " (sudo apt-get install python3-torch)")
        return
    cores = os.cpu_count() or 1
    settings = sorted({(t, b) for t in (1, cores) for b in (1, cores)})
    for dtype in ("float64", "float32"):
        tried = []
        for torch_threads, blas_threads in settings:
            env = dict(os.environ, OPENBLAS_NUM_THREADS=str(blas_threads), OMP_NUM_THREADS=str(torch_threads))
            out = subprocess.run([sys.executable, __file__, "--setting", f"{torch_threads},{blas_threads}", path, dtype, str(epochs)],
                                 env=env, capture_output=True, text=True)
            if out.returncode != 0:
                print(f"error\t{dtype}\t" + (out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "exit " + str(out.returncode)))
                break
            r = json.loads(out.stdout.strip().splitlines()[-1])
            tried.append({"torch_threads": torch_threads, "blas_threads": blas_threads, "epoch": r["epoch"], "torch": r["torch"]})
        else:
            best = min(tried, key=lambda r: r["epoch"])
            all_ = " ".join(f"{r['torch_threads']}:{r['blas_threads']}={r['epoch']:.4f}" for r in tried)
            print(f"ok\t{dtype}\t{best['torch']}\t{best['torch_threads']}\t{best['blas_threads']}\t{best['epoch']:.6f}\t{all_}")


if __name__ == "__main__":
    main()
