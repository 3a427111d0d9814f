"""xlperf: budget performance targets (预算绩效目标) in Excel, checked by Python."""

__version__ = "0.1.0"
