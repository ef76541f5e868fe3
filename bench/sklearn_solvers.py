#!/usr/bin/python3
"""scikit-learn's linear classifiers with their defaults on the digits split
bench/solvers.ts uses (rows 0-1499 train, the other 297 test, features / 16),
for the rows beside linclass's in bench/results/solvers.md. Prints JSON:
[{"name", "accuracy": [...per seed], "seconds": median}].

    /usr/bin/python3 bench/sklearn_solvers.py

Needs Debian's python3-sklearn. LinearSVC is run with loss='hinge' (its
default is the squared hinge) so that it is the one-vs-all hinge of linclass's
loss 'ova'; multi_class='crammer_singer' is linclass's loss 'structured'.
Both penalize the intercept as a feature of value 1 (intercept_scaling 1).
"""
import json
import os
import time
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.svm import LinearSVC

warnings.filterwarnings('ignore')
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
d = np.loadtxt(os.path.join(ROOT, 'data', 'digits.csv'), delimiter=',', skiprows=1, dtype=np.float32)
X, y = d[:, :-1] / np.float32(16), d[:, -1].astype(int)
Xtr, ytr, Xte, yte = X[:1500], y[:1500], X[1500:], y[1500:]

MODELS = [
    ('LogisticRegression() (lbfgs, C 1)', lambda s: LogisticRegression(max_iter=100)),
    ("LinearSVC(loss='hinge') (one-vs-all, C 1)", lambda s: LinearSVC(loss='hinge', random_state=s)),
    ("LinearSVC(multi_class='crammer_singer') (C 1)", lambda s: LinearSVC(multi_class='crammer_singer', random_state=s)),
    ("SGDClassifier() (hinge, one-vs-all)", lambda s: SGDClassifier(random_state=s)),
    ("SGDClassifier(loss='log_loss') (one-vs-all)", lambda s: SGDClassifier(loss='log_loss', random_state=s)),
]
out = []
for name, make in MODELS:
    acc, secs = [], []
    for seed in range(10):
        t0 = time.perf_counter()
        m = make(seed).fit(Xtr, ytr)
        secs.append(time.perf_counter() - t0)
        acc.append(float(m.score(Xte, yte)))
    out.append({'name': name, 'accuracy': acc, 'seconds': float(np.median(secs))})
print(json.dumps({'sklearn': sklearn.__version__, 'models': out}))
