"""Running the analyses and the notebooks: the analysis stage (processes or Dask), papermill, pages without a kernel."""
