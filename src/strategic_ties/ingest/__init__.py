"""Parsers of the publishers' export formats (one module per format) and the build.

sipri, imf_dots, milex, ucdp, cow, owid (GTD), acled, wdi, press, unvotes, events; shared helpers
in common; what each dataset is in sources; weapon categories in weapon_categories; the
orchestrator in build (called by strategic_ties.data_cli.build).
"""
