"""Accounts keep Django's own User and Group models; this module exists so the app receives post_migrate."""
