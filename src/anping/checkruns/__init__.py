"""Evidence checks run from the platform: forms, background jobs, results linked as evidence."""
