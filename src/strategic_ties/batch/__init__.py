"""`strategic-ties batch`: many pairs from one pairs file, on worker processes or a Dask cluster,
then a portfolio page comparing them (`pairs` reads the file, `runner` builds, `portfolio` compares)."""
