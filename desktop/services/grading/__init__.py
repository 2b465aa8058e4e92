"""Annual grading within quota (年度考核定等) and the political-quality appraisal (政治素质鉴定)."""
