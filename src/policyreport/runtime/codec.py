"""Cached results as JSON: data only, never code.

The cache lives in the output folder, which anyone who can write there can fill; so a cache
entry is read with `json.loads` and rebuilt from a closed set of data types (JSON values,
tuples, dictionaries with any keys, bytes, missing values, timestamps and pandas tables with
their column types), never unpickled. A table comes back equal to the one stored, with the same
column types, so that a result read from the cache gives the report a fresh one gives.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from functools import lru_cache

import numpy as np
import pandas as pd
from pandas.api.types import pandas_dtype


class NotData(ValueError):
    """An entry that is not one this codec writes (planted, damaged or from other code)."""


def _float(x: float):
    return x if math.isfinite(x) else {"$f": repr(x)}


def _index(index: pd.Index) -> dict:
    if isinstance(index, pd.MultiIndex):
        raise TypeError("a MultiIndex cannot be cached")
    if isinstance(index, pd.RangeIndex):
        return {"range": [index.start, index.stop, index.step], "name": encode(index.name)}
    return {"values": [encode(v) for v in index.tolist()], "dtype": str(index.dtype), "name": encode(index.name)}


def _frame(df: pd.DataFrame) -> dict:
    dtypes = []
    for dt in df.dtypes:
        if isinstance(dt, pd.CategoricalDtype):
            dtypes.append({"categories": encode(list(dt.categories)), "ordered": bool(dt.ordered)})
        else:
            dtypes.append(str(dt))
    return {
        "columns": [encode(c) for c in df.columns],
        "columns_dtype": str(df.columns.dtype),
        "columns_name": encode(df.columns.name),
        "dtypes": dtypes,
        "index": _index(df.index),
        "data": [[encode(v) for v in df.iloc[:, i].tolist()] for i in range(df.shape[1])],
    }


def slice_keys(df: pd.DataFrame, rows: dict) -> dict:
    """For each name in `rows` (name → row positions), a key of the table `df.iloc[positions]`
    with its index reset: equal only when those rows' values, with their types, and the table's
    columns and column types are. Made from one encoding of the whole table, so that the slices of
    a table need not be cut for an unchanged slice to be recognised. TypeError as `encode`."""
    head = _frame(df.iloc[:0])
    prefix = json.dumps([head["columns"], head["columns_dtype"], head["columns_name"], head["dtypes"]], ensure_ascii=False)
    columns = [[encode(v) for v in df.iloc[:, i].tolist()] for i in range(df.shape[1])]
    return {
        name: hashlib.sha256(
            (prefix + json.dumps([[c[p] for p in positions] for c in columns], ensure_ascii=False, allow_nan=False)).encode()
        ).hexdigest()
        for name, positions in rows.items()
    }


def encode(obj):
    """`obj` as JSON-ready data; raises TypeError for anything outside the codec's types."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, (int, np.integer)) and not isinstance(obj, np.bool_):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, (float, np.floating)):
        return _float(float(obj))
    if obj is pd.NA:
        return {"$na": 1}
    if obj is pd.NaT:
        return {"$nat": 1}
    if isinstance(obj, pd.Timestamp):
        return {"$ts": obj.isoformat()}
    if isinstance(obj, list):
        return [encode(v) for v in obj]
    if isinstance(obj, tuple):
        return {"$t": [encode(v) for v in obj]}
    if isinstance(obj, (bytes, bytearray)):
        return {"$b": base64.b64encode(bytes(obj)).decode("ascii")}
    if isinstance(obj, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in obj):
            return {k: encode(v) for k, v in obj.items()}
        return {"$d": [[encode(k), encode(v)] for k, v in obj.items()]}
    if isinstance(obj, pd.DataFrame):
        return {"$df": _frame(obj)}
    raise TypeError(f"cannot cache a {type(obj).__name__}")


_PLAIN = frozenset({str, int, float, bool, type(None)})  # JSON values that decode to themselves


_NUMPY = frozenset({np.dtype(np.int64), np.dtype(np.float64), np.dtype(bool)})


