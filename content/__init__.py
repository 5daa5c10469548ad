"""Content app: the claims-and-facts documents that quizzes are made from."""
