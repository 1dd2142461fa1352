"""Rendering scored tables and findings: one module per output (text and Markdown and
JSON in text, the HTML report in html, the scored workbook in xlsx)."""
