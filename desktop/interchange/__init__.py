"""Documents in and round trips: xlsx import, LRMX, field-laptop exchange packages. No Qt."""
