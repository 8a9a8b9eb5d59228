#!/usr/bin/env python3
"""Writes Tests/RerankCoreTests/Fixtures/paired_statistics.json: expected values for
RerankCore's paired bootstrap interval and randomisation test (PairedStatistics.swift), from two
independent sources:

1. scipy (an implementation we did not write):
   - scipy.stats.permutation_test(permutation_type='samples', n_resamples=inf) on the paired
     samples: the exact sign-flip p-value, for the vectors with at most 16 cases; the Swift code
     enumerates the same 2^n assignments, so the two must agree to rounding.
   - scipy.stats.bootstrap(method='percentile', paired=True) with 200,000 resamples of its own
     generator: a percentile interval that differs from ours only by resampling error, so the
     test allows a tolerance computed here from that error (see `bootstrap_tolerance`).
   - permutation_test with 200,000 random resamples for the vectors above 16 cases, with a
     tolerance of 4 standard errors of the two Monte Carlo estimates.
2. A plain-Python reimplementation of the same steps with the same generator (SplitMix64, index =
   next() mod n, the same seed): interval and Monte Carlo p-value must match ours to rounding. This
   checks the arithmetic (draws, means, linear quantile, sign bits) exactly, where scipy can check
   only up to resampling error.

Dev-only: needs numpy and scipy (not needed at CI time; the JSON is committed).
    python3 scripts/stats/make_stats_fixture.py
"""
import json
import math
import os

import numpy as np
import scipy
import scipy.stats

SEED = 20261130
B = 10_000          # bootstrap resamples (ResamplingSettings.standard)
R = 10_000          # random sign assignments beyond EXACT_UP_TO
EXACT_UP_TO = 16
CONFIDENCE = 0.95
REFERENCE_RESAMPLES = 200_000
MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def same_generator_interval(d):
    n = len(d)
    rng = SplitMix64(SEED)
    means = []
    for _ in range(B):
        s = 0.0
        for _ in range(n):
            s += d[rng.next() % n]
        means.append(s / n)
    means.sort()
    alpha = (1 - CONFIDENCE) / 2

    def q(p):
        pos = p * (B - 1)
        lo = int(math.floor(pos))
        hi = min(lo + 1, B - 1)
        return means[lo] + (means[hi] - means[lo]) * (pos - lo)

    return q(alpha), q(1 - alpha)


def same_generator_p(d):
    n = len(d)
    observed = abs(sum(d))
    threshold = observed - observed * 100 * np.finfo(float).eps
    rng = SplitMix64(SEED)
    hits = 0
    for _ in range(R):
        s = 0.0
        bits = 0
        for i in range(n):
            if i % 64 == 0:
                bits = rng.next()
            s += -d[i] if bits & 1 else d[i]
            bits >>= 1
        if abs(s) >= threshold:
            hits += 1
    return (hits + 1) / (R + 1)


def mean_diff(x, y, axis=-1):
    return np.mean(x - y, axis=axis)


def scipy_p(scorer, baseline, n_resamples):
    res = scipy.stats.permutation_test((scorer, baseline), mean_diff, permutation_type="samples",
                                       vectorized=True, n_resamples=n_resamples, alternative="two-sided",
                                       random_state=np.random.default_rng(1))
    return float(res.pvalue)


def scipy_interval(scorer, baseline):
    res = scipy.stats.bootstrap((scorer, baseline), mean_diff, paired=True, vectorized=True,
                                confidence_level=CONFIDENCE, n_resamples=REFERENCE_RESAMPLES,
                                method="percentile", random_state=np.random.default_rng(2))
    return float(res.confidence_interval.low), float(res.confidence_interval.high)


