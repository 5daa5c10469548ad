"""Quiz app: roles, and (next) quizzes, attempts and scores."""
