"""baodao: records, checks, assessments and the public site for 双报到双报告双考核."""

__version__ = "0.1.0"
