"""Reporting between levels (上报 / 接收): signed, encrypted report files from a district to the city."""