def _column(values: list, dtype):
    """A column's array, built directly for the common types: a cached analysis holds tens of
    small tables, and making each column a Series first was most of reading one back."""
    if not all(type(v) in _PLAIN for v in values):
        values = [decode(v) for v in values]
    if isinstance(dtype, dict):
        return pd.Categorical(values, categories=decode(dtype["categories"]), ordered=dtype["ordered"])
    dt = _dtype(dtype)
    if dt is object:
        return np.fromiter(values, dtype=object, count=len(values))  # never a 2-D array of tuples
    if dt in _NUMPY:
        return np.array(values, dtype=dt)
    if isinstance(dt, pd.api.extensions.ExtensionDtype):
        return dt.construct_array_type()._from_sequence(values, dtype=dt)
    return pd.Series(values, dtype=dt).to_numpy()


@lru_cache(maxsize=256)
def _dtype(name: str):
    """The dtype a column's stored name stands for, looked up once: pandas searches its registry of
    extension types for every name it is given (a fifth of reading an analysis back)."""
    return object if name == "object" else pandas_dtype(name)


@lru_cache(maxsize=1024)
def _columns(names: tuple, dtype: str, name, types: tuple) -> pd.Index:
    """The column labels of the tables of one kind, made once (every analysis stores the same).
    `types`, the labels' and the name's Python types, keep apart keys Python finds equal (1, 1.0, True)."""
    return pd.Index(list(names), dtype=dtype, name=name)


def _decode_frame(d: dict) -> pd.DataFrame:
    idx = d["index"]
    if "range" in idx:
        index = pd.RangeIndex(*idx["range"], name=decode(idx["name"]))
    else:
        index = pd.Index([decode(v) for v in idx["values"]], dtype=idx["dtype"], name=decode(idx["name"]))
    names, name = d["columns"], d["columns_name"]
    if type(name) in _PLAIN and all(type(c) in _PLAIN for c in names):
        types = (type(name), *map(type, names))
        columns = _columns(tuple(names), d["columns_dtype"], name, types).copy()  # a table's own, as pandas would give it
    else:
        columns = pd.Index([decode(c) for c in names], dtype=d["columns_dtype"], name=decode(name))
    arrays = [_column(col, dt) for col, dt in zip(d["data"], d["dtypes"])]
    # The columns are fresh arrays of their stored types: pandas' inference (which would turn a
    # column of strings stored as `object` into its string type) is skipped on purpose; the blocks
    # still check that every column is as long as the index (a planted table is refused).
    return pd.DataFrame._from_arrays(arrays, columns=columns, index=index, verify_integrity=False)


_TAGGED = {
    "$f": lambda v: float(v),
    "$na": lambda v: pd.NA,
    "$nat": lambda v: pd.NaT,
    "$ts": pd.Timestamp,
    "$t": lambda v: tuple(decode(x) for x in v),
    "$b": lambda v: base64.b64decode(v, validate=True),
    "$d": lambda v: {decode(k): decode(x) for k, x in v},
    "$df": _decode_frame,
}


def decode(data):
    """The object `encode` made `data` from."""
    if isinstance(data, list):
        return data if all(type(v) in _PLAIN for v in data) else [decode(v) for v in data]
    if isinstance(data, dict):
        if len(data) == 1:
            ((tag, value),) = data.items()
            if tag in _TAGGED:
                return _TAGGED[tag](value)
        if any(k.startswith("$") for k in data):
            raise NotData(f"unknown tag in {sorted(data)[:3]}")
        return {k: decode(v) for k, v in data.items()}
    return data


def dumps(obj) -> bytes:
    return json.dumps(encode(obj), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def loads(raw: bytes):
    """The object in `raw`; NotData when `raw` is not JSON this codec could have written."""
    try:
        return decode(json.loads(raw.decode("utf-8")))
    except NotData:
        raise
    except Exception as exc:  # decoding only builds data: whatever fails, the entry is not ours
        raise NotData(f"{type(exc).__name__}: {str(exc)[:200]}") from None
