"""Small reusable widgets: multi-select buttons, code-table combos, date fields."""
