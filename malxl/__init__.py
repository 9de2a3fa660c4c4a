"""malxl: goal follow-up reports from Excel workbooks.

The stages, in the order data flows::

    plan.read_plan → generate.generate → collect.collect → report.report
"""

__version__ = "0.1.0"
