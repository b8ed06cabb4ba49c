"""furong.match.assign / assign_sparse against scipy (linear_sum_assignment,
min_weight_full_bipartite_matching) on random dense and sparse instances: exact optima, valid
assignments, infeasible cases, errors; and co_building fed a numpy score matrix."""

from __future__ import annotations

from typing import Any, Tuple

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

import furong
from furong import ArgumentError


def check_valid(rows: np.ndarray, cols: np.ndarray, shape: Tuple[int, int]) -> None:
    assert rows.dtype == np.int64 and cols.dtype == np.int64
    assert len(rows) == len(cols) == min(shape)
    assert np.all(np.diff(rows) > 0)
    assert len(set(cols.tolist())) == len(cols)
    assert rows.min(initial=0) >= 0 and cols.min(initial=0) >= 0
    if len(rows):
        assert rows.max() < shape[0] and cols.max() < shape[1]


def dense_instance(seed: int, n: int, m: int, integer: bool, ties: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if integer:
        return rng.integers(1, 4 if ties else 101, size=(n, m))
    return np.round(rng.uniform(-5.0, 5.0, size=(n, m)), 1 if ties else 12)


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 25), m=st.integers(0, 25), integer=st.booleans(),
       ties=st.booleans(), maximize=st.booleans())
def test_dense_equals_linear_sum_assignment(seed: int, n: int, m: int, integer: bool, ties: bool,
                                            maximize: bool) -> None:
    c = dense_instance(seed, n, m, integer, ties)
    rows, cols = furong.match.assign(c, maximize=maximize)
    check_valid(rows, cols, c.shape)
    r, k = linear_sum_assignment(c, maximize=maximize)
    if integer:
        assert int(c[rows, cols].sum()) == int(c[r, k].sum())
    else:
        assert c[rows, cols].sum() == pytest.approx(c[r, k].sum(), rel=1e-12, abs=1e-9)


def sparse_instance(seed: int, n: int, m: int, per_row: int, integer: bool) -> sp.csr_matrix:
    """Random eligible pairs per row (no explicit zeros: scipy drops them)."""
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n), per_row)
    cols = rng.integers(0, max(m, 1), size=n * per_row)
    key = np.unique(rows.astype(np.int64) * max(m, 1) + cols) if m else np.array([], dtype=np.int64)
    r, c = key // max(m, 1), key % max(m, 1)
    data = rng.integers(1, 101, size=len(key)).astype(float) if integer else rng.uniform(0.5, 9.5, size=len(key))
    return sp.csr_matrix((data, (r, c)), shape=(n, m))


def scipy_sparse(mat: sp.csr_matrix, maximize: bool) -> Any:
    try:
        r, c = min_weight_full_bipartite_matching(mat, maximize=maximize)
    except ValueError:
        return None
    return mat[r, c].sum()


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 30), m=st.integers(1, 30), per_row=st.integers(1, 6),
       integer=st.booleans(), maximize=st.booleans())
def test_sparse_equals_min_weight_full_bipartite_matching(seed: int, n: int, m: int, per_row: int, integer: bool,
                                                          maximize: bool) -> None:
    mat = sparse_instance(seed, n, m, per_row, integer)
    theirs = scipy_sparse(mat, maximize)
    if theirs is None:
        with pytest.raises(ArgumentError, match="no full assignment exists"):
            furong.match.assign_sparse(mat, maximize=maximize)
        return
    rows, cols = furong.match.assign_sparse(mat, maximize=maximize)
    check_valid(rows, cols, mat.shape)
    picked = np.asarray(mat[rows, cols]).ravel()
    assert np.all(picked != 0)  # only listed pairs (the data holds no zeros)
    ours = picked.sum()
    if integer:
        assert ours == theirs
    else:
        assert ours == pytest.approx(theirs, rel=1e-12)
    # The CSR arrays and integer data give the same optimum.
    r2, c2 = furong.match.assign_sparse((mat.indptr, mat.indices, mat.data), shape=mat.shape, maximize=maximize)
    assert np.asarray(mat[r2, c2]).sum() == pytest.approx(ours, rel=1e-12)
    if integer:
        as_int = sp.csr_matrix((mat.data.astype(np.int64), mat.indices, mat.indptr), shape=mat.shape)
        r3, c3 = furong.match.assign_sparse(as_int, maximize=maximize)
        assert int(as_int[r3, c3].sum()) == theirs


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), m=st.integers(1, 12), maximize=st.booleans())
def test_dense_with_forbidden_entries(seed: int, n: int, m: int, maximize: bool) -> None:
    rng = np.random.default_rng(seed)
    c = rng.integers(1, 20, size=(n, m)).astype(float)
    c[rng.uniform(size=(n, m)) < 0.5] = -np.inf if maximize else np.inf
    try:
        r, k = linear_sum_assignment(c, maximize=maximize)
        theirs = c[r, k].sum()
    except ValueError:
        theirs = None
    if theirs is None:
        with pytest.raises(ArgumentError, match="no full assignment exists"):
            furong.match.assign(c, maximize=maximize)
        return
    rows, cols = furong.match.assign(c, maximize=maximize)
    check_valid(rows, cols, c.shape)
    assert np.isfinite(c[rows, cols]).all()
    assert c[rows, cols].sum() == theirs


