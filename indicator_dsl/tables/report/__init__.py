"""Rendering scored tables and findings: one module per output (text, markdown, json, the HTML
report in html, the scored workbook in xlsx)."""

__all__: list[str] = []
