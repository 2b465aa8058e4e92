"""Work results verified at the front line: the task, problem and implementation lists."""
