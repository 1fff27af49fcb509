"""The dated record: what a version changed (summary and redline), and the lock of versions in force."""
