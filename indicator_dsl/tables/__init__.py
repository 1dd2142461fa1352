"""Stage 3, DOCUMENT -> TABLES -> SCORES -> FINDINGS: whole self-evaluation tables.

model (Table, TableRow, BudgetBlock: data only) -> score (score_table: every row, the
budget execution, the total, the grade) -> audit (findings of rule 17).  io/ reads and
writes the formats, one module each; report/ renders results, one module per output.
"""

from indicator_dsl.tables.audit import Finding, audit
from indicator_dsl.tables.model import BudgetBlock, Table, TableRow, printed_number
from indicator_dsl.tables.score import RowResult, TableResult, score_table

__all__ = [
    "Table", "TableRow", "BudgetBlock", "printed_number", "RowResult", "TableResult", "score_table",
    "Finding", "audit",
]
