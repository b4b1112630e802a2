"""`auditor batch`: audit many apps into one results store, locally or on a Dask cluster.

- `runner`: expand inputs, pair them with policies, skip what the store holds, dispatch.
- `executors`: the local process pool and the Dask executors (LocalCluster or a scheduler).
- `worker`: the pure, isolated task function (path or bytes in, JSON record out).
- `store`: the SQLite store (WAL, versioned schema, indexes for package/SDK/permission/rule).
- `dashboard`, `export`: outputs built from the store alone.
"""
