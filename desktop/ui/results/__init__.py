"""工作实绩: the task list, its verification (落实清单), the problem list and completion rates."""
