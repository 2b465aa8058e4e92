"""年度考核定等 and 政治素质鉴定 in the window."""
