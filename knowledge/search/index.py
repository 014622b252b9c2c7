"""A compact inverted index with BM25F weights, stored as numpy arrays (CSR layout).

Every *item* (a passage, a document's title and summary, an FAQ entry) has a few *fields*
(body, title/context); each field has its own weight and length normalisation, per item kind.
For every (key, item) the BM25F weight ``idf(key) * tf' / (k1 + tf')`` is precomputed, where
``tf' = Σ_fields w_f * tf_f / (1 - b_f + b_f * len_f / avglen_f)``; a query then only adds
(or maxes) precomputed weights — no per-query arithmetic over documents.

Postings of one key are ``ids[offsets[k]:offsets[k+1]]`` (sorted item numbers) and the
matching ``weights``; :meth:`InvertedIndex.lookup` finds the weight of a key for a handful of
candidate items by binary search.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import filterfalse

import numpy as np

K1 = 1.2
# keys in more than CHAMPION_DF items also keep their CHAMPIONS highest-weighted postings, used
# (instead of the whole list) to gather candidates
CHAMPION_DF = 2000
CHAMPIONS = 256
SORT_CHUNKS = 32  # the postings are sorted by key in about this many pieces
SCAN_SLICE = 1 << 20  # postings scanned at a time when picking a piece (small temporaries)


@dataclass(frozen=True, slots=True)
class Counted:
    """Counted keys of one field: key ids, their term frequencies, total length."""

    kids: array[int]
    tfs: array[int]
    length: int


@dataclass(frozen=True, slots=True)
class FieldParams:
    weight: float
    b: float
    # the item kinds whose average field length normalises this one (empty: its own); falls
    # back to its own when they have no such field
    avg_kinds: tuple[int, ...] = ()


class IndexBuilder:
    """Collects (key, item, field, tf) postings; :meth:`build` turns them into an index."""

    def __init__(self, params: dict[tuple[int, int], FieldParams]) -> None:
        self.params = params  # (item kind, field) -> FieldParams
        self.key_ids: dict[str, int] = {}
        self._keys: list[str] = []
        self._p_key = array("i")
        # term frequencies: one byte each until one is above 255, then two (capped at 65535)
        self._p_tf = array("B")
        # run lengths: postings [sum(runs[:i]), +runs[i]) belong to run_item[i], run_field[i]
        self._run_len = array("i")
        self._run_item = array("i")
        self._run_field = array("b")
        self._run_flen = array("i")  # number of keys (with repetitions) of the run's field
        self._kinds = array("b")

    def count(self, keys: Sequence[str]) -> Counted:
        """Pre-count keys that several items share (a document title for its passages)."""
        counts = Counter(keys)
        key_ids = self.key_ids
        for key in list(filterfalse(key_ids.__contains__, counts)):
            key_ids[key] = len(self._keys)
            self._keys.append(key)
        return Counted(
            array("i", map(key_ids.__getitem__, counts)),
            _tf_array(counts.values()),
            len(keys),
        )

    def add(self, kind: int, fields: Sequence[tuple[int, Sequence[str] | Counted]]) -> int:
        """Add one item; ``fields`` are (field number, keys with repetitions or Counted)."""
        item = len(self._kinds)
        self._kinds.append(kind)
        for field, keys in fields:
            counted = keys if isinstance(keys, Counted) else self.count(keys)
            if not counted.length:
                continue
            self._p_key.extend(counted.kids)
            tfs = counted.tfs
            if tfs.typecode != self._p_tf.typecode:
                if self._p_tf.typecode == "B":  # the first tf above 255: widen once
                    self._p_tf = array("H", self._p_tf)
                if tfs.typecode != "H":
                    tfs = array("H", tfs)
            self._p_tf.extend(tfs)
            self._run_len.append(len(counted.kids))
            self._run_item.append(item)
            self._run_field.append(field)
            self._run_flen.append(counted.length)
        return item

    def build(self) -> InvertedIndex:
        """Compute the BM25F weights and lay the postings out by key (memory-lean)."""
        n_items = len(self._kinds)
        n_keys = len(self._keys)
        kinds = np.frombuffer(self._kinds, dtype=np.int8)
        runs = np.frombuffer(self._run_len, dtype=np.int32)
        run_item = np.frombuffer(self._run_item, dtype=np.int32)
        run_field = np.frombuffer(self._run_field, dtype=np.int8)
        run_flen = np.frombuffer(self._run_flen, dtype=np.int32)

        # one factor per run (an item's field): weight / (1 - b + b * len / avglen)
        run_factor = np.zeros(len(runs), dtype=np.float32)
        run_kind = kinds[run_item]
        field_lengths: dict[int, np.ndarray] = {}  # field -> its length in every item
        for field in {field for _, field in self.params}:
            in_field = run_field == field
            field_lengths[field] = np.bincount(
                run_item[in_field], weights=run_flen[in_field], minlength=n_items
            ).astype(np.float32)
        for (kind, field), fp in self.params.items():
            per_item = field_lengths[field]
            have = (kinds == kind) & (per_item > 0)
            if not have.any():
                continue
            reference = have
            if fp.avg_kinds:
                of_kind = np.isin(kinds, fp.avg_kinds) & (per_item > 0)
                if of_kind.any():
                    reference = of_kind
            avg = max(float(per_item[reference].mean()), 1e-6)
            sel = (run_kind == kind) & (run_field == field)
            norm = 1.0 - fp.b + fp.b * per_item[run_item[sel]] / avg
            run_factor[sel] = fp.weight / norm
        del run_kind, field_lengths, run_flen

        # Lay the postings out by key, a range of keys at a time so that the sort's temporary
        # arrays stay small (the peak memory at 100k passages matters).  Items were added in
        # increasing order, so a stable sort keeps each key's items sorted.
        p_key = np.frombuffer(self._p_key, dtype=np.int32)
        p_tf = np.frombuffer(
            self._p_tf, dtype=np.uint8 if self._p_tf.typecode == "B" else np.uint16
        )
        run_start = np.zeros(len(runs), dtype=np.int64)
        if len(runs) > 1:
            np.cumsum(runs[:-1], out=run_start[1:])
        df = np.bincount(p_key, minlength=n_keys).astype(np.int64)  # less merged pairs below
        total = len(p_key)
        out_item = np.empty(total, dtype=np.int32)
        out_tfp = np.empty(total, dtype=np.float32)
        written = 0
        pieces: list[tuple[int, int, int, int]] = []  # keys [k0, k1) at out[w0:w1]
        for k0, k1 in _key_chunks(df, max(total // SORT_CHUNKS, 1)):
            where = _positions_in(p_key, k0, k1)
            if len(where) == 0:
                continue
            order = np.argsort(p_key[where], kind="stable")
            where = where[order]
            del order
            run = np.searchsorted(run_start, where, side="right") - 1
            keys_c = p_key[where]
            items_c = run_item[run]
            tfp_c = p_tf[where] * run_factor[run]
            del run, where
            # merge the fields of one item: one (key, item) pair → summed tf'
            if len(keys_c) > 1:
                dup = (keys_c[1:] == keys_c[:-1]) & (items_c[1:] == items_c[:-1])
                if dup.any():
                    df -= np.bincount(keys_c[1:][dup], minlength=n_keys)
                    starts = np.flatnonzero(np.concatenate(([True], ~dup)))
                    tfp_c = np.add.reduceat(tfp_c, starts)
                    items_c = items_c[starts]
            n = len(items_c)
            out_item[written : written + n] = items_c
            out_tfp[written : written + n] = tfp_c
            pieces.append((k0, k1, written, written + n))
            written += n
        del p_key, p_tf
        self._p_key = array("i")
        self._p_tf = array("B")
        self._run_len = self._run_item = array("i")
        self._run_field = array("b")
        self._run_flen = array("i")
        if written < total:  # shrink in place (a copy would double the peak memory)
            out_item.resize(written, refcheck=False)
            out_tfp.resize(written, refcheck=False)
        idf = np.log1p((n_items - df + 0.5) / (df + 0.5)).astype(np.float32)
        out_tfp /= K1 + out_tfp
        for k0, k1, w0, w1 in pieces:  # × idf of each posting's key, a piece at a time
            out_tfp[w0:w1] *= np.repeat(idf[k0:k1], df[k0:k1])
        weights = out_tfp
        offsets = np.zeros(n_keys + 1, dtype=np.int64)
        np.cumsum(df, out=offsets[1:])
        ids = out_item
        # champion lists: the CHAMPIONS best items of every long posting list
        champions: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for kid in np.flatnonzero(df > CHAMPION_DF).tolist():
            start, end = int(offsets[kid]), int(offsets[kid + 1])
            w = weights[start:end]
            best = np.argpartition(w, -CHAMPIONS)[-CHAMPIONS:]
            best.sort()
            champions[kid] = (ids[start:end][best].copy(), w[best].copy())
        return InvertedIndex(
            key_ids=self.key_ids,
            keys=self._keys,
            offsets=offsets,
            ids=ids,
            weights=weights,
            idf=idf,
            n_items=n_items,
            champions=champions,
        )


class InvertedIndex:
    def __init__(
        self,
        *,
        key_ids: dict[str, int],
        keys: list[str],
        offsets: np.ndarray,
        ids: np.ndarray,
        weights: np.ndarray,
        idf: np.ndarray,
        n_items: int,
        champions: dict[int, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> None:
        self.key_ids = key_ids
        self.keys = keys
        self.offsets = offsets
        self.ids = ids
        self.weights = weights
        self.idf = idf
        self.n_items = n_items
        self.champions = champions or {}
        # idf of a key never seen (df = 0)
        self.idf_unseen = math.log1p((n_items + 0.5) / 0.5)

    def __contains__(self, key: str) -> bool:
        return key in self.key_ids

    def df(self, kid: int) -> int:
        return int(self.offsets[kid + 1] - self.offsets[kid])

    def postings(self, kid: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.offsets[kid], self.offsets[kid + 1]
        return self.ids[start:end], self.weights[start:end]

    def head(self, kid: int) -> tuple[np.ndarray, np.ndarray]:
        """The postings of a key for candidate generation: its champion list if it is long."""
        champion = self.champions.get(kid)
        return champion if champion is not None else self.postings(kid)

    def lookup(self, kid: int, items: np.ndarray) -> np.ndarray:
        """Weights of key ``kid`` for the (any order) ``items``; 0 where absent."""
        ids, weights = self.postings(kid)
        if len(ids) == 0:
            return np.zeros(len(items), dtype=np.float32)
        pos = np.searchsorted(ids, items)
        pos_c = np.minimum(pos, len(ids) - 1)
        found = ids[pos_c] == items
        return np.where(found, weights[pos_c], 0.0).astype(np.float32)

    def memory_bytes(self) -> int:
        champions = sum(a.nbytes + b.nbytes for a, b in self.champions.values())
        return (
            int(self.ids.nbytes + self.weights.nbytes + self.offsets.nbytes + self.idf.nbytes)
            + champions
        )


def _tf_array(values: Iterable[int]) -> array[int]:
    values = list(values)
    try:
        return array("B", values)
    except OverflowError:  # a key repeated 256+ times in one field
        pass
    try:
        return array("H", values)
    except OverflowError:  # a key repeated 65536+ times in one field
        return array("H", [min(v, 65535) for v in values])


def _positions_in(p_key: np.ndarray, k0: int, k1: int) -> np.ndarray:
    """Positions of the postings with a key in [k0, k1), scanned a slice at a time."""
    parts = []
    for s0 in range(0, len(p_key), SCAN_SLICE):
        part = p_key[s0 : s0 + SCAN_SLICE]
        hits = np.flatnonzero((part >= k0) & (part < k1))
        if len(hits):
            parts.append(hits + s0)
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _key_chunks(counts: np.ndarray, target: int) -> list[tuple[int, int]]:
    """Consecutive key ranges holding about ``target`` postings each."""
    bounds = [0]
    acc = 0
    cumulative = np.cumsum(counts)
    while bounds[-1] < len(counts):
        nxt = int(np.searchsorted(cumulative, acc + target, side="right"))
        nxt = max(nxt, bounds[-1] + 1)
        nxt = min(nxt, len(counts))
        acc = int(cumulative[nxt - 1]) if nxt > 0 else 0
        bounds.append(nxt)
    return list(itertools.pairwise(bounds))


def iter_fields(*pairs: tuple[int, Iterable[str]]) -> list[tuple[int, list[str]]]:
    return [(field, list(keys)) for field, keys in pairs]
