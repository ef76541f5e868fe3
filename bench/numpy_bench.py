"""numpy + OpenBLAS side of `npm run bench`: the CS231n vectorized softmax and
SVM loss+gradient on the bench's own data (a float32 file written by bench/run.ts),
timed like the JavaScript rows (quiet windows, medians of rounds). Prints one JSON object.
  python3 numpy_bench.py DATAFILE N D C B ROUNDS
Run with OPENBLAS_NUM_THREADS set to choose the thread count. The JSON says
which OpenBLAS kernel ran (threadpoolctl, else OpenBLAS's own corename) and
the OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE the process saw."""
import json, os, re, sys, time
import numpy as np


def blas_info():
    """The BLAS numpy uses: library, version, kernel (architecture) and threads."""
    try:
        from threadpoolctl import threadpool_info
        for lib in threadpool_info():
            if lib.get("internal_api") == "openblas":
                return {"via": "threadpoolctl", "version": lib.get("version"), "kernel": lib.get("architecture"),
                        "threads": lib.get("num_threads"), "library": os.path.basename(lib.get("filepath", ""))}
    except ImportError:
        pass
    import ctypes
    paths = sorted(set(re.findall(r"(/\S*libopenblas\S*\.so\S*)", open("/proc/self/maps").read())))
    if not paths:
        return {"via": "none"}
    lib = ctypes.CDLL(paths[0])
    lib.openblas_get_corename.restype = ctypes.c_char_p
    lib.openblas_get_config.restype = ctypes.c_char_p
    return {"via": "openblas_get_corename", "kernel": lib.openblas_get_corename().decode(),
            "config": lib.openblas_get_config().decode(), "library": os.path.basename(paths[0])}

path = sys.argv[1]
N, D, C, B, ROUNDS = (int(a) for a in sys.argv[2:7])
raw = np.fromfile(path, dtype=np.float32, count=N * D + N)
X = raw[: N * D].reshape(N, D)
y = raw[N * D :].view(np.int32).copy()
rng = np.random.default_rng(1)
W0 = (rng.uniform(-1, 1, size=(D, C)) * 1e-3).astype(np.float32)
reg = np.float32(1e-3)


def softmax_loss(W, Xb, yb):
    n = Xb.shape[0]
    S = Xb @ W
    S -= S.max(axis=1, keepdims=True)
    P = np.exp(S)
    P /= P.sum(axis=1, keepdims=True)
    loss = -np.log(P[np.arange(n), yb]).mean() + reg * np.sum(W * W)
    P[np.arange(n), yb] -= 1
    dW = Xb.T @ P / n + 2 * reg * W
    return loss, dW


def svm_loss(W, Xb, yb):
    n = Xb.shape[0]
    S = Xb @ W
    sy = S[np.arange(n), yb][:, None]
    M = np.maximum(0, S - sy + 1)
    M[np.arange(n), yb] = 0
    loss = M.sum() / n + reg * np.sum(W * W)
    G = (M > 0).astype(np.float32)
    G[np.arange(n), yb] = -G.sum(axis=1)
    dW = Xb.T @ G / n + 2 * reg * W
    return loss, dW


LOSSES = {"softmax": softmax_loss, "svm": svm_loss}


def batch(f):
    idx = rng.integers(0, N, size=B)
    return f(W0, X[idx], y[idx])


def epoch(f):
    W = W0.copy()
    for _ in range(N // B):
        idx = rng.integers(0, N, size=B)
        _, dW = f(W, X[idx], y[idx])
        W -= 1e-7 * dW


def full(f):
    return f(W0, X, y)


def wait_ns():
    """ns this process's threads spent runnable but waiting for a CPU (Linux), as bench/quiet.mjs reads it."""
    total = 0
    try:
        for t in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{t}/schedstat") as f:
                    total += int(f.read().split()[1])
            except OSError:
                pass
    except OSError:
        return None
    return total


def timeit(fn, window_ms=20, budget_ms=300, want=5, max_ms=6000, max_wait=0.002):
    """ms per call, the rule of bench/quiet.mjs: the median of the windows in which no thread waited for a CPU."""
    windows, start = [], time.perf_counter()
    while True:
        w0, t0, reps = wait_ns(), time.perf_counter(), 0
        while True:
            fn()
            reps += 1
            if (time.perf_counter() - t0) * 1000 >= window_ms:
                break
        t1 = time.perf_counter()
        w1 = wait_ns()
        wait = 0 if w0 is None else (w1 - w0) / 1e6 / ((t1 - t0) * 1000)
        windows.append(((t1 - t0) * 1000 / reps, wait))
        quiet = [ms for ms, w in windows if w <= max_wait]
        el = (time.perf_counter() - start) * 1000
        if (len(quiet) >= want and el >= budget_ms) or el >= max_ms:
            if len(quiet) >= min(want, 3):
                return float(np.median(quiet))
            best = sorted(windows, key=lambda x: x[1])[: max(1, min(want, len(windows)))]
            return float(np.median([ms for ms, _ in best]))


for f in LOSSES.values():
    for _ in range(10):
        batch(f)
res = {name: {"batch": [], "epoch": [], "full": []} for name in LOSSES}
for r in range(ROUNDS):
    for name, f in LOSSES.items():
        res[name]["batch"].append(timeit(lambda: batch(f)))
        res[name]["epoch"].append(timeit(lambda: epoch(f), window_ms=1, budget_ms=600, want=3))
        res[name]["full"].append(timeit(lambda: full(f), window_ms=1, budget_ms=600, want=3))
out = {name: {k: float(np.median(v)) for k, v in d.items()} for name, d in res.items()}
Xp, b0 = X[:10000], np.zeros(C, dtype=np.float32)
out["predict 10000"] = float(np.median([timeit(lambda: np.argmax(Xp @ W0 + b0, axis=1), budget_ms=250) for _ in range(ROUNDS)]))
out["blas"] = dict(blas_info(), coretype=os.environ.get("OPENBLAS_CORETYPE"), l2size=os.environ.get("OPENBLAS_L2_SIZE"))
print(json.dumps(out))
