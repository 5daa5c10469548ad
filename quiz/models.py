"""Quiz models. Quizzes, attempts and answers arrive with the quiz engine; roles live in roles.py."""
