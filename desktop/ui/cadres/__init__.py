"""The 干部档案 section: roster, cadre file editor, statistics and data quality."""
