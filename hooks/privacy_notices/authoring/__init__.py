"""Tools for authors and reviewers: a new site from a few answers, and the pull-request report."""
