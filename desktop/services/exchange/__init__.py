"""Documents in and out: spreadsheet and 任免审批表 imports, exports, field-laptop packages."""
