"""The unit tree, the code tables and the shipped data a database starts with."""
