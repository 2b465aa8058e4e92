"""Use of the results (结果运用): records linked to their evidence, follow-up, and the figures the seed reports."""
