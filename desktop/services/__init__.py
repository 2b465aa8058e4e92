"""Use cases: one function per thing a user does, each run through Workspace.run, the one
operation helper. Shared by the window, the command line and the tests. No Qt."""
