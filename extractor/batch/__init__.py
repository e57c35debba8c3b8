"""``extractor batch``: many documents in (folders, archives, JSONL exports, web pages), tables out.

``run_batch(BatchOptions(...))`` is the entry; ``tables.document_rows`` is the
row layout every table output shares. See runner.py for how documents flow,
sinks.py for how output is committed exactly once.
"""
