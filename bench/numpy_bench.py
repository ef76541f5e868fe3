"""numpy + OpenBLAS side of `npm run bench`: the CS231n vectorized softmax and
SVM loss+gradient on the bench's own data (a float32 file written by bench/run.ts),
timed like the JavaScript rows (medians of rounds). Prints one JSON object.
  python3 numpy_bench.py DATAFILE N D C B ROUNDS
Run with OPENBLAS_NUM_THREADS set to choose the thread count."""
import json, sys, time
import numpy as np

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


def timeit(fn, min_ms=300):
    reps, t0 = 0, time.perf_counter()
    while True:
        fn()
        reps += 1
        el = (time.perf_counter() - t0) * 1000
        if el >= min_ms:
            return el / reps


for f in LOSSES.values():
    for _ in range(10):
        batch(f)
res = {name: {"batch": [], "epoch": [], "full": []} for name in LOSSES}
for r in range(ROUNDS):
    for name, f in LOSSES.items():
        res[name]["batch"].append(timeit(lambda: batch(f)))
        res[name]["epoch"].append(timeit(lambda: epoch(f), 1))
        res[name]["full"].append(timeit(lambda: full(f), 1))
print(json.dumps({name: {k: float(np.median(v)) for k, v in d.items()} for name, d in res.items()}))
