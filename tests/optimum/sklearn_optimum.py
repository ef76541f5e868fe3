#!/usr/bin/python3
"""The exact optimum of linclass's softmax objective, for tests/optimum.test.ts.

linclass minimizes F(W, b) = (1/N) sum_i L_i + lam * ||W||^2 (softmax loss with
the natural log, b unpenalized). scikit-learn's LogisticRegression minimizes
1/2 ||W||^2 + C sum_i L_i, the same problem scaled, with C = 1 / (2 lam N).
Its lbfgs answer (tol 1e-10) stops a little above the optimum, so this script
polishes it with Newton steps (conjugate gradients on exact Hessian-vector
products, all in float64) until the gradient of F is at rounding level, and
writes F, W and b to tests/optimum/<name>.json.

    /usr/bin/python3 tests/optimum/sklearn_optimum.py [digits] [fashion-mnist]

Needs Debian's python3-sklearn; fashion-mnist needs dataset-fashion-mnist.
The features are made exactly as linclass's tests make them, in float32.
"""
import base64
import gzip
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FASHION = '/usr/share/datasets/fashion-mnist'
LAM = 1e-4


def digits():
    """The first 1500 rows of data/digits.csv, features / 16 in float32."""
    a = np.loadtxt(os.path.join(ROOT, 'data', 'digits.csv'), delimiter=',', dtype=np.float64)
    X = (a[:1500, :-1] / 16).astype(np.float32)
    return X, a[:1500, -1].astype(np.int64)


def idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def fashion():
    """The 60000 training images: pixels / 255 in float32, minus the mean image (summed in float64)."""
    X = (idx(os.path.join(FASHION, 'train-images-idx3-ubyte.gz')).reshape(60000, 784).astype(np.float64) / 255).astype(np.float32)
    y = idx(os.path.join(FASHION, 'train-labels-idx1-ubyte.gz')).astype(np.int64)
    mean = X.astype(np.float64).mean(axis=0)
    return (X.astype(np.float64) - mean).astype(np.float32), y


class Objective:
    """F(W, b), its gradient and Hessian-vector products in float64; theta = [W (C x D) | b (C)]."""

    def __init__(self, X, y, C, lam):
        self.X, self.N, self.C, self.lam = X, X.shape[0], C, lam
        self.D = X.shape[1]
        self.Y = np.zeros((self.N, C))
        self.Y[np.arange(self.N), y] = 1

    def split(self, t):
        return t[:self.C * self.D].reshape(self.C, self.D), t[self.C * self.D:]

    def probs(self, t):
        W, b = self.split(t)
        S = self.X @ W.T + b
        S -= S.max(axis=1, keepdims=True)
        E = np.exp(S)
        Z = E.sum(axis=1, keepdims=True)
        return E / Z, S - np.log(Z)

    def value_grad(self, t):
        W, _ = self.split(t)
        P, logP = self.probs(t)
        f = -(self.Y * logP).sum() / self.N + self.lam * (W * W).sum()
        R = (P - self.Y) / self.N
        gW = R.T @ self.X + 2 * self.lam * W
        return f, np.concatenate([gW.ravel(), R.sum(axis=0)]), P

    def hess_vec(self, P, v):
        V, u = self.split(v)
        Z = self.X @ V.T + u
        R = P * Z
        R -= P * R.sum(axis=1, keepdims=True)
        R /= self.N
        return np.concatenate([(R.T @ self.X + 2 * self.lam * V).ravel(), R.sum(axis=0)])


def cg(hv, g, iters=2000, rtol=1e-13):
    """Solves H p = -g by conjugate gradients."""
    p = np.zeros_like(g)
    r = -g.copy()
    d = r.copy()
    rr = r @ r
    stop = rtol * rtol * (g @ g)
    for _ in range(iters):
        Hd = hv(d)
        a = rr / (d @ Hd)
        p += a * d
        r -= a * Hd
        rr_new = r @ r
        if rr_new <= stop:
            break
        d = r + (rr_new / rr) * d
        rr = rr_new
    return p


def solve(name, X, y):
    N, D = X.shape
    C = int(y.max()) + 1
    t0 = time.time()
    clf = LogisticRegression(C=1 / (2 * LAM * N), solver='lbfgs', multi_class='multinomial', tol=1e-10, max_iter=100000)
    X64 = X.astype(np.float64)
    clf.fit(X64, y)
    obj = Objective(X64, y, C, LAM)
    t = np.concatenate([clf.coef_.ravel(), clf.intercept_])
    f_sk, g, P = obj.value_grad(t)
    print(f'{name}: sklearn lbfgs {clf.n_iter_[0]} iterations, F = {f_sk!r}, max |grad| = {np.abs(g).max():.3e} ({time.time() - t0:.0f} s)')
    f = f_sk
    for step in range(4):
        p = cg(lambda v: obj.hess_vec(P, v), g)
        f_new, g_new, P_new = obj.value_grad(t + p)
        if not f_new <= f:
            break
        t, f, g, P = t + p, f_new, g_new, P_new
        print(f'  Newton step {step + 1}: F = {f!r}, max |grad| = {np.abs(g).max():.3e}')
    print(f'  sklearn stopped {(f_sk - f) / f:.2e} (relative) above the optimum')
    W, b = obj.split(t)
    out = {
        'about': 'The optimum of (1/N) sum softmax loss + reg * ||W||^2 (b unpenalized), made by tests/optimum/sklearn_optimum.py.',
        'data': name, 'rows': N, 'features': D, 'classes': C, 'reg': LAM,
        'sklearn': sklearn.__version__, 'sklearnIterations': int(clf.n_iter_[0]), 'sklearnObjective': f_sk,
        'objective': f, 'maxAbsGradient': float(np.abs(g).max()),
        'W': base64.b64encode(W.astype('<f4').tobytes()).decode('ascii'),
        'b': base64.b64encode(b.astype('<f4').tobytes()).decode('ascii'),
    }
    with open(os.path.join(HERE, f'{name}.json'), 'w') as fh:
        json.dump(out, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    for name in sys.argv[1:] or ['digits', 'fashion-mnist']:
        solve(name, *(digits() if name == 'digits' else fashion()))