@pytest.mark.parametrize("n", [100, 200])
def test_or_library_sized_dense(n: int) -> None:
    """assign100/assign200 shape: integer costs 1..100, every pair eligible."""
    c = np.random.default_rng(n).integers(1, 101, size=(n, n))
    rows, cols = furong.match.assign(c)
    r, k = linear_sum_assignment(c)
    assert int(c[rows, cols].sum()) == int(c[r, k].sum())
    rows, cols = furong.match.assign(c, maximize=True)
    r, k = linear_sum_assignment(c, maximize=True)
    assert int(c[rows, cols].sum()) == int(c[r, k].sum())


def test_or_library_sized_sparse() -> None:
    """assignp800 shape: 800 x 800, about 10% of the pairs eligible, costs 1..100."""
    mat = sparse_instance(800, 800, 800, 80, True)
    rows, cols = furong.match.assign_sparse(mat)
    assert np.asarray(mat[rows, cols]).sum() == scipy_sparse(mat, False)


def test_infeasible_messages_name_the_proof() -> None:
    mat = sp.csr_matrix(([1.0, 2.0, 3.0, 4.0], ([0, 1, 2, 2], [0, 0, 1, 2])), shape=(3, 3))
    with pytest.raises(ArgumentError, match=r"the 2 row\(s\) \[0, 1\] can reach only the 1 column\(s\) \[0\]"):
        furong.match.assign_sparse(mat)
    wide = sp.csr_matrix(([1.0, 2.0], ([0, 1], [0, 0])), shape=(3, 2))
    with pytest.raises(ArgumentError, match=r"column\(s\) \[1\] can reach only the 0 row"):
        furong.match.assign_sparse(wide)


def test_bad_arguments() -> None:
    with pytest.raises(ArgumentError, match="2-d"):
        furong.match.assign(np.zeros(3))
    with pytest.raises(ArgumentError, match="NaN"):
        furong.match.assign([[1.0, np.nan]])
    with pytest.raises(ArgumentError, match="infinity"):
        furong.match.assign([[1.0, -np.inf]])
    with pytest.raises(ArgumentError, match="numeric"):
        furong.match.assign(np.array([["a", "b"]]))
    with pytest.raises(ArgumentError, match="shape"):
        furong.match.assign_sparse((np.array([0, 1]), np.array([0]), np.array([1.0])))
    with pytest.raises(ArgumentError, match="out of range"):
        furong.match.assign_sparse((np.array([0, 1]), np.array([3]), np.array([1.0])), shape=(1, 2))
    with pytest.raises(ArgumentError, match="twice"):
        furong.match.assign_sparse((np.array([0, 2]), np.array([0, 0]), np.array([1.0, 2.0])), shape=(1, 2))
    with pytest.raises(ArgumentError, match="rows \\+ 1"):
        furong.match.assign_sparse((np.array([0]), np.array([0]), np.array([1.0])), shape=(1, 2))
    assert [x.tolist() for x in furong.match.assign(np.zeros((0, 4)))] == [[], []]


def score_network(P: int, C: int) -> furong.Network:
    net = furong.Network()
    net.add_organisation("d", "district")
    net.add_organisation("s", "street", parent="d")
    net.add_organisation("m", "community", parent="s")
    for p in range(P):
        net.add_organisation(f"p{p:03d}", "unit", parent="s", capacity=1)
    for c in range(C):
        net.add_organisation(f"c{c:03d}", "compound", parent="m")
    return net


@pytest.mark.parametrize("P,C", [(12, 12), (9, 14), (15, 6)])
def test_co_building_matrix_equals_assign_and_the_id_table(P: int, C: int) -> None:
    net = score_network(P, C)
    rng = np.random.default_rng(P * 100 + C)
    m = rng.integers(1, 101, size=(P, C)).astype(float)  # every pair eligible, capacity 1
    plan = furong.match.co_building(net, scores=m)
    rows, cols = furong.match.assign(m, maximize=True)
    assert plan.total_score == m[rows, cols].sum()
    assert len(plan.pairs) == min(P, C)
    # The same scores as an id table go through the min-cost path's input format.
    ps, cs = furong.match.providers(net), furong.match.compounds(net)
    table = pd.DataFrame({"provider": [ps[i] for i in range(P) for _ in range(C)],
                          "compound": [cs[j] for _ in range(P) for j in range(C)],
                          "score": m.ravel()})
    assert furong.match.co_building(net, scores=table).total_score == plan.total_score
    frame = pd.DataFrame(m, index=ps, columns=cs)
    assert furong.match.co_building(net, scores=frame).total_score == plan.total_score
    # Unmatched compounds are providers_full (every provider is full), reasons per plan.
    assert set(plan.unmatched["why"]) <= {"providers_full"}
    assert len(plan.unmatched) == max(0, C - P)


def test_co_building_matrix_errors() -> None:
    net = score_network(2, 3)
    with pytest.raises(ArgumentError, match="shape"):
        furong.match.co_building(net, scores=np.ones((3, 2)))
    bad = np.ones((2, 3))
    bad[1, 2] = -1.0
    with pytest.raises(ArgumentError, match=r"score matrix\[1, 2\] \(p001, c002\)"):
        furong.match.co_building(net, scores=bad)
    bad[1, 2] = np.nan
    with pytest.raises(ArgumentError, match="finite"):
        furong.match.co_building(net, scores=bad)


def test_benchmark_runs_at_a_tiny_size(capsys: Any) -> None:
    """CI runs bench/bench_assignment.py --tiny (beside scipy, optima checked equal)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "bench_assignment.py"
    spec = importlib.util.spec_from_file_location("bench_assignment", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--tiny"]) == 0
    out = capsys.readouterr().out
    assert out.count("(equal)") == 3
