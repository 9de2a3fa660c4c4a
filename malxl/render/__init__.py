"""Renderers: each writes a ReportModel in one format."""
