"""The build pipeline: papermill execution, nbconvert rendering, caching, the combined briefing."""
