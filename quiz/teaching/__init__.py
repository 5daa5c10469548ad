"""Teaching: cohorts, their access rules, the gradebook, instructors' analytics, exports and pages."""
