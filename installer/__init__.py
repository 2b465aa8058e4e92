"""Packaging: the PyInstaller one-folder build, the .deb, the Windows installer, the wheelhouse."""
