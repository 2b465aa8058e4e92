"""Exchange packages (外出考核数据包): the file format, export, merge and its checks."""
