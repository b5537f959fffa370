"""Yearly plans (kế hoạch) in the database: the officer's plan data, its tasks and their
progress; the plan DOCX comes from the core's documents."""