def bootstrap_tolerance(d):
    """How far two percentile intervals from B and REFERENCE_RESAMPLES resamples may differ by
    resampling error alone. The 2.5% quantile of m draws of the bootstrap mean has a standard
    error of sqrt(p (1 - p) / m) / f(q) (the sample-quantile variance), f the density of the
    bootstrap mean there; with the normal approximation, sd s / sqrt(n), f(q) = phi(1.96) / (s / sqrt(n)).
    Four standard errors of the difference of the two estimates, plus, for a distribution on a
    lattice (0/1 metrics), one lattice step 1/n, since a quantile can sit on either side of an atom."""
    n = len(d)
    s = float(np.std(d))
    p = (1 - CONFIDENCE) / 2
    density = scipy.stats.norm.pdf(scipy.stats.norm.ppf(1 - p)) / (s / math.sqrt(n)) if s > 0 else math.inf
    def se(m):
        return math.sqrt(p * (1 - p) / m) / density
    lattice = all(float(x).is_integer() for x in d)
    return 4 * math.hypot(se(B), se(REFERENCE_RESAMPLES)) + (1 / n if lattice else 0) + 1e-12


def make_vectors():
    rng = np.random.default_rng(20261130)
    vectors = []
    # (name, n, kind): continuous NDCG-like values, 0/1 hit rates, and MRR-like steps.
    for name, n, kind in [("ndcg-5", 5, "ndcg"), ("hit1-8", 8, "hit"), ("mrr-12", 12, "mrr"),
                          ("ndcg-16", 16, "ndcg"), ("ndcg-22", 22, "ndcg"), ("hit3-30", 30, "hit"),
                          ("ndcg-shifted-40", 40, "ndcg-shift"), ("all-ties-10", 10, "ties")]:
        if kind.startswith("ndcg"):
            base = rng.uniform(0.2, 0.9, n).round(6)
            shift = 0.15 if kind == "ndcg-shift" else 0.0
            scorer = np.clip(base + rng.normal(shift, 0.2, n), 0, 1).round(6)
        elif kind == "hit":
            base = rng.integers(0, 2, n).astype(float)
            scorer = rng.integers(0, 2, n).astype(float)
        elif kind == "mrr":
            base = 1 / rng.integers(1, 6, n)
            scorer = 1 / rng.integers(1, 4, n)
        else:
            base = rng.uniform(0, 1, n).round(6)
            scorer = base.copy()
        vectors.append((name, scorer.tolist(), base.tolist()))
    return vectors


def main():
    out = {
        "generator": f"scripts/stats/make_stats_fixture.py with numpy {np.__version__}, scipy {scipy.__version__}",
        "seed": SEED, "bootstrapResamples": B, "randomisations": R, "exactUpTo": EXACT_UP_TO,
        "confidence": CONFIDENCE, "referenceResamples": REFERENCE_RESAMPLES,
        "vectors": [],
    }
    for name, scorer, baseline in make_vectors():
        s, b = np.array(scorer), np.array(baseline)
        d = [x - y for x, y in zip(scorer, baseline)]
        n = len(d)
        entry = {"name": name, "scorer": scorer, "baseline": baseline}
        lo, hi = same_generator_interval(d)
        entry["sameGeneratorInterval"] = [lo, hi]
        if np.std(d) > 0:
            slo, shi = scipy_interval(s, b)
            entry["scipyInterval"] = [slo, shi]
            entry["scipyIntervalTolerance"] = bootstrap_tolerance(d)
        if n <= EXACT_UP_TO:
            entry["exactP"] = scipy_p(s, b, np.inf)
        else:
            entry["sameGeneratorP"] = same_generator_p(d)
            ref = scipy_p(s, b, REFERENCE_RESAMPLES)
            entry["scipyMonteCarloP"] = ref
            entry["scipyMonteCarloPTolerance"] = 4 * math.sqrt(max(ref * (1 - ref), 1e-4) * (1 / R + 1 / REFERENCE_RESAMPLES))
        out["vectors"].append(entry)
    path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "RerankCoreTests", "Fixtures",
                        "paired_statistics.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
