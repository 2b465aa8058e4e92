"""综合研判 (立体式研判): the analysis page, its radar chart and the comparison dialog."""
