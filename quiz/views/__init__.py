"""Views of the quiz app: learner pages and account pages."""
